import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsString, IsUUID, MaxLength } from 'class-validator';
import { CommandInput, CommandReceipt } from '../graphql/common.types';

/** Upper bound on any name field before the domain's precise rules apply; keeps huge inputs out. */
const NAME_FIELD_LIMIT = 256;
/** Upper bound on one principle before the domain's precise rules apply. */
const TEXT_FIELD_LIMIT = 10_000;
/** Upper bound on the number of principles before the domain's precise rules apply. */
const LIST_FIELD_LIMIT = 256;

@ObjectType({ description: 'A member sitting on the consultative committee that runs the interim phase' })
export class CommitteeMember {
  @Field(() => ID)
  memberId!: string;

  @Field({ description: "The member's pseudonym" })
  pseudonym!: string;

  @Field({ description: 'When the member was appointed (ISO-8601)' })
  appointedAt!: string;
}

@ObjectType({ description: "The current version of the organization's commitments" })
export class Commitments {
  @Field(() => Int, { description: 'Version number, 1 for the first publication' })
  version!: number;

  @Field(() => [String], { description: 'The principles, in order' })
  principles!: string[];

  @Field({ description: 'When this version was published (ISO-8601)' })
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

  @Field({ description: 'When the branch was founded (ISO-8601)' })
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
