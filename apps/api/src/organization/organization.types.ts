import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CommandInput, CommandReceipt } from '../graphql/common.types';
import { Connection } from '../graphql/connection';
import { DateTime } from '../graphql/scalars';

/** Upper bound on any name field before the domain's precise rules apply; keeps huge inputs out. */
const NAME_FIELD_LIMIT = 256;
/** Upper bound on one principle before the domain's precise rules apply. */
const TEXT_FIELD_LIMIT = 10_000;
/** Upper bound on the number of principles before the domain's precise rules apply. */
const LIST_FIELD_LIMIT = 256;
/** Upper bound on a decision's text before the domain's precise rules apply. */
const DECISION_TEXT_FIELD_LIMIT = 40_000;

export enum InterimDecisionStatus {
  OPEN = 'open',
  ADOPTED = 'adopted',
  LAPSED = 'lapsed',
}
registerEnumType(InterimDecisionStatus, {
  name: 'InterimDecisionStatus',
  description: 'Where an interim decision of the committee stands',
  valuesMap: {
    OPEN: { description: 'Open for votes' },
    ADOPTED: { description: 'Closed with enough support and few enough objections' },
    LAPSED: { description: 'Closed without the support the rules require' },
  },
});

export enum InterimVoteChoice {
  SUPPORT = 'support',
  OBJECT = 'object',
  ABSTAIN = 'abstain',
}
registerEnumType(InterimVoteChoice, {
  name: 'InterimVoteChoice',
  description: "A committee member's position on an interim decision",
  valuesMap: {
    SUPPORT: { description: 'For the decision' },
    OBJECT: { description: 'Against the decision; too many objections stop it' },
    ABSTAIN: { description: 'Neither for nor against; does not count as support' },
  },
});

@ObjectType({ description: 'A member sitting on the consultative committee that runs the interim phase' })
export class CommitteeMember {
  @Field(() => ID)
  memberId!: string;

  @Field({ description: "The member's pseudonym" })
  pseudonym!: string;

  @Field(() => DateTime, { description: 'When the member was appointed (ISO-8601)' })
  appointedAt!: string;
}

@ObjectType({ description: "The current version of the organization's commitments" })
export class Commitments {
  @Field(() => Int, { description: 'Version number, 1 for the first publication' })
  version!: number;

  @Field(() => [String], { description: 'The principles, in order' })
  principles!: string[];

  @Field(() => DateTime, { description: 'When this version was published (ISO-8601)' })
  publishedAt!: string;
}

@ObjectType({ description: 'A national branch of the organization' })
export class Branch {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Name of the branch' })
  name!: string;

  @Field({ description: 'ISO 3166-1 alpha-2 code of the country' })
  countryCode!: string;

  @Field(() => DateTime, { description: 'When the branch was founded (ISO-8601)' })
  foundedAt!: string;
}

@InputType({ description: 'Appoint an enrolled member to the committee' })
export class AppointCommitteeMemberInput extends CommandInput {
  @Field(() => ID, { description: 'The member to appoint' })
  @IsUUID('all', { message: 'memberId must be a UUID' })
  memberId!: string;
}

@InputType({ description: 'Retire a member from the committee' })
export class RetireCommitteeMemberInput extends CommandInput {
  @Field(() => ID, { description: 'The member to retire' })
  @IsUUID('all', { message: 'memberId must be a UUID' })
  memberId!: string;
}

@InputType({ description: 'Publish a new version of the commitments' })
export class PublishCommitmentsInput extends CommandInput {
  @Field(() => [String], { description: '1 to 50 principles of at most 2000 characters each; line breaks are kept' })
  @IsArray()
  @ArrayMaxSize(LIST_FIELD_LIMIT, { message: `principles must have at most ${LIST_FIELD_LIMIT} entries` })
  @IsString({ each: true })
  @MaxLength(TEXT_FIELD_LIMIT, {
    each: true,
    message: `each principle must have at most ${TEXT_FIELD_LIMIT} characters`,
  })
  principles!: string[];
}

@InputType({ description: 'Found a national branch' })
export class FoundBranchInput extends CommandInput {
  @Field({ description: '2 to 100 characters' })
  @IsString()
  @MaxLength(NAME_FIELD_LIMIT, { message: `name must have at most ${NAME_FIELD_LIMIT} characters` })
  name!: string;

  @Field({ description: 'ISO 3166-1 alpha-2 code of two upper-case letters, e.g. FR' })
  @IsString()
  @MaxLength(NAME_FIELD_LIMIT, { message: `countryCode must have at most ${NAME_FIELD_LIMIT} characters` })
  countryCode!: string;
}

@ObjectType({ description: 'The result of a change to the committee' })
export class CommitteeChangePayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;

  @Field(() => ID, { description: 'The member appointed or retired' })
  memberId!: string;
}

@ObjectType({ description: 'The result of publishing the commitments' })
export class PublishCommitmentsPayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;

  @Field(() => Int, { description: 'The version just published' })
  version!: number;
}

@ObjectType({ description: 'The result of founding a branch' })
export class FoundBranchPayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;

  @Field(() => ID)
  branchId!: string;
}

@ObjectType({ description: 'The count of votes on an interim decision: live while open, final once closed' })
export class InterimDecisionTally {
  @Field(() => Int)
  supports!: number;

  @Field(() => Int)
  objections!: number;

  @Field(() => Int)
  abstentions!: number;

  @Field(() => Int, { description: 'Members of the committee as it stood when the decision was proposed' })
  committeeSize!: number;
}

@ObjectType({ description: 'A decision the committee takes during the interim phase' })
export class InterimDecision {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The kind of decision, e.g. CALL_CONVENTION' })
  kind!: string;

  @Field()
  title!: string;

  @Field(() => InterimDecisionStatus)
  status!: InterimDecisionStatus;

  @Field({ description: 'When voting ends (ISO-8601)' })
  deadline!: string;

  @Field(() => InterimDecisionTally)
  tally!: InterimDecisionTally;
}

export const InterimDecisionConnection = Connection(
  InterimDecision,
  'A page of interim decisions, in order of proposal',
);

@InputType({ description: 'A fraction as two integers, e.g. 4 and 5 for four fifths' })
export class FractionInput {
  @Field(() => Int)
  @IsInt({ message: 'numerator must be an integer' })
  numerator!: number;

  @Field(() => Int)
  @IsInt({ message: 'denominator must be an integer' })
  denominator!: number;
}

@InputType({ description: 'A full set of interim rules' })
export class InterimRulesInput {
  @Field(() => FractionInput, { description: 'Share of the whole committee that must support a decision' })
  @ValidateNested()
  @Type(() => FractionInput)
  minimumSupport!: FractionInput;

  @Field(() => Int, { description: 'Most objections an adopted decision may have' })
  @IsInt({ message: 'maximumObjections must be an integer' })
  maximumObjections!: number;

  @Field(() => [String], {
    nullable: true,
    description: 'Restrict interim decisions to these kinds; leave out or null to allow any kind',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIST_FIELD_LIMIT, { message: `allowedKinds must have at most ${LIST_FIELD_LIMIT} entries` })
  @IsString({ each: true })
  @MaxLength(NAME_FIELD_LIMIT, { each: true, message: `each kind must have at most ${NAME_FIELD_LIMIT} characters` })
  allowedKinds?: string[] | null;

  @Field(() => Int, { description: 'Founding members a new chapter needs, 1 to 100' })
  @IsInt({ message: 'minimumChapterFounders must be an integer' })
  minimumChapterFounders!: number;
}

@InputType({ description: 'Put a decision to the committee; only a sitting member may' })
export class ProposeInterimDecisionInput extends CommandInput {
  @Field({ description: '1 to 64 characters, e.g. CALL_CONVENTION' })
  @IsString()
  @MaxLength(NAME_FIELD_LIMIT, { message: `kind must have at most ${NAME_FIELD_LIMIT} characters` })
  kind!: string;

  @Field({ description: '1 to 200 characters' })
  @IsString()
  @MaxLength(NAME_FIELD_LIMIT, { message: `title must have at most ${NAME_FIELD_LIMIT} characters` })
  title!: string;

  @Field({ description: '1 to 20000 characters; line breaks are kept' })
  @IsString()
  @MaxLength(DECISION_TEXT_FIELD_LIMIT, {
    message: `text must have at most ${DECISION_TEXT_FIELD_LIMIT} characters`,
  })
  text!: string;

  @Field({ description: 'When voting ends: an ISO-8601 UTC time after now, such as 2026-03-01T10:00:00.000Z' })
  @IsString()
  @MaxLength(NAME_FIELD_LIMIT, { message: `deadline must have at most ${NAME_FIELD_LIMIT} characters` })
  @IsISO8601({ strict: true }, { message: 'deadline must be a valid ISO-8601 time such as 2026-03-01T10:00:00.000Z' })
  deadline!: string;

  @Field(() => InterimRulesInput, {
    nullable: true,
    description: 'For kind "interim-rules" (and only then): the rules this decision would put in force',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => InterimRulesInput)
  interimRules?: InterimRulesInput | null;
}

@InputType({ description: 'Vote on an interim decision, replacing any earlier vote of yours' })
export class VoteOnInterimDecisionInput extends CommandInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'decisionId must be a UUID' })
  decisionId!: string;

  @Field(() => InterimVoteChoice)
  @IsEnum(InterimVoteChoice, { message: 'vote must be SUPPORT, OBJECT or ABSTAIN' })
  vote!: InterimVoteChoice;
}

@InputType({ description: 'Close voting on an interim decision' })
export class CloseInterimDecisionInput extends CommandInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'decisionId must be a UUID' })
  decisionId!: string;
}

@ObjectType({ description: 'The result of proposing or voting on an interim decision' })
export class InterimDecisionPayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;

  @Field(() => ID)
  decisionId!: string;
}

@ObjectType({ description: 'The result of closing an interim decision' })
export class CloseInterimDecisionPayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;

  @Field(() => ID)
  decisionId!: string;

  @Field(() => InterimDecisionStatus, { description: 'ADOPTED or LAPSED' })
  status!: InterimDecisionStatus;
}

@ObjectType({ description: 'A fraction kept as two integers, so thresholds compare exactly' })
export class Fraction {
  @Field(() => Int)
  numerator!: number;

  @Field(() => Int)
  denominator!: number;
}

@ObjectType({ description: 'The rules the interim organization runs by until the convention adopts its own' })
export class InterimRulesView {
  @Field(() => Int, { description: '0 for the built-in defaults, then 1, 2, … for each change' })
  version!: number;

  @Field(() => Fraction, { description: 'Share of the whole committee that must support an interim decision' })
  minimumSupport!: Fraction;

  @Field(() => Int, { description: 'Most objections an adopted interim decision may have' })
  maximumObjections!: number;

  @Field(() => [String], {
    nullable: true,
    description: 'The only kinds of interim decision the committee may take; null when any kind is allowed',
  })
  allowedKinds!: string[] | null;

  @Field(() => Int, { description: 'Founding members a new chapter needs before it becomes active' })
  minimumChapterFounders!: number;

  @Field(() => ID, {
    nullable: true,
    description: 'The adopted interim decision that made this version; null for the defaults and the setup',
  })
  authorizedByDecisionId!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When this version was set (ISO-8601); null for the defaults' })
  setAt!: string | null;
}

@InputType({
  description:
    'Set the interim rules: an operator before the committee has members, afterwards a sitting member putting in force the rules an adopted interim decision of kind "interim-rules" proposed',
})
export class SetInterimRulesInput extends CommandInput {
  @Field(() => InterimRulesInput)
  @ValidateNested()
  @Type(() => InterimRulesInput)
  rules!: InterimRulesInput;

  @Field(() => ID, {
    nullable: true,
    description:
      'The adopted interim decision of kind "interim-rules" that proposed exactly these rules; needed once the committee sits',
  })
  @IsOptional()
  @IsUUID('all', { message: 'authorizedByDecisionId must be a UUID' })
  authorizedByDecisionId?: string | null;
}

@ObjectType({ description: 'The result of setting the interim rules' })
export class SetInterimRulesPayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;

  @Field(() => Int, { description: 'The version just set' })
  version!: number;
}
