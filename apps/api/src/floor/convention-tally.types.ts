import { Field, Int, ObjectType } from '@nestjs/graphql';

/**
 * A convention vote's rules and its count with the full working, as GraphQL objects: what the
 * floor's votes, the charter's enactments and rule provenance all answer (never a JSON string).
 */

@ObjectType({ description: 'The share of yes votes a motion needs, as the rules of procedure set it' })
export class ThresholdRule {
  @Field({ description: 'simple-majority, two-thirds, absolute-majority or fraction' })
  kind!: string;

  @Field(() => String, { nullable: true, description: 'For a fraction threshold: the fraction, e.g. "3/5"' })
  fraction!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'For a fraction threshold: cast, cast-and-abstentions, present or electorate',
  })
  of!: string | null;

  @Field(() => String, { nullable: true, description: 'For a fraction threshold: more-than or at-least' })
  comparison!: string | null;
}

@ObjectType({ description: 'Participation needed for a vote to count at all' })
export class QuorumRule {
  @Field({ description: 'The fraction, e.g. "1/2"' })
  fraction!: string;

  @Field({ description: 'electorate or present' })
  of!: string;
}

@ObjectType({ description: 'The rules a vote was counted by' })
export class VoteRulesObject {
  @Field(() => ThresholdRule)
  threshold!: ThresholdRule;

  @Field(() => QuorumRule, { nullable: true, description: 'Null when the vote needs no quorum' })
  quorum!: QuorumRule | null;
}

@ObjectType({ description: 'Weighted yes, no and abstain, as exact rationals ("n" or "n/d")' })
export class YesNoCounts {
  @Field()
  yes!: string;

  @Field()
  no!: string;

  @Field()
  abstain!: string;
}

@ObjectType({ description: 'Voters behind yes, no and abstain, unweighted' })
export class YesNoVoters {
  @Field(() => Int)
  yes!: number;

  @Field(() => Int)
  no!: number;

  @Field(() => Int)
  abstain!: number;
}

@ObjectType({ description: 'How the quorum was checked' })
export class QuorumWorking {
  @Field({ description: 'The fraction required' })
  fraction!: string;

  @Field({ description: 'electorate or present' })
  of!: string;

  @Field({ description: 'The size it is a fraction of' })
  base!: string;

  @Field({ description: 'fraction × base: participation had to reach it' })
  required!: string;

  @Field(() => String, { nullable: true, description: 'Participation counted (ranked votes)' })
  participation!: string | null;

  @Field()
  met!: boolean;
}

@ObjectType({ description: 'How the threshold was checked' })
export class ThresholdWorking {
  @Field({ description: 'simple-majority, two-thirds, absolute-majority or fraction' })
  kind!: string;

  @Field()
  fraction!: string;

  @Field({ description: 'cast, cast-and-abstentions, present or electorate' })
  of!: string;

  @Field({ description: 'more-than or at-least' })
  comparison!: string;

  @Field({ description: 'The size it is a fraction of' })
  base!: string;

  @Field({ description: 'fraction × base: yes had to exceed or reach it' })
  required!: string;

  @Field()
  met!: boolean;
}

@ObjectType({ description: 'A yes/no count with its full working' })
export class YesNoTallyObject {
  @Field({ description: 'adopted, rejected or no-quorum' })
  outcome!: string;

  @Field(() => YesNoCounts, { description: 'Weighted totals' })
  weighted!: YesNoCounts;

  @Field(() => YesNoVoters, { description: 'Voters behind each choice, unweighted' })
  voters!: YesNoVoters;

  @Field({ description: 'yes + no' })
  cast!: string;

  @Field({ description: 'yes + no + abstain' })
  participation!: string;

  @Field(() => QuorumWorking, { nullable: true })
  quorum!: QuorumWorking | null;

  @Field(() => ThresholdWorking)
  threshold!: ThresholdWorking;
}

@ObjectType({ description: 'A lot drawn to settle a tie: reproducible from its seed' })
export class LotObject {
  @Field({ description: 'The decision it settled' })
  context!: string;

  @Field()
  seed!: string;

  @Field(() => [String], { description: 'The drawn order, first drawn first' })
  order!: string[];

  @Field(() => [String], { description: 'SHA-256 keys (hex), aligned with order' })
  keys!: string[];
}

@ObjectType({ description: 'Voters who ranked one candidate above another' })
export class PairwiseCount {
  @Field()
  candidate!: string;

  @Field()
  over!: string;

  @Field(() => Int, { description: 'Voters preferring candidate over `over`' })
  voters!: number;

  @Field(() => Int, { description: 'Strength of the strongest path from candidate to `over`' })
  strongestPath!: number;
}

@ObjectType({ description: 'A ranked (Schulze) count with its working' })
export class RankedTallyObject {
  @Field({ description: 'decided or no-quorum' })
  outcome!: string;

  @Field(() => String, { nullable: true, description: 'The adopted proposal, if any' })
  winner!: string | null;

  @Field(() => String, { nullable: true, description: 'First in Schulze order (may be none-of-these)' })
  leader!: string | null;

  @Field({ description: 'Weighted ballots count as weight × weightScale voters' })
  weightScale!: string;

  @Field(() => QuorumWorking, { nullable: true })
  quorum!: QuorumWorking | null;

  @Field(() => YesNoTallyObject, { nullable: true, description: 'The leader against "none of these"' })
  againstStatusQuo!: YesNoTallyObject | null;

  @Field(() => [String], { description: 'The candidates, in the order counted' })
  candidates!: string[];

  @Field(() => [PairwiseCount], { description: 'Every ordered pair of candidates' })
  pairwise!: PairwiseCount[];

  @Field(() => [[String]], { description: 'Schulze order, level by level' })
  ranking!: string[][];

  @Field(() => [LotObject])
  lots!: LotObject[];
}

@ObjectType({ description: "A vote's count and working: exactly one of yesNo and ranked is set" })
export class ConventionTallyObject {
  @Field({ description: 'yes-no or ranked' })
  method!: string;

  @Field(() => YesNoTallyObject, { nullable: true })
  yesNo!: YesNoTallyObject | null;

  @Field(() => RankedTallyObject, { nullable: true })
  ranked!: RankedTallyObject | null;
}
