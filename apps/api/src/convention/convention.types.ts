import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ApportionmentWorking, ElectionWorking } from './counts.types';
import { CONVENTION_TITLE_MAX_LENGTH, LOT_SEED_MAX_LENGTH, MAX_SEATS } from '../../../../libs/convention/src';
import { CommandInput, CommandReceipt } from '../graphql/common.types';
import { LIST_INPUT_LIMIT, textInputBound } from '../graphql/input-limits';
import { Connection } from '../graphql/connection';
import { DateTime } from '../graphql/scalars';

export enum ConventionPhase {
  CALLED = 'CALLED',
  DELEGATE_SELECTION = 'DELEGATE_SELECTION',
  PROPOSAL_SUBMISSION = 'PROPOSAL_SUBMISSION',
  AMENDMENT = 'AMENDMENT',
  DELIBERATION = 'DELIBERATION',
  VOTING = 'VOTING',
  RATIFICATION = 'RATIFICATION',
  CLOSED = 'CLOSED',
}
registerEnumType(ConventionPhase, {
  name: 'ConventionPhase',
  description: 'The phases of a convention, passed through in this order and only forward',
});

export enum ProposalKind {
  ADOPT_RULE = 'ADOPT_RULE',
  AMEND_RULE = 'AMEND_RULE',
  REPEAL_RULE = 'REPEAL_RULE',
  CREATE_BODY = 'CREATE_BODY',
  ADOPT_COMMITMENT = 'ADOPT_COMMITMENT',
  ADOPT_CAMPAIGN = 'ADOPT_CAMPAIGN',
  RESOLUTION = 'RESOLUTION',
}
registerEnumType(ProposalKind, { name: 'ProposalKind', description: 'The kinds of proposal a convention decides on' });

export enum SeatApportionmentMethod {
  SAINTE_LAGUE = 'SAINTE_LAGUE',
  DHONDT = 'DHONDT',
  HAMILTON = 'HAMILTON',
}
registerEnumType(SeatApportionmentMethod, {
  name: 'SeatApportionmentMethod',
  description: 'How delegate seats are shared among chapters by their member counts',
  valuesMap: {
    SAINTE_LAGUE: { description: 'Sainte-Laguë (Webster): divisors 1, 3, 5, …' },
    DHONDT: { description: "D'Hondt (Jefferson): divisors 1, 2, 3, …" },
    HAMILTON: { description: 'Hamilton: largest remainders of the Hare quota' },
  },
});

export enum DelegateElectionMethod {
  STV = 'STV',
  APPROVAL = 'APPROVAL',
}
registerEnumType(DelegateElectionMethod, {
  name: 'DelegateElectionMethod',
  description: 'How a chapter elects its delegates',
  valuesMap: {
    STV: { description: 'Single transferable vote (Scottish rules) on ranked ballots' },
    APPROVAL: { description: 'Block approval: the most approved candidates win' },
  },
});

export enum NominationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}
registerEnumType(NominationStatus, {
  name: 'NominationStatus',
  description: 'Whether a nominee has consented to stand',
  valuesMap: {
    PENDING: { description: 'Nominated by another member; waiting for consent' },
    ACCEPTED: { description: 'Consented (or self-nominated): stands when voting opens' },
    DECLINED: { description: 'Declined to stand' },
  },
});

export enum DelegateElectionStatus {
  NOMINATING = 'NOMINATING',
  VOTING = 'VOTING',
  CLOSED = 'CLOSED',
  TALLIED = 'TALLIED',
}
registerEnumType(DelegateElectionStatus, {
  name: 'DelegateElectionStatus',
  description: "Where a chapter's delegate election stands",
  valuesMap: {
    NOMINATING: { description: 'Taking nominations' },
    VOTING: { description: 'Nominations closed; chapter members vote' },
    CLOSED: { description: 'Voting closed; the count is being recorded' },
    TALLIED: { description: 'Counted: delegates and alternates known' },
  },
});

export enum DelegateRole {
  DELEGATE = 'DELEGATE',
  ALTERNATE = 'ALTERNATE',
}
registerEnumType(DelegateRole, {
  name: 'DelegateRole',
  description: 'Elected to a seat, or next in line for one',
});

@InputType({ description: 'The share of votes a kind of proposal needs' })
export class ProposalThresholdInput {
  @Field(() => ProposalKind, { description: 'The kind of proposal' })
  @IsEnum(ProposalKind, { message: 'kind must be a proposal kind' })
  kind!: ProposalKind;

  @Field({ description: 'An exact fraction in (0, 1], such as "2/3" or "0.5"' })
  @IsString()
  @MaxLength(64)
  threshold!: string;
}

@InputType({ description: "The vote weight of each seat a chapter holds at the convention's votes" })
export class ChapterSeatWeightInput {
  @Field(() => ID, { description: 'The chapter' })
  @IsUUID('all', { message: 'chapterId must be a UUID' })
  chapterId!: string;

  @Field({ description: 'A positive exact number, such as "2" or "3/2"; seats of chapters not listed weigh 1' })
  @IsString()
  @MaxLength(64)
  weight!: string;
}

@InputType({ description: 'The latest time a phase lasts' })
export class PhaseDeadlineInput {
  @Field(() => ConventionPhase, { description: 'Any phase but CLOSED' })
  @IsEnum(ConventionPhase, { message: 'phase must be a convention phase' })
  phase!: ConventionPhase;

  @Field({ description: 'ISO-8601 UTC time; deadlines must increase in phase order' })
  @IsString()
  @MaxLength(64)
  deadline!: string;
}

@InputType({ description: 'The rules of procedure of a convention' })
export class RulesOfProcedureInput {
  @Field(() => [ProposalThresholdInput], { description: 'One threshold for each proposal kind' })
  @IsArray()
  @ArrayMaxSize(32)
  @ValidateNested({ each: true })
  @Type(() => ProposalThresholdInput)
  thresholds!: ProposalThresholdInput[];

  @Field({ description: 'Share of credentialed delegates needed for a vote to count, in (0, 1], e.g. "1/2"' })
  @IsString()
  @MaxLength(64)
  quorum!: string;

  @Field(() => Int, { description: 'How deep amendments may nest: 0 none, 1 primary, 2 also secondary' })
  @IsInt()
  amendmentDepth!: number;

  @Field({ description: 'Whether a sponsor may accept an amendment as friendly, without a vote' })
  @IsBoolean()
  friendlyAmendments!: boolean;

  @Field(() => Int, { description: 'Delegates who must second a proposal' })
  @IsInt()
  seconders!: number;

  @Field(() => [PhaseDeadlineInput], { description: 'Deadlines of the phases that have one' })
  @IsArray()
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  @Type(() => PhaseDeadlineInput)
  deadlines!: PhaseDeadlineInput[];

  @Field(() => Int, { description: 'Delegate seats to apportion, at least 1' })
  @IsInt()
  totalSeats!: number;

  @Field(() => Int, { description: 'Seats every chapter with members receives at least' })
  @IsInt()
  minimumSeatsPerChapter!: number;

  @Field(() => SeatApportionmentMethod, { description: 'How seats are shared among chapters' })
  @IsEnum(SeatApportionmentMethod, { message: 'apportionmentMethod must be SAINTE_LAGUE, DHONDT or HAMILTON' })
  apportionmentMethod!: SeatApportionmentMethod;

  @Field(() => DelegateElectionMethod, { description: 'How each chapter elects its delegates' })
  @IsEnum(DelegateElectionMethod, { message: 'electionMethod must be STV or APPROVAL' })
  electionMethod!: DelegateElectionMethod;

  @Field(() => Int, { description: 'Alternates each chapter elects beyond its delegates' })
  @IsInt()
  alternatesPerChapter!: number;

  @Field({ description: 'Public seed of every lot the convention draws; publish it before the call' })
  @IsString()
  @MaxLength(textInputBound(LOT_SEED_MAX_LENGTH))
  lotSeed!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Share of the votes cast (yes + no) the members\' ratification referendum needs, in (0, 1], e.g. "2/3"; when left out, the ADOPT_RULE threshold',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ratificationThreshold?: string | null;

  @Field(() => [ChapterSeatWeightInput], {
    nullable: true,
    description: "Vote weights of the seats by chapter at the convention's votes; when left out, every seat weighs 1",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SEATS)
  @ValidateNested({ each: true })
  @Type(() => ChapterSeatWeightInput)
  seatWeights?: ChapterSeatWeightInput[] | null;
}

@InputType({ description: 'Call a convention with its rules of procedure' })
export class CallConventionInput extends CommandInput {
  @Field({ description: '1 to 200 characters' })
  @IsString()
  @MaxLength(textInputBound(CONVENTION_TITLE_MAX_LENGTH))
  title!: string;

  @Field(() => RulesOfProcedureInput, { description: 'The rules of procedure' })
  @ValidateNested()
  @Type(() => RulesOfProcedureInput)
  rules!: RulesOfProcedureInput;
}

@InputType({ description: 'Appoint or remove a secretariat member' })
export class SecretariatMemberInput extends CommandInput {
  @Field(() => ID, { description: 'The convention' })
  @IsUUID('all', { message: 'conventionId must be a UUID' })
  conventionId!: string;

  @Field(() => ID, { description: 'The member to appoint or remove' })
  @IsUUID('all', { message: 'memberId must be a UUID' })
  memberId!: string;
}

@InputType({ description: 'Move a convention to its next phase' })
export class AdvanceConventionPhaseInput extends CommandInput {
  @Field(() => ID, { description: 'The convention' })
  @IsUUID('all', { message: 'conventionId must be a UUID' })
  conventionId!: string;

  @Field(() => ConventionPhase, { description: 'The next phase; naming it guards against advancing twice' })
  @IsEnum(ConventionPhase, { message: 'to must be a convention phase' })
  to!: ConventionPhase;
}

@InputType({ description: "A chapter's delegate election" })
export class DelegateElectionInput extends CommandInput {
  @Field(() => ID, { description: 'The convention' })
  @IsUUID('all', { message: 'conventionId must be a UUID' })
  conventionId!: string;

  @Field(() => ID, { description: 'The chapter' })
  @IsUUID('all', { message: 'chapterId must be a UUID' })
  chapterId!: string;
}

@InputType({ description: 'Nominate a member of the chapter, yourself included, to stand as delegate' })
export class NominateDelegateInput extends DelegateElectionInput {
  @Field(() => ID, { description: 'The nominee; another member must consent before standing' })
  @IsUUID('all', { message: 'candidateId must be a UUID' })
  candidateId!: string;
}

@InputType({ description: 'A ballot in a delegate election: a ranking for STV, approvals for APPROVAL' })
export class CastDelegateBallotInput extends DelegateElectionInput {
  @Field(() => [ID], { nullable: true, description: 'STV: candidates, most preferred first' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIST_INPUT_LIMIT)
  @IsString({ each: true })
  ranking?: string[];

  @Field(() => [ID], { nullable: true, description: 'APPROVAL: the candidates you approve of (may be empty)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIST_INPUT_LIMIT)
  @IsString({ each: true })
  approved?: string[];
}

@InputType({ description: 'Credential a seated delegate' })
export class CredentialDelegateInput extends DelegateElectionInput {
  @Field(() => ID, { description: 'The member' })
  @IsUUID('all', { message: 'memberId must be a UUID' })
  memberId!: string;
}

@ObjectType({ description: 'The result of a change to a convention' })
export class ConventionPayload {
  @Field(() => CommandReceipt, { description: 'What the mutation wrote to the log' })
  receipt!: CommandReceipt;

  @Field(() => ID, { description: 'The convention' })
  conventionId!: string;
}

@ObjectType({ description: 'The result of moving a convention on' })
export class AdvanceConventionPhasePayload {
  @Field(() => CommandReceipt, { description: 'What the mutation wrote to the log' })
  receipt!: CommandReceipt;

  @Field(() => ID, { description: 'The convention' })
  conventionId!: string;

  @Field(() => ConventionPhase, { description: 'The phase the convention is now in' })
  phase!: ConventionPhase;
}

@ObjectType({ description: "The result of a change to a chapter's delegate election" })
export class DelegateElectionPayload {
  @Field(() => CommandReceipt, { description: 'What the mutation wrote to the log' })
  receipt!: CommandReceipt;

  @Field(() => ID, { description: "The chapter's delegate election" })
  electionId!: string;
}

@ObjectType({ description: 'The share of votes a kind of proposal needs' })
export class ProposalThreshold {
  @Field(() => ProposalKind, { description: 'The kind of proposal' })
  kind!: ProposalKind;

  @Field({ description: 'Exact fraction in lowest terms, e.g. "2/3"' })
  threshold!: string;
}

@ObjectType({ description: "The vote weight of each seat a chapter holds at the convention's votes" })
export class ChapterSeatWeight {
  @Field(() => ID, { description: 'The chapter' })
  chapterId!: string;

  @Field({ description: 'Exact number in lowest terms, e.g. "3/2"' })
  weight!: string;
}

@ObjectType({ description: 'The latest time a phase lasts' })
export class PhaseDeadline {
  @Field(() => ConventionPhase, { description: 'The phase' })
  phase!: ConventionPhase;

  @Field({ description: 'ISO-8601 UTC time' })
  deadline!: string;
}

@ObjectType({ description: 'The rules of procedure a convention was called with' })
export class RulesOfProcedure {
  @Field(() => [ProposalThreshold], { description: 'One threshold for each proposal kind' })
  thresholds!: ProposalThreshold[];

  @Field({ description: 'Share of credentialed delegates needed for a vote to count' })
  quorum!: string;

  @Field(() => Int, { description: 'How deep amendments may nest' })
  amendmentDepth!: number;

  @Field({ description: 'Whether friendly amendments exist' })
  friendlyAmendments!: boolean;

  @Field(() => Int, { description: 'Seconders a proposal needs' })
  seconders!: number;

  @Field(() => [PhaseDeadline], { description: 'Phase deadlines, in phase order' })
  deadlines!: PhaseDeadline[];

  @Field(() => Int, { description: 'Delegate seats apportioned in all' })
  totalSeats!: number;

  @Field(() => Int, { description: 'Seats every chapter with members receives at least' })
  minimumSeatsPerChapter!: number;

  @Field(() => SeatApportionmentMethod, { description: 'How seats are shared among chapters' })
  apportionmentMethod!: SeatApportionmentMethod;

  @Field(() => DelegateElectionMethod, { description: 'How each chapter elects its delegates' })
  electionMethod!: DelegateElectionMethod;

  @Field(() => Int, { description: 'Alternates each chapter elects beyond its delegates' })
  alternatesPerChapter!: number;

  @Field({ description: 'Public seed of every lot the convention draws' })
  lotSeed!: string;
  @Field({ description: "Share of the votes cast the members' ratification referendum needs" })
  ratificationThreshold!: string;

  @Field(() => [ChapterSeatWeight], { description: 'Seat weights by chapter; every seat not listed weighs 1' })
  seatWeights!: ChapterSeatWeight[];
}

@ObjectType({ description: 'A member of the convention secretariat' })
export class SecretariatMember {
  @Field(() => ID, { description: 'The member' })
  memberId!: string;

  @Field({ description: "The member's pseudonym" })
  pseudonym!: string;

  @Field(() => DateTime, { description: 'When the member was appointed (ISO-8601)' })
  appointedAt!: string;
}

@ObjectType({ description: 'A phase the convention has entered' })
export class ConventionPhaseEntry {
  @Field(() => ConventionPhase, { description: 'The phase' })
  phase!: ConventionPhase;

  @Field(() => DateTime, { description: 'When the phase began (ISO-8601)' })
  enteredAt!: string;

  @Field(() => ID, { description: 'Who moved the convention into it (the caller for CALLED)' })
  enteredBy!: string;
}

@ObjectType({ description: "One chapter's members at the cut-off and its seats" })
export class ChapterSeats {
  @Field(() => ID, { description: 'The chapter' })
  chapterId!: string;

  @Field(() => String, { nullable: true, description: "The chapter's name; null if the read models do not know it" })
  name!: string | null;

  @Field(() => Int, { description: 'Members counted at the cut-off position' })
  members!: number;

  @Field(() => Int, { description: 'Seats the chapter received' })
  seats!: number;
}

@ObjectType({ description: 'Delegate seats per chapter, apportioned when delegate selection opened' })
export class SeatApportionment {
  @Field({ description: 'Log position at which members were counted' })
  cutoffPosition!: string;

  @Field(() => SeatApportionmentMethod, { description: 'The method used' })
  method!: SeatApportionmentMethod;

  @Field(() => Int, { description: 'Delegate seats apportioned in all' })
  totalSeats!: number;

  @Field(() => Int, { description: 'Seats every chapter with members receives at least' })
  minimumSeatsPerChapter!: number;

  @Field(() => [ChapterSeats], { description: 'Chapters with members, by id' })
  chapters!: ChapterSeats[];

  @Field(() => ApportionmentWorking, {
    description: "The method's full working: quotients or quotas, and any lots drawn",
  })
  working!: ApportionmentWorking;

  @Field(() => DateTime, { description: 'When the seats were apportioned (ISO-8601)' })
  apportionedAt!: string;
}

@ObjectType({ description: 'A convention: its rules, phase, secretariat and seat apportionment' })
export class Convention {
  @Field(() => ID, { description: 'Unique id' })
  id!: string;

  @Field({ description: 'The title of the convention' })
  title!: string;

  @Field(() => ConventionPhase, { description: 'The phase the convention is in' })
  phase!: ConventionPhase;

  @Field(() => RulesOfProcedure, { description: 'The rules of procedure' })
  rules!: RulesOfProcedure;

  @Field(() => ID, { description: 'The committee member who called it' })
  calledBy!: string;

  @Field(() => DateTime, { description: 'When it was called (ISO-8601)' })
  calledAt!: string;

  @Field(() => [SecretariatMember], { description: 'The secretariat, in order of appointment' })
  secretariat!: SecretariatMember[];

  @Field(() => [ConventionPhaseEntry], { description: 'The phases entered so far, in order' })
  phases!: ConventionPhaseEntry[];

  @Field(() => SeatApportionment, { nullable: true, description: 'Null until delegate selection opens' })
  apportionment!: SeatApportionment | null;
}

export const ConventionConnection = Connection(Convention, 'A page of conventions, in the order they were called');

@ObjectType({ description: 'A nomination in a delegate election' })
export class DelegateNomination {
  @Field(() => ID, { description: 'The nominee' })
  candidateId!: string;

  @Field({ description: "The nominee's pseudonym" })
  pseudonym!: string;

  @Field(() => ID, { description: 'The member who made the nomination' })
  nominatedBy!: string;

  @Field(() => NominationStatus, { description: 'Where it stands' })
  status!: NominationStatus;
}

@ObjectType({ description: 'The count of a delegate election' })
export class DelegateElectionTally {
  @Field(() => [ID], { description: 'Delegates, in order of election' })
  elected!: string[];

  @Field(() => [ID], { description: 'Alternates, first in line first' })
  alternates!: string[];

  @Field(() => ElectionWorking, {
    nullable: true,
    description: "The count's full working (STV stages or approval totals, lots); null when nobody stood",
  })
  working!: ElectionWorking | null;
}

@ObjectType({ description: "A chapter's election of its delegates to a convention; never shows who voted what" })
export class DelegateElection {
  @Field(() => ID, { description: 'Unique id' })
  id!: string;

  @Field(() => ID, { description: 'The convention' })
  conventionId!: string;

  @Field(() => ID, { description: 'The chapter' })
  chapterId!: string;

  @Field(() => Int, { description: 'Seats the chapter received' })
  seats!: number;

  @Field(() => DelegateElectionMethod, { description: 'The method used' })
  method!: DelegateElectionMethod;

  @Field(() => Int, { description: 'Alternates the chapter elects' })
  alternates!: number;

  @Field(() => DelegateElectionStatus, { description: 'Where it stands' })
  status!: DelegateElectionStatus;

  @Field(() => [DelegateNomination], { description: 'Nominations in order' })
  nominations!: DelegateNomination[];

  @Field(() => [ID], { description: 'Candidates standing, fixed when voting opened' })
  candidates!: string[];

  @Field(() => Int, { description: 'Voters who have cast a ballot (counted ones once tallied)' })
  ballots!: number;

  @Field(() => [String], {
    description:
      'Log positions of ballots recorded after the close: late, never counted (their casts were answered VOTE_CLOSED)',
  })
  lateBallotPositions!: string[];

  @Field(() => DelegateElectionTally, { nullable: true, description: 'Null until tallied' })
  tally!: DelegateElectionTally | null;
}

export const DelegateElectionConnection = Connection(DelegateElection, "A page of a convention's delegate elections");

@ObjectType({ description: 'A delegate or alternate of a chapter at a convention' })
export class DelegateRosterEntry {
  @Field(() => ID, { description: 'The member' })
  memberId!: string;

  @Field({ description: "The member's pseudonym" })
  pseudonym!: string;

  @Field(() => ID, { description: 'The chapter' })
  chapterId!: string;

  @Field(() => DelegateRole, { description: 'Delegate or alternate' })
  role!: DelegateRole;

  @Field(() => Int, { description: 'Place within the role in the count’s order, from 1' })
  rank!: number;

  @Field({ description: 'Holds a seat: a delegate, or an alternate who took a vacated seat' })
  seated!: boolean;

  @Field({ description: 'Confirmed by the secretariat; only a seated, credentialed member may vote' })
  credentialed!: boolean;

  @Field({ description: 'Gave up the seat or the place in line' })
  withdrawn!: boolean;

  @Field(() => ID, { nullable: true, description: 'For an alternate who took a seat: whose' })
  replacing!: string | null;
}

export const DelegateRosterEntryConnection = Connection(
  DelegateRosterEntry,
  "A page of a convention's roster of delegates and alternates",
);
