import { Field, Int, ObjectType } from '@nestjs/graphql';
import { LotObject } from '../floor/convention-tally.types';

/**
 * The counts of a convention's seat apportionment and delegate elections with their full
 * working, as GraphQL objects (never a JSON string): quotients or quotas, STV stages, lots.
 */

@ObjectType({ description: 'A quotient, exactly and for reading' })
export class QuotientObject {
  @Field()
  exact!: string;

  @Field()
  decimal!: string;
}

@ObjectType({ description: 'One seat awarded by a divisor method' })
export class SeatAwardObject {
  @Field(() => Int)
  seat!: number;

  @Field({ description: 'The chapter' })
  unit!: string;

  @Field(() => Int)
  divisor!: number;

  @Field(() => QuotientObject)
  quotient!: QuotientObject;

  @Field()
  byLot!: boolean;
}

@ObjectType({ description: "One chapter's line in a Hamilton round" })
export class HamiltonLineObject {
  @Field()
  unit!: string;

  @Field(() => QuotientObject, { description: 'members × seats / all members: the exact quota' })
  quota!: QuotientObject;

  @Field(() => Int)
  floor!: number;

  @Field(() => QuotientObject, { description: 'quota − floor' })
  remainder!: QuotientObject;

  @Field({ description: 'Won one of the seats left after the floors' })
  extraSeat!: boolean;

  @Field()
  byLot!: boolean;
}

@ObjectType({ description: "One candidate's line in a stage of an STV count" })
export class StvStageLine {
  @Field()
  candidate!: string;

  @Field({ description: 'continuing, elected or excluded' })
  status!: string;

  @Field({ description: 'Votes at the end of the stage' })
  votes!: string;

  @Field({ description: 'Votes gained (or given up) in this stage' })
  change!: string;
}

@ObjectType({ description: 'Papers of one value moved in a transfer' })
export class StvParcel {
  @Field()
  value!: string;

  @Field(() => Int)
  papers!: number;

  @Field()
  transferValue!: string;
}

@ObjectType({ description: 'One stage of a Scottish STV count' })
export class StvStage {
  @Field(() => Int)
  stage!: number;

  @Field({ description: 'first-preferences, surplus or exclusion' })
  action!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The candidate whose surplus was transferred or who was excluded',
  })
  transferring!: string | null;

  @Field(() => [StvParcel], { description: 'What was transferred' })
  transfers!: StvParcel[];

  @Field(() => Int, { nullable: true })
  nonTransferablePapers!: number | null;

  @Field(() => [StvStageLine])
  lines!: StvStageLine[];

  @Field(() => [String], { description: 'Elected at the end of this stage' })
  elected!: string[];

  @Field(() => [String], { description: 'Excluded in this stage' })
  excluded!: string[];
}

@ObjectType({ description: 'Approvals of one candidate' })
export class ApprovalLine {
  @Field()
  candidate!: string;

  @Field(() => Int)
  approvals!: number;
}

@ObjectType({ description: "A delegate election's count and full working" })
export class ElectionWorking {
  @Field({ description: 'approval or scottish-stv' })
  method!: string;

  @Field(() => Int, { description: 'Ballots counted' })
  ballots!: number;

  @Field(() => Int, { description: 'Blank ballots among them' })
  blank!: number;

  @Field(() => Int, { nullable: true, description: 'STV: the quota' })
  quota!: number | null;

  @Field(() => [StvStage], { description: 'STV: every stage; empty for approval' })
  stages!: StvStage[];

  @Field(() => [ApprovalLine], { description: 'Approval: approvals per candidate; empty for STV' })
  approvals!: ApprovalLine[];

  @Field(() => [String], { description: 'Elected, in order' })
  elected!: string[];

  @Field(() => [String], { description: 'Alternates, in order' })
  alternates!: string[];

  @Field(() => [LotObject])
  lots!: LotObject[];
}

@ObjectType({ description: "One chapter's seats" })
export class AllocationObject {
  @Field({ description: 'The chapter' })
  id!: string;

  @Field({ description: 'Its members at the cut-off' })
  population!: string;

  @Field(() => Int)
  seats!: number;
}

@ObjectType({ description: "A chapter's next quotient: the one that did not win a seat" })
export class NextQuotientObject {
  @Field()
  unit!: string;

  @Field(() => Int)
  divisor!: number;

  @Field(() => QuotientObject)
  quotient!: QuotientObject;
}

@ObjectType({ description: 'One round of Hamilton' })
export class HamiltonRoundObject {
  @Field(() => Int)
  seats!: number;

  @Field()
  population!: string;

  @Field(() => [HamiltonLineObject])
  lines!: HamiltonLineObject[];

  @Field(() => [String], { description: 'Chapters raised to the minimum before the next round' })
  raisedToMinimum!: string[];
}

@ObjectType({ description: 'An apportionment and its full working' })
export class ApportionmentWorking {
  @Field({ description: 'sainte-lague, dhondt or hamilton' })
  method!: string;

  @Field(() => Int)
  seats!: number;

  @Field(() => Int)
  minimumPerUnit!: number;

  @Field()
  totalPopulation!: string;

  @Field(() => [AllocationObject], { description: 'Seats per chapter' })
  allocations!: AllocationObject[];

  @Field(() => [SeatAwardObject], { description: 'Divisor methods: every seat beyond the minimums, in order' })
  awards!: SeatAwardObject[];

  @Field(() => [NextQuotientObject], { description: "Divisor methods: each chapter's next quotient" })
  nextQuotients!: NextQuotientObject[];

  @Field(() => [HamiltonRoundObject], { description: 'Hamilton: its rounds' })
  hamiltonRounds!: HamiltonRoundObject[];

  @Field(() => [LotObject])
  lots!: LotObject[];
}
