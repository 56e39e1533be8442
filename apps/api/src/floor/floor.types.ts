import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type Database from 'better-sqlite3';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CLAUSES_MAX_COUNT,
  CLAUSE_MAX_LENGTH,
  CLAUSE_OPERATIONS_MAX_COUNT,
  TITLE_MAX_LENGTH,
} from '../../../../libs/proposals/src';
import { CommandInput, CommandReceipt } from '../graphql/common.types';
import { LIST_INPUT_LIMIT, textInputBound } from '../graphql/input-limits';
import { ProposalKind } from '../convention/convention.types';
import { ConventionTallyObject, VoteRulesObject } from './convention-tally.types';
import { Connection, Page, PositionAndId } from '../graphql/connection';
import { DateTime } from '../graphql/scalars';

export type CharterEntryKind = 'body' | 'commitment' | 'campaign' | 'resolution';

/**
 * Where a charter's and a vote's lists page from: the floor read model the parent object was
 * read from (live, or a view of the past), so every page reads the same moment as its parent.
 */
export interface FloorListSource {
  charterRules(first: number, after: PositionAndId | null): Page<CharterRule>;
  charterEntries(kind: CharterEntryKind, first: number, after: PositionAndId | null): Page<CharterEntry>;
  rollCall(voteId: string, first: number, afterSeat: string | null): Page<RollCallEntry>;
}

const TITLE_INPUT_LIMIT = textInputBound(TITLE_MAX_LENGTH);
const CLAUSE_INPUT_LIMIT = textInputBound(CLAUSE_MAX_LENGTH);

export enum ProposalStatus {
  OPEN = 'OPEN',
  UNDER_VOTE = 'UNDER_VOTE',
  WITHDRAWN = 'WITHDRAWN',
  ADOPTED = 'ADOPTED',
  REJECTED = 'REJECTED',
}
registerEnumType(ProposalStatus, { name: 'ProposalStatus', description: 'Where a proposal stands' });

export enum AmendmentStatus {
  PENDING = 'PENDING',
  UNDER_VOTE = 'UNDER_VOTE',
  WITHDRAWN = 'WITHDRAWN',
  ACCEPTED_AS_FRIENDLY = 'ACCEPTED_AS_FRIENDLY',
  ADOPTED = 'ADOPTED',
  REJECTED = 'REJECTED',
}
registerEnumType(AmendmentStatus, { name: 'AmendmentStatus', description: 'Where an amendment stands' });

export enum ClauseOperationKind {
  REPLACE = 'REPLACE',
  INSERT_AFTER = 'INSERT_AFTER',
  STRIKE = 'STRIKE',
}
registerEnumType(ClauseOperationKind, {
  name: 'ClauseOperationKind',
  description: 'A change to a numbered text',
  valuesMap: {
    REPLACE: { description: 'Replace the text of a clause' },
    INSERT_AFTER: { description: 'Insert a clause after a clause (0: before the first)' },
    STRIKE: { description: 'Strike a clause out' },
  },
});

export enum VoteChoice {
  YES = 'YES',
  NO = 'NO',
  ABSTAIN = 'ABSTAIN',
}
registerEnumType(VoteChoice, { name: 'VoteChoice', description: 'A roll-call vote on an amendment or a proposal' });

export enum ConventionVoteStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  /** Its subjects could not be reserved for it, or the convention left VOTING as it opened: it decides nothing. */
  CANCELLED = 'CANCELLED',
}
registerEnumType(ConventionVoteStatus, {
  name: 'ConventionVoteStatus',
  description: 'Whether a vote takes ballots',
  valuesMap: {
    CANCELLED: {
      description:
        'Its subjects could not be reserved for it, or the convention left VOTING as it opened: it decides nothing',
    },
  },
});

export enum AgendaItemKind {
  AMENDMENT = 'AMENDMENT',
  PROPOSAL = 'PROPOSAL',
}
registerEnumType(AgendaItemKind, { name: 'AgendaItemKind', description: 'What an agenda item puts to the vote' });

// ---------------------------------------------------------------- inputs

@InputType({ description: 'One seat type of a body to be created' })
export class BodySeatsInput {
  @Field({ description: 'The role the seats are for, e.g. "Branch delegate"' })
  @IsString()
  @MaxLength(TITLE_INPUT_LIMIT)
  role!: string;

  @Field(() => Int, { description: 'How many seats of this role' })
  @IsInt()
  seats!: number;
}

@InputType({ description: 'Submit a proposal to the convention as its sponsor' })
export class SubmitProposalInput extends CommandInput {
  @Field(() => ID, { description: 'The running convention' })
  @IsUUID('all', { message: 'conventionId must be a UUID' })
  conventionId!: string;

  @Field(() => ProposalKind, { description: 'What the proposal does if adopted' })
  @IsEnum(ProposalKind, { message: 'kind must be a proposal kind' })
  kind!: ProposalKind;

  @Field({ description: 'One line' })
  @IsString()
  @MaxLength(TITLE_INPUT_LIMIT)
  title!: string;

  @Field({
    nullable: true,
    description: 'Proposals on one subject compete and may be put to one ranked vote; the title when left out',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TITLE_INPUT_LIMIT)
  subject?: string;

  @Field(() => [String], { description: 'The text, as numbered clauses (clause 1 first)' })
  @IsArray()
  @ArrayMaxSize(CLAUSES_MAX_COUNT)
  @IsString({ each: true })
  @MaxLength(CLAUSE_INPUT_LIMIT, { each: true })
  clauses!: string[];

  @Field(() => ID, { nullable: true, description: 'AMEND_RULE, REPEAL_RULE: the rule changed' })
  @IsOptional()
  @IsUUID('all', { message: 'ruleId must be a UUID' })
  ruleId?: string;

  @Field(() => Int, {
    nullable: true,
    description: 'AMEND_RULE, REPEAL_RULE: the version of the rule the proposal was drafted on',
  })
  @IsOptional()
  @IsInt()
  ruleVersion?: number;

  @Field({ nullable: true, description: "CREATE_BODY: the body's name; the title when left out" })
  @IsOptional()
  @IsString()
  @MaxLength(TITLE_INPUT_LIMIT)
  bodyName?: string;

  @Field(() => [BodySeatsInput], { nullable: true, description: "CREATE_BODY: the body's seats" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIST_INPUT_LIMIT)
  @ValidateNested({ each: true })
  @Type(() => BodySeatsInput)
  composition?: BodySeatsInput[];
}

@InputType({ description: 'A proposal to second or withdraw' })
export class ProposalInput extends CommandInput {
  @Field(() => ID, { description: 'The proposal' })
  @IsUUID('all', { message: 'proposalId must be a UUID' })
  proposalId!: string;
}

@InputType({ description: 'One change to a numbered text, by the clause numbers of the version amended' })
export class ClauseOperationInput {
  @Field(() => ClauseOperationKind, { description: 'Replace, insert after, or strike' })
  @IsEnum(ClauseOperationKind, { message: 'op must be REPLACE, INSERT_AFTER or STRIKE' })
  op!: ClauseOperationKind;

  @Field(() => Int, { description: 'The clause number (for INSERT_AFTER, 0 inserts before the first)' })
  @IsInt()
  @Min(0)
  clause!: number;

  @Field({ nullable: true, description: 'REPLACE, INSERT_AFTER: the new text' })
  @IsOptional()
  @IsString()
  @MaxLength(CLAUSE_INPUT_LIMIT)
  text?: string;
}

@InputType({ description: 'Propose a primary amendment to a proposal, or a secondary one to an amendment' })
export class ProposeAmendmentInput extends CommandInput {
  @Field(() => ID, { description: 'The proposal amended' })
  @IsUUID('all', { message: 'proposalId must be a UUID' })
  proposalId!: string;

  @Field(() => ID, { nullable: true, description: 'For a secondary amendment: the primary amendment it amends' })
  @IsOptional()
  @IsUUID('all', { message: 'parentAmendmentId must be a UUID' })
  parentAmendmentId?: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "The version amended (the proposal's version, or the parent amendment's revision); the current one when left out",
  })
  @IsOptional()
  @IsInt()
  baseVersion?: number;

  @Field(() => [ClauseOperationInput], { description: 'The changes, all by the clause numbers of that version' })
  @IsArray()
  @ArrayMaxSize(CLAUSE_OPERATIONS_MAX_COUNT)
  @ValidateNested({ each: true })
  @Type(() => ClauseOperationInput)
  operations!: ClauseOperationInput[];
}

@InputType({ description: 'An amendment to withdraw or accept as friendly' })
export class AmendmentInput extends CommandInput {
  @Field(() => ID, { description: 'The amendment' })
  @IsUUID('all', { message: 'amendmentId must be a UUID' })
  amendmentId!: string;
}

@InputType({ description: 'Redraft an amendment on the current version of what it amends' })
export class RebaseAmendmentInput extends AmendmentInput {
  @Field(() => [ClauseOperationInput], { description: 'The changes, by the clause numbers of the current version' })
  @IsArray()
  @ArrayMaxSize(CLAUSE_OPERATIONS_MAX_COUNT)
  @ValidateNested({ each: true })
  @Type(() => ClauseOperationInput)
  operations!: ClauseOperationInput[];
}

@InputType({
  description:
    'Open a vote on exactly one of: an amendment, a proposal, or competing proposals on one subject (a ranked Schulze vote)',
})
export class OpenConventionVoteInput extends CommandInput {
  @Field(() => ID, { description: 'The running convention' })
  @IsUUID('all', { message: 'conventionId must be a UUID' })
  conventionId!: string;

  @Field(() => ID, { nullable: true, description: 'A vote on this amendment' })
  @IsOptional()
  @IsUUID('all', { message: 'amendmentId must be a UUID' })
  amendmentId?: string;

  @Field(() => ID, { nullable: true, description: 'A vote on this proposal' })
  @IsOptional()
  @IsUUID('all', { message: 'proposalId must be a UUID' })
  proposalId?: string;

  @Field(() => [ID], { nullable: true, description: 'A ranked vote among these proposals on one subject' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIST_INPUT_LIMIT)
  @IsUUID('all', { each: true, message: 'competingProposalIds must be UUIDs' })
  competingProposalIds?: string[];

  @Field({ nullable: true, description: 'With competingProposalIds: the subject they share' })
  @IsOptional()
  @IsString()
  @MaxLength(TITLE_INPUT_LIMIT)
  subject?: string;
}

@InputType({ description: "Cast or change your seat's roll-call ballot: a choice, or a ranking in a ranked vote" })
export class CastConventionVoteInput extends CommandInput {
  @Field(() => ID, { description: 'The vote' })
  @IsUUID('all', { message: 'voteId must be a UUID' })
  voteId!: string;

  @Field(() => VoteChoice, { nullable: true, description: 'Yes, no or abstain, on an amendment or a proposal' })
  @IsOptional()
  @IsEnum(VoteChoice, { message: 'choice must be YES, NO or ABSTAIN' })
  choice?: VoteChoice;

  @Field(() => [ID], {
    nullable: true,
    description:
      'In a ranked vote: proposals, most preferred first; "none-of-these" stands for no change (the status quo)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIST_INPUT_LIMIT)
  @IsString({ each: true })
  ranking?: string[];
}

@InputType({ description: 'A convention vote to close' })
export class ConventionVoteInput extends CommandInput {
  @Field(() => ID, { description: 'The vote' })
  @IsUUID('all', { message: 'voteId must be a UUID' })
  voteId!: string;
}

// ---------------------------------------------------------------- payloads

@ObjectType({ description: 'The result of a change to a proposal' })
export class ProposalPayload {
  @Field(() => CommandReceipt, { description: 'What was written' })
  receipt!: CommandReceipt;

  @Field(() => ID, { description: 'The proposal' })
  proposalId!: string;
}

@ObjectType({ description: 'The result of a change to an amendment' })
export class AmendmentPayload {
  @Field(() => CommandReceipt, { description: 'What was written' })
  receipt!: CommandReceipt;

  @Field(() => ID, { description: 'The amendment' })
  amendmentId!: string;
}

@ObjectType({ description: 'The result of opening, voting in or closing a convention vote' })
export class ConventionVotePayload {
  @Field(() => CommandReceipt, { description: 'What was written' })
  receipt!: CommandReceipt;

  @Field(() => ID, { description: 'The vote' })
  voteId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'For a ballot: the seat it counts for (named after the delegate first elected to it)',
  })
  seatId?: string | null;
}

// ---------------------------------------------------------------- views

@ObjectType({ description: 'A member as others see them' })
export class FloorParticipant {
  @Field(() => ID, { description: 'The member' })
  memberId!: string;

  @Field(() => String, { nullable: true, description: 'Their pseudonym' })
  pseudonym!: string | null;
}

@ObjectType({ description: 'One seat type of a body' })
export class BodySeats {
  @Field({ description: 'The role the seats are for' })
  role!: string;

  @Field(() => Int, { description: 'How many seats' })
  seats!: number;
}

@ObjectType({ description: 'A numbered version of a proposal’s text and how it came about' })
export class ProposalVersionView {
  @Field(() => Int, { description: 'Version number, from 1' })
  version!: number;

  @Field(() => [String], { description: 'The clauses, clause 1 first' })
  clauses!: string[];

  @Field({ description: 'How it was made: submission, friendly-amendment or adopted-amendment' })
  madeBy!: string;

  @Field(() => ID, { nullable: true, description: 'The amendment that made it' })
  amendmentId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The vote that adopted that amendment' })
  voteId!: string | null;

  @Field(() => DateTime, { description: 'When it was made' })
  madeAt!: string;
}

@ObjectType({ description: 'A proposal before the convention' })
export class Proposal {
  @Field(() => ID, { description: 'The proposal' })
  id!: string;

  @Field(() => ID, { description: 'The convention' })
  conventionId!: string;

  @Field(() => ProposalKind, { description: 'What it does if adopted' })
  kind!: ProposalKind;

  @Field({ description: 'Its title' })
  title!: string;

  @Field({ description: 'Its subject; proposals on one subject compete' })
  subject!: string;

  @Field(() => ProposalStatus, { description: 'Where it stands' })
  status!: ProposalStatus;

  @Field(() => FloorParticipant, { description: 'The delegate who submitted it' })
  sponsor!: FloorParticipant;

  @Field(() => [FloorParticipant], { description: 'The delegates who seconded it, in order' })
  seconders!: FloorParticipant[];

  @Field(() => Int, { description: 'How many seconders the rules ask for' })
  secondersRequired!: number;

  @Field(() => Int, { description: 'The current version' })
  currentVersion!: number;

  @Field(() => [String], { description: 'The current version’s clauses' })
  clauses!: string[];

  @Field(() => [ProposalVersionView], { description: 'Every version, oldest first' })
  versions!: ProposalVersionView[];

  @Field(() => ID, { nullable: true, description: 'AMEND_RULE, REPEAL_RULE, ADOPT_RULE: the rule' })
  ruleId!: string | null;

  @Field(() => Int, { nullable: true, description: 'AMEND_RULE, REPEAL_RULE: the rule version drafted on' })
  ruleVersion!: number | null;

  @Field(() => ID, { nullable: true, description: 'CREATE_BODY: the body to create' })
  bodyId!: string | null;

  @Field(() => String, { nullable: true, description: "CREATE_BODY: the body's name" })
  bodyName!: string | null;

  @Field(() => [BodySeats], { nullable: true, description: "CREATE_BODY: the body's seats" })
  composition!: BodySeats[] | null;

  @Field(() => ID, { nullable: true, description: 'ADOPT_COMMITMENT, ADOPT_CAMPAIGN: the commitment or campaign' })
  entryId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The vote that decides or decided it' })
  voteId!: string | null;

  @Field(() => ConventionTallyObject, { nullable: true, description: 'The count and its working that decided it' })
  decisionTally!: ConventionTallyObject | null;

  @Field(() => DateTime, { description: 'When it was submitted' })
  submittedAt!: string;
}

export const ProposalConnection = Connection(Proposal, 'A page of proposals, in order of submission');

@ObjectType({ description: 'One clause operation of an amendment' })
export class ClauseOperationView {
  @Field(() => ClauseOperationKind, { description: 'Replace, insert after, or strike' })
  op!: ClauseOperationKind;

  @Field(() => Int, { description: 'The clause number in the version amended' })
  clause!: number;

  @Field(() => String, { nullable: true, description: 'The new text' })
  text!: string | null;
}

@ObjectType({ description: 'An amendment to a proposal (primary) or to an amendment (secondary)' })
export class Amendment {
  @Field(() => ID, { description: 'The amendment' })
  id!: string;

  @Field(() => ID, { description: 'The proposal it (or its parent) amends' })
  proposalId!: string;

  @Field(() => ID, { nullable: true, description: 'For a secondary amendment: the amendment it amends' })
  parentAmendmentId!: string | null;

  @Field(() => Int, { description: '1 for a primary amendment, 2 for a secondary, …' })
  depth!: number;

  @Field(() => FloorParticipant, { description: 'The delegate who proposed it' })
  author!: FloorParticipant;

  @Field(() => Int, { description: 'Its revision: a rebase or an adopted secondary makes a new one' })
  revision!: number;

  @Field(() => Int, { description: 'The version of what it amends it is drafted on' })
  baseVersion!: number;

  @Field(() => [ClauseOperationView], { description: 'Its clause operations' })
  operations!: ClauseOperationView[];

  @Field(() => [String], { description: 'The text of what it amends as it would read with it' })
  proposedClauses!: string[];

  @Field(() => AmendmentStatus, { description: 'Where it stands' })
  status!: AmendmentStatus;

  @Field({ description: 'True while what it amends has a newer version; its author must rebase it' })
  inConflict!: boolean;

  @Field(() => Int, { nullable: true, description: 'The newer version it is in conflict with' })
  inConflictWith!: number | null;

  @Field(() => ID, { nullable: true, description: 'The vote that decides or decided it' })
  voteId!: string | null;

  @Field(() => ConventionTallyObject, { nullable: true, description: 'The count and its working that decided it' })
  decisionTally!: ConventionTallyObject | null;
}

export const AmendmentConnection = Connection(Amendment, "A page of a proposal's amendments, in order proposed");

@ObjectType({ description: 'One vote still to take, in agenda order' })
export class AgendaItem {
  @Field(() => Int, { description: 'Place on the agenda, from 1' })
  order!: number;

  @Field(() => AgendaItemKind, { description: 'An amendment or a main motion' })
  kind!: AgendaItemKind;

  @Field(() => ID, { description: 'The proposal' })
  proposalId!: string;

  @Field(() => ID, { nullable: true, description: 'The amendment, for an amendment vote' })
  amendmentId!: string | null;

  @Field(() => Int, { nullable: true, description: 'The amendment’s depth' })
  depth!: number | null;

  @Field({ description: 'Whether the secretariat may open this vote now' })
  mayOpen!: boolean;

  @Field(() => [String], {
    description: 'What stops it: AMENDMENTS_PENDING, AMENDMENT_IN_CONFLICT, PROPOSAL_NOT_SECONDED, SUBJECT_NOT_OPEN',
  })
  blockedBy!: string[];
}

@ObjectType({ description: "A seat's current roll-call ballot" })
export class RollCallEntry {
  @Field(() => ID, { description: 'The seat, named after the delegate first elected to it' })
  seatId!: string;

  @Field(() => FloorParticipant, { description: 'Who cast it (the delegate, or the alternate seated for them)' })
  voter!: FloorParticipant;

  @Field(() => VoteChoice, { nullable: true, description: 'The choice, in a yes/no vote' })
  choice!: VoteChoice | null;

  @Field(() => [ID], { nullable: true, description: 'The ranking, in a ranked vote' })
  ranking!: string[] | null;

  @Field({ description: 'Its weight' })
  weight!: string;

  @Field(() => DateTime, { description: 'When it was cast' })
  castAt!: string;
}

@ObjectType({ description: "A seat's ballot recorded after the vote's close: late, never counted" })
export class LateRollCallEntry extends RollCallEntry {
  @Field({ description: 'Its log position, above the close (its cast was answered VOTE_CLOSED)' })
  position!: string;
}

@ObjectType({ description: 'Ballots so far, by choice (ranked ballots count under ranked)' })
export class VoteParticipation {
  @Field(() => Int, { description: 'Seats that have voted' })
  ballots!: number;

  @Field(() => Int, { description: 'Yes' })
  yes!: number;

  @Field(() => Int, { description: 'No' })
  no!: number;

  @Field(() => Int, { description: 'Abstain' })
  abstain!: number;

  @Field(() => Int, { description: 'Ranked ballots' })
  ranked!: number;
}

@ObjectType({ description: 'A roll-call vote of the convention' })
export class ConventionVote {
  @Field(() => ID, { description: 'The vote' })
  id!: string;

  @Field(() => ID, { description: 'The convention' })
  conventionId!: string;

  @Field({ description: 'What it decides: amendment, proposal or competing-proposals' })
  subjectKind!: string;

  @Field(() => ID, { nullable: true, description: 'The amendment voted on' })
  amendmentId!: string | null;

  @Field(() => [ID], { description: 'The proposal(s) voted on (or amended)' })
  proposalIds!: string[];

  @Field(() => String, { nullable: true, description: 'For competing proposals: their subject' })
  subject!: string | null;

  @Field({ description: 'yes-no or ranked' })
  method!: string;

  @Field(() => VoteRulesObject, { description: 'The threshold and quorum it is counted by' })
  rules!: VoteRulesObject;

  @Field(() => Int, { description: 'Seats held by credentialed delegates when it opened' })
  electorateSeats!: number;

  @Field(() => ConventionVoteStatus, { description: 'Open or closed' })
  status!: ConventionVoteStatus;

  @Field(() => ID, { description: 'The secretariat member who opened it' })
  openedBy!: string;

  @Field(() => DateTime, { description: 'When it opened' })
  openedAt!: string;

  @Field(() => DateTime, { nullable: true, description: 'When it closed' })
  closedAt!: string | null;

  @Field(() => VoteParticipation, { description: 'Live participation (final once closed)' })
  participation!: VoteParticipation;

  /** Not in the schema: the read model (live, or a view of the past) it was read from; the roll call pages from it. */
  readModel!: FloorListSource;

  @Field(() => [LateRollCallEntry], {
    description: 'Ballots recorded after the close, in log order: late, not counted',
  })
  lateBallots!: LateRollCallEntry[];

  @Field(() => String, { nullable: true, description: 'adopted, rejected, no-quorum or decided (ranked), once closed' })
  outcome!: string | null;

  @Field(() => ID, { nullable: true, description: 'For a ranked vote: the winning proposal' })
  winner!: string | null;

  @Field(() => ConventionTallyObject, { nullable: true, description: 'The count and its full working, once closed' })
  tally!: ConventionTallyObject | null;
}

export const ConventionVoteConnection = Connection(ConventionVote, 'A page of convention votes, in order of opening');

export const RollCallEntryConnection = Connection(RollCallEntry, "A page of a vote's roll call, by seat");

@ObjectType({
  description: 'How a charter text was enacted: the proposal, its version, the amendments, the vote and its tally',
})
export class Enactment {
  @Field(() => ID, { description: 'The adopted proposal' })
  proposalId!: string;

  @Field(() => Int, { description: 'The version of its text adopted' })
  proposalVersion!: number;

  @Field(() => ID, { description: 'The vote that adopted it' })
  voteId!: string;

  @Field(() => [ID], { description: 'Amendments that shaped the text, in order (friendly or voted)' })
  amendmentIds!: string[];

  @Field(() => ConventionTallyObject, { nullable: true, description: "The vote's count and its full working" })
  tally!: ConventionTallyObject | null;
}

@ObjectType({ description: 'A version of a rule' })
export class CharterRuleVersion {
  @Field(() => Int, { description: 'Version number, from 1' })
  version!: number;

  @Field(() => [String], { description: 'Its clauses' })
  clauses!: string[];

  @Field({ description: 'The consolidated text' })
  consolidatedText!: string;

  @Field(() => Enactment, { description: 'How it was adopted' })
  enactment!: Enactment;

  @Field(() => DateTime, { description: 'When it was enacted' })
  enactedAt!: string;
}

@ObjectType({ description: 'A rule (article) of the charter with every version' })
export class CharterRule {
  @Field(() => ID, { description: 'The rule' })
  id!: string;

  @Field({ description: 'Its title' })
  title!: string;

  @Field({ description: 'in-force or repealed' })
  status!: string;

  @Field(() => [CharterRuleVersion], { description: 'Every version, oldest first' })
  versions!: CharterRuleVersion[];

  @Field(() => Enactment, { nullable: true, description: 'How it was repealed' })
  repealedBy!: Enactment | null;

  /** Not in the schema: the read models (live, or a view of the past) it was read from, so nested fields read the same moment. */
  readModel!: Database.Database;
}

@ObjectType({ description: 'A body, commitment, campaign or resolution the convention adopted' })
export class CharterEntry {
  @Field(() => ID, { description: 'Its id (for a resolution: the proposal)' })
  id!: string;

  @Field({ description: 'Title (for a body: its name)' })
  title!: string;

  @Field(() => [String], { description: 'Its clauses (for a body: its mandate)' })
  clauses!: string[];

  @Field(() => [BodySeats], { nullable: true, description: 'For a body: its seats' })
  composition!: BodySeats[] | null;

  @Field(() => Enactment, { description: 'How it was adopted' })
  enactment!: Enactment;

  @Field(() => DateTime, { description: 'When it was enacted' })
  enactedAt!: string;
}

export const CharterRuleConnection = Connection(CharterRule, "A page of the charter's rules, in order of adoption");

export const CharterEntryConnection = Connection(
  CharterEntry,
  "A page of the charter's bodies, commitments, campaigns or resolutions, in order of adoption",
);

/**
 * What the convention adopted: the charter awaiting (or after) ratification. Its lists are
 * connections resolved from `readModel`, so every page reads the same moment as the charter.
 */
@ObjectType({ description: 'What the convention adopted: the charter awaiting (or after) ratification' })
export class Charter {
  /** Not in the schema: the read model (live, or a view of the past) the charter was asked of. */
  readModel!: FloorListSource;
}
