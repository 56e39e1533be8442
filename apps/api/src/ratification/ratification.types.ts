import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CommandInput, CommandReceipt } from '../graphql/common.types';
import { Chapter } from '../membership/membership.types';
import { Branch, Commitments, CommitteeMember } from '../organization/organization.types';
import { Connection, Page, PositionAndId } from '../graphql/connection';
import { DateTime } from '../graphql/scalars';

/** Where the structure's lists page from: the read model the structure was read from (live, or a view of the past). */
export interface StructureListSource {
  chapters(first: number, after: string | null): Page<Chapter>;
  bodies(first: number, after: PositionAndId | null): Page<FinalStructureBody>;
  rules(first: number, after: string | null): Page<FinalStructureRule>;
}

export enum ReferendumChoice {
  YES = 'YES',
  NO = 'NO',
  ABSTAIN = 'ABSTAIN',
}
registerEnumType(ReferendumChoice, { name: 'ReferendumChoice', description: "A member's answer in a referendum" });

export enum ReferendumStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(ReferendumStatus, {
  name: 'ReferendumStatus',
  description: 'Whether a referendum takes ballots (OPEN) or has been counted (CLOSED)',
});

export enum ReferendumOutcome {
  ADOPTED = 'ADOPTED',
  REJECTED = 'REJECTED',
  NO_QUORUM = 'NO_QUORUM',
}
registerEnumType(ReferendumOutcome, {
  name: 'ReferendumOutcome',
  description: 'The result of a counted referendum against its threshold and quorum',
});

export enum OrganizationPhase {
  INTERIM = 'INTERIM',
  FINAL = 'FINAL',
}
registerEnumType(OrganizationPhase, {
  name: 'OrganizationPhase',
  description: 'INTERIM until the members ratify the charter, FINAL after',
});

export enum RatificationOutcome {
  RATIFIED = 'RATIFIED',
  FAILED = 'FAILED',
}
registerEnumType(RatificationOutcome, {
  name: 'RatificationOutcome',
  description: 'What the ratification referendum did to the charter',
});

@InputType({ description: 'Open the ratification referendum of a convention in its RATIFICATION phase' })
export class OpenReferendumInput extends CommandInput {
  @Field(() => ID, { description: 'The convention whose adopted charter is put to the members' })
  @IsUUID('all', { message: 'conventionId must be a UUID' })
  conventionId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The question on the ballot, one line of up to 200 characters; a standard question when left out',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  question?: string | null;
}

@InputType({ description: 'Cast or replace your secret ballot in an open referendum' })
export class CastReferendumBallotInput {
  @Field({ nullable: true, description: 'Client-chosen UUID; a retry with the same id is carried out only once' })
  @IsOptional()
  @IsUUID('all', { message: 'commandId must be a UUID' })
  commandId?: string;

  @Field(() => ID, { description: 'The referendum' })
  @IsUUID('all', { message: 'referendumId must be a UUID' })
  referendumId!: string;

  @Field(() => ReferendumChoice, { description: 'Your answer; a later ballot replaces an earlier one' })
  @IsEnum(ReferendumChoice, { message: 'choice must be YES, NO or ABSTAIN' })
  choice!: ReferendumChoice;
}

@InputType({ description: 'Close and count a referendum' })
export class CloseReferendumInput extends CommandInput {
  @Field(() => ID, { description: 'The referendum' })
  @IsUUID('all', { message: 'referendumId must be a UUID' })
  referendumId!: string;
}

@ObjectType({ description: 'The referendum opened' })
export class OpenReferendumPayload {
  @Field(() => CommandReceipt, { description: 'What was written' })
  receipt!: CommandReceipt;

  @Field(() => ID, { description: 'The referendum' })
  referendumId!: string;
}

@ObjectType({ description: 'Your ballot was recorded' })
export class CastReferendumBallotPayload {
  @Field(() => CommandReceipt, { description: 'What was written' })
  receipt!: CommandReceipt;

  @Field(() => ID, { description: 'The referendum' })
  referendumId!: string;

  @Field({ description: 'Your tracker: find your ballot by it in the published count after the close' })
  tracker!: string;
}

@ObjectType({ description: 'The referendum was counted and its result recorded on the charter' })
export class CloseReferendumPayload {
  @Field(() => CommandReceipt, { description: 'What was written; its position includes the charter’s update' })
  receipt!: CommandReceipt;

  @Field(() => ID, { description: 'The referendum' })
  referendumId!: string;

  @Field(() => ReferendumOutcome, { description: 'The result against the threshold' })
  outcome!: ReferendumOutcome;

  @Field({ description: 'True when the charter was ratified and the organization is now FINAL' })
  ratified!: boolean;
}

@ObjectType({ description: 'Weighted totals of a referendum count, as exact rationals ("n" or "n/d")' })
export class ReferendumTotals {
  @Field()
  yes!: string;

  @Field()
  no!: string;

  @Field()
  abstain!: string;
}

@ObjectType({ description: 'Ballots behind each choice of a referendum count, unweighted' })
export class ReferendumVoters {
  @Field(() => Int)
  yes!: number;

  @Field(() => Int)
  no!: number;

  @Field(() => Int)
  abstain!: number;
}

@ObjectType({ description: "A referendum's quorum and whether participation reached it" })
export class ReferendumQuorumWorking {
  @Field({ description: 'The fraction required, e.g. "1/2"' })
  fraction!: string;

  @Field({ description: 'What the fraction is of: "electorate" or "present"' })
  of!: string;

  @Field({ description: 'The number the fraction is taken of' })
  base!: string;

  @Field({ description: 'fraction × base: participation must reach it' })
  required!: string;

  @Field()
  met!: boolean;
}

@ObjectType({ description: "A referendum's threshold and whether YES met it" })
export class ReferendumThresholdWorking {
  @Field({ description: 'The kind of threshold in the rules, e.g. "fraction" or "simple-majority"' })
  kind!: string;

  @Field({ description: 'The fraction, e.g. "2/3"' })
  fraction!: string;

  @Field({ description: 'What the fraction is of, e.g. "cast"' })
  of!: string;

  @Field({ description: '"more-than" or "at-least"' })
  comparison!: string;

  @Field({ description: 'The number the fraction is taken of' })
  base!: string;

  @Field({ description: "fraction × base: YES must exceed it ('more-than') or reach it ('at-least')" })
  required!: string;

  @Field()
  met!: boolean;
}

@ObjectType({ description: 'The whole tally of a referendum, with the threshold and quorum working' })
export class ReferendumTallyWorking {
  @Field({ description: 'The counting method: "yes-no"' })
  method!: string;

  @Field(() => ReferendumOutcome)
  outcome!: ReferendumOutcome;

  @Field(() => ReferendumTotals, { description: 'Weighted totals' })
  tally!: ReferendumTotals;

  @Field(() => ReferendumVoters)
  voters!: ReferendumVoters;

  @Field({ description: 'YES + NO' })
  cast!: string;

  @Field({ description: 'YES + NO + ABSTAIN' })
  participation!: string;

  @Field(() => ReferendumQuorumWorking, { nullable: true, description: 'Null when the rules set no quorum' })
  quorum!: ReferendumQuorumWorking | null;

  @Field(() => ReferendumThresholdWorking)
  threshold!: ReferendumThresholdWorking;
}

@ObjectType({ description: 'The count of a closed referendum and how its outcome follows from the rules' })
export class ReferendumResult {
  @Field(() => ReferendumOutcome, { description: 'The outcome' })
  outcome!: ReferendumOutcome;

  @Field(() => Int, { description: 'YES ballots' })
  yes!: number;

  @Field(() => Int, { description: 'NO ballots' })
  no!: number;

  @Field(() => Int, { description: 'ABSTAIN ballots' })
  abstain!: number;

  @Field({ description: 'YES votes the threshold required, as an exact number' })
  required!: string;

  @Field({ description: 'Whether the threshold was met' })
  thresholdMet!: boolean;

  @Field(() => ReferendumTallyWorking, { description: 'The whole tally, with the threshold and quorum working' })
  working!: ReferendumTallyWorking;
}

@ObjectType({ description: 'A ballot recorded after the close: late, never counted' })
export class LateReferendumBallot {
  @Field({ description: "The voter's tracker" })
  tracker!: string;

  @Field(() => ReferendumChoice, { description: 'The choice it carried' })
  choice!: ReferendumChoice;

  @Field({ description: 'Its log position, above the close (its cast was answered VOTE_CLOSED)' })
  position!: string;
}

@ObjectType({ description: 'A secret referendum of the members' })
export class Referendum {
  @Field(() => ID, { description: 'The referendum' })
  id!: string;

  @Field(() => ID, { description: 'The convention whose charter it ratifies' })
  conventionId!: string;

  @Field({ description: 'The question on the ballot' })
  question!: string;

  @Field(() => ReferendumStatus, { description: 'OPEN or CLOSED' })
  status!: ReferendumStatus;

  @Field(() => Int, { description: 'Members in good standing when it opened' })
  electorate!: number;

  @Field(() => Int, { description: 'Members who have cast a ballot (a replaced ballot counts once)' })
  turnout!: number;

  @Field({ description: 'Share of the votes cast (yes + no) YES must reach, e.g. "2/3"; a half means more than half' })
  threshold!: string;

  @Field({ description: 'Who opened it' })
  openedBy!: string;

  @Field(() => DateTime, { description: 'When it opened (ISO-8601)' })
  openedAt!: string;

  @Field(() => DateTime, { nullable: true, description: 'When it closed (ISO-8601), null while open' })
  closedAt!: string | null;

  @Field(() => ReferendumResult, { nullable: true, description: 'The count, null until it is published' })
  result!: ReferendumResult | null;

  @Field(() => [LateReferendumBallot], { description: 'Ballots recorded after the close, in log order: not counted' })
  lateBallots!: LateReferendumBallot[];
}

@ObjectType({ description: 'One counted ballot in the published count: a tracker and its choice, nothing else' })
export class PublishedBallot {
  @Field({ description: "The voter's tracker" })
  tracker!: string;

  @Field(() => ReferendumChoice, { description: 'The choice counted' })
  choice!: ReferendumChoice;
}

@ObjectType({ description: 'Your own ballot in an open referendum, visible only to you' })
export class MyReferendumBallot {
  @Field(() => ID, { description: 'The referendum' })
  referendumId!: string;

  @Field({ description: 'Your tracker' })
  tracker!: string;

  @Field(() => ReferendumChoice, { nullable: true, description: 'Your current choice, null until you vote' })
  choice!: ReferendumChoice | null;
}

@ObjectType({ description: 'Seats of one role on a body' })
export class FinalStructureSeats {
  @Field({ description: 'The role' })
  role!: string;

  @Field(() => Int, { description: 'How many seats' })
  seats!: number;
}

@ObjectType({ description: 'A body the adopted charter creates' })
export class FinalStructureBody {
  @Field(() => ID, { description: 'The body' })
  id!: string;

  @Field({ description: 'Its name' })
  name!: string;

  @Field(() => [FinalStructureSeats], { description: 'Its composition' })
  composition!: FinalStructureSeats[];

  @Field(() => [String], { description: 'Its mandate, clause by clause' })
  mandate!: string[];

  @Field(() => ID, { description: 'The adopted proposal that created it' })
  proposalId!: string;
}

@ObjectType({ description: 'A rule of the adopted charter in its latest version' })
export class FinalStructureRule {
  @Field(() => ID, { description: 'The rule' })
  id!: string;

  @Field({ description: 'Its title' })
  title!: string;

  @Field(() => Int, { description: 'Its version' })
  version!: number;

  @Field({ description: 'Its consolidated text' })
  text!: string;

  @Field(() => ID, { description: 'The adopted proposal that made this version' })
  proposalId!: string;
}

export enum CommitmentOrigin {
  CHARTER = 'CHARTER',
  INTERIM = 'INTERIM',
}
registerEnumType(CommitmentOrigin, {
  name: 'CommitmentOrigin',
  description: 'Where a commitment in force comes from',
  valuesMap: {
    CHARTER: { description: 'Adopted by the convention into the ratified charter' },
    INTERIM: { description: 'The interim commitments, in force until the charter adopts commitments of its own' },
  },
});

@ObjectType({
  description:
    'A commitment in force: one the charter adopted, or, while the charter adopts none, the interim commitments',
})
export class FinalStructureCommitment {
  @Field(() => ID, { description: 'The commitment (interim-commitments-<version> for the interim ones)' })
  id!: string;

  @Field({ description: 'Its title' })
  title!: string;

  @Field(() => [String], { description: 'Its clauses (for the interim commitments: their principles)' })
  clauses!: string[];

  @Field(() => CommitmentOrigin, { description: 'The charter, or the interim commitments' })
  origin!: CommitmentOrigin;

  @Field(() => Int, { nullable: true, description: 'The version of the interim commitments; null for the charter' })
  interimVersion!: number | null;

  @Field(() => ID, { nullable: true, description: 'The proposal that adopted it; null for the interim commitments' })
  proposalId!: string | null;
}

export const FinalStructureBodyConnection = Connection(
  FinalStructureBody,
  'A page of the bodies of the final structure, in order of creation',
);

export const FinalStructureRuleConnection = Connection(FinalStructureRule, 'A page of the rules in force, by id');

@ObjectType({ description: 'The structure the interim organization runs on until the charter is ratified' })
export class InterimStructure {
  @Field(() => [CommitteeMember], { description: 'The consultative committee' })
  committee!: CommitteeMember[];

  @Field(() => Commitments, { nullable: true, description: 'The interim commitments' })
  commitments!: Commitments | null;

  @Field(() => [Branch], { description: 'National branches' })
  branches!: Branch[];

  /** Not in the schema: the read model (live, or a view of the past) its chapters page from. */
  readModel!: StructureListSource;
}

@ObjectType({ description: 'The structure the ratified charter puts in force' })
export class FinalStructure {
  /** Not in the schema: the read model (live, or a view of the past) its bodies and rules page from. */
  readModel!: StructureListSource;

  @Field(() => [FinalStructureCommitment], { description: 'Commitments' })
  commitments!: FinalStructureCommitment[];
}

@ObjectType({ description: 'The ratification referendum’s effect on the charter' })
export class Ratification {
  @Field(() => ID, { description: 'The referendum' })
  referendumId!: string;

  @Field(() => RatificationOutcome, { description: 'Ratified or failed' })
  outcome!: RatificationOutcome;

  @Field(() => DateTime, { description: 'When the result was recorded (ISO-8601)' })
  decidedAt!: string;
}

@ObjectType({ description: "The organization's phase and the structure in force in it" })
export class OrganizationStructure {
  @Field(() => OrganizationPhase, { description: 'INTERIM or FINAL' })
  phase!: OrganizationPhase;

  @Field(() => Ratification, { nullable: true, description: 'The latest ratification result, null before any' })
  ratification!: Ratification | null;

  @Field(() => InterimStructure, { nullable: true, description: 'The interim structure, while INTERIM' })
  interim!: InterimStructure | null;

  @Field(() => FinalStructure, { nullable: true, description: 'The final structure, once FINAL' })
  final!: FinalStructure | null;
}
