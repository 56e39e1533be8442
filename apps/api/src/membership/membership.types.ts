import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { CONTACT_MAX_LENGTH } from '../../../../libs/membership/src';
import { CommandInput, CommandReceipt } from '../graphql/common.types';
import { Connection } from '../graphql/connection';
import { DateTime } from '../graphql/scalars';

/** Upper bound on any name field before the domain's precise rules apply; keeps huge inputs out. */
const NAME_FIELD_LIMIT = 256;

export enum ChapterKind {
  LOCAL = 'local',
  ONLINE = 'online',
}
registerEnumType(ChapterKind, {
  name: 'ChapterKind',
  description: 'Whether a chapter meets in a region or online',
  valuesMap: { LOCAL: { description: 'Meets in a region' }, ONLINE: { description: 'Meets online; has no region' } },
});

export enum ChapterStatus {
  FORMING = 'FORMING',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}
registerEnumType(ChapterStatus, {
  name: 'ChapterStatus',
  description: 'Where a chapter is in its life',
  valuesMap: {
    FORMING: { description: 'Founders are signing; members cannot join yet' },
    ACTIVE: { description: 'Founded; members can join and transfer in' },
    CLOSED: { description: 'Merged into another chapter or dissolved; its members have moved on' },
  },
});

export enum MemberStatus {
  ACTIVE = 'ACTIVE',
  RESIGNED = 'RESIGNED',
}
registerEnumType(MemberStatus, {
  name: 'MemberStatus',
  description: 'Whether a member still belongs to the organization',
  valuesMap: {
    ACTIVE: { description: 'Enrolled and not resigned' },
    RESIGNED: { description: 'Resigned; the pseudonym stays reserved' },
  },
});

@ObjectType({ description: 'A local or online chapter of the organization' })
export class Chapter {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique name of the chapter' })
  name!: string;

  @Field(() => ChapterKind)
  kind!: ChapterKind;

  @Field(() => String, { nullable: true, description: 'Region of a local chapter; null for an online chapter' })
  region!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The national branch it belongs to; null for an international chapter',
  })
  branchId!: string | null;

  @Field(() => ChapterStatus, { description: 'FORMING, ACTIVE or CLOSED' })
  status!: ChapterStatus;

  @Field(() => [String], { description: 'Pseudonyms of the founders, in the order they signed' })
  founders!: string[];

  @Field(() => Int, { description: 'Members currently in the chapter; resigned and departed members are not counted' })
  memberCount!: number;

  @Field(() => DateTime, { description: 'When the founding started (ISO-8601)' })
  startedAt!: string;

  @Field(() => DateTime, {
    nullable: true,
    description: 'When enough founders had signed and the chapter became active (ISO-8601); null while forming',
  })
  foundedAt!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When the chapter was merged or dissolved (ISO-8601)' })
  closedAt!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The chapter its members moved to when it was merged or dissolved; null otherwise',
  })
  successorChapterId!: string | null;
}

export const ChapterConnection = Connection(Chapter, 'A page of chapters, by name then id');

@ObjectType({ description: "A member's own profile; only the member can read it" })
export class MemberProfile {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The name everyone else sees' })
  pseudonym!: string;

  @Field(() => String, { nullable: true, description: 'The region the member gave, if any' })
  region!: string | null;

  @Field(() => MemberStatus, { description: 'ACTIVE, or RESIGNED after a resignation' })
  status!: MemberStatus;

  @Field(() => Chapter, { nullable: true, description: 'The chapter the member belongs to, if any' })
  chapter!: Chapter | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The version of the commitments accepted on enrolment; null if none had been published',
  })
  acceptedCommitmentsVersion!: number | null;

  @Field(() => DateTime, { description: 'When the member enrolled (ISO-8601)' })
  enrolledAt!: string;

  @Field(() => DateTime, { nullable: true, description: 'When the member resigned (ISO-8601); null while active' })
  resignedAt!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The member's contact details, opened with their key; null when none or erased",
  })
  contact!: string | null;

  @Field(() => DateTime, {
    nullable: true,
    description: "When the member's personal data was erased (ISO-8601); null if never",
  })
  personalDataErasedAt!: string | null;
}

@InputType({ description: 'Enrol a new member under a pseudonym' })
export class EnrollMemberInput extends CommandInput {
  @Field({ description: "3 to 40 letters, digits, spaces or . ' _ -; unique across the organization" })
  @IsString()
  @MaxLength(NAME_FIELD_LIMIT, { message: `pseudonym must have at most ${NAME_FIELD_LIMIT} characters` })
  pseudonym!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Optional passphrase for signIn (12 to 1,024 characters), set with the enrolment; or later with setPassphrase',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096, { message: 'passphrase must have at most 1024 characters' })
  passphrase?: string | null;

  @Field(() => String, { nullable: true, description: 'Optional region; leave out to stay unlocated' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_FIELD_LIMIT, { message: `region must have at most ${NAME_FIELD_LIMIT} characters` })
  region?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version of the commitments the applicant accepts: required, and must be the current one, once commitments have been published; leave out before that',
  })
  @IsOptional()
  @IsInt({ message: 'acceptedCommitmentsVersion must be a whole number' })
  @Min(1, { message: 'acceptedCommitmentsVersion must be at least 1' })
  acceptedCommitmentsVersion?: number | null;

  @Field(() => String, {
    nullable: true,
    description: `Optional contact details (e.g. an e-mail address), at most ${CONTACT_MAX_LENGTH} characters; stored only sealed under your own key, never in plain text`,
  })
  @IsOptional()
  @IsString()
  contact?: string | null;

  @Field(() => ID, { nullable: true, description: 'An active chapter to join on enrolment; leave out to join none' })
  @IsOptional()
  @IsUUID('all', { message: 'chapterId must be a UUID' })
  chapterId?: string | null;
}

@InputType({ description: "Replace the signed-in member's contact details" })
export class ChangeContactDetailsInput extends CommandInput {
  @Field(() => String, {
    nullable: true,
    description: `At most ${CONTACT_MAX_LENGTH} characters; null removes them`,
  })
  @IsOptional()
  @IsString()
  contact?: string | null;
}

@InputType({ description: "Erase a member's personal data for good by destroying their key" })
export class ErasePersonalDataInput extends CommandInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The member to erase: leave out to erase yourself; an operator names the member',
  })
  @IsOptional()
  @IsUUID('all', { message: 'memberId must be a UUID' })
  memberId?: string | null;
}

@InputType({ description: 'Start founding a chapter, as its first founder' })
export class FoundChapterInput extends CommandInput {
  @Field({ description: '3 to 80 characters; unique across the organization' })
  @IsString()
  @MaxLength(NAME_FIELD_LIMIT, { message: `name must have at most ${NAME_FIELD_LIMIT} characters` })
  name!: string;

  @Field(() => ChapterKind)
  @IsEnum(ChapterKind)
  kind!: ChapterKind;

  @Field(() => String, {
    nullable: true,
    description: 'Required for a local chapter; must be left out for an online one',
  })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_FIELD_LIMIT, { message: `region must have at most ${NAME_FIELD_LIMIT} characters` })
  region?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The national branch it belongs to; leave out for an international chapter',
  })
  @IsOptional()
  @IsUUID('all', { message: 'branchId must be a UUID' })
  branchId?: string | null;
}

@InputType({ description: 'Sign the founding of a forming chapter as the signed-in member' })
export class SignChapterFoundingInput extends CommandInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'chapterId must be a UUID' })
  chapterId!: string;
}

@InputType({ description: 'Move the signed-in member from their chapter to another' })
export class TransferChapterInput extends CommandInput {
  @Field(() => ID, { description: 'The active chapter to move to' })
  @IsUUID('all', { message: 'chapterId must be a UUID' })
  chapterId!: string;
}

@InputType({ description: 'Resign from the organization as the signed-in member' })
export class ResignInput extends CommandInput {}

@InputType({ description: 'Merge one chapter into another' })
export class MergeChaptersInput extends CommandInput {
  @Field(() => ID, { description: 'The chapter to close' })
  @IsUUID('all', { message: 'chapterId must be a UUID' })
  chapterId!: string;

  @Field(() => ID, { description: 'The active chapter that receives its members' })
  @IsUUID('all', { message: 'intoChapterId must be a UUID' })
  intoChapterId!: string;
}

@InputType({ description: 'Dissolve a chapter' })
export class DissolveChapterInput extends CommandInput {
  @Field(() => ID, { description: 'The chapter to close' })
  @IsUUID('all', { message: 'chapterId must be a UUID' })
  chapterId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'An active chapter that receives its members; leave out to leave them enrolled in no chapter',
  })
  @IsOptional()
  @IsUUID('all', { message: 'successorChapterId must be a UUID' })
  successorChapterId?: string | null;
}

@InputType({ description: 'Join a chapter as the signed-in member' })
export class JoinChapterInput extends CommandInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'chapterId must be a UUID' })
  chapterId!: string;
}

@InputType({ description: 'Leave the current chapter as the signed-in member' })
export class LeaveChapterInput extends CommandInput {}

@InputType({ description: "Change the signed-in member's region" })
export class ChangeMemberRegionInput extends CommandInput {
  @Field(() => String, { nullable: true, description: 'The new region, or null to remove it' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_FIELD_LIMIT, { message: `region must have at most ${NAME_FIELD_LIMIT} characters` })
  region?: string | null;
}

@ObjectType({ description: 'The result of an enrolment' })
export class EnrollMemberPayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;

  @Field(() => ID)
  memberId!: string;

  @Field()
  pseudonym!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A development bearer token for the new member; null unless the server issues development tokens',
  })
  token!: string | null;
}

@ObjectType({ description: 'The result of starting or signing the founding of a chapter' })
export class ChapterFoundingPayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;

  @Field(() => ID)
  chapterId!: string;

  @Field(() => ChapterStatus, {
    description: 'FORMING while founders are still missing, ACTIVE once this command founded the chapter',
  })
  status!: ChapterStatus;
}

@ObjectType({ description: 'The result of merging or dissolving a chapter' })
export class ChapterClosurePayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;

  @Field(() => ID)
  chapterId!: string;

  @Field(() => Int, {
    description: 'How many members this command moved out of the chapter (to the receiving chapter, or to none)',
  })
  membersMoved!: number;
}

@ObjectType({ description: 'The result of a change to one member' })
export class MemberChangePayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;

  @Field(() => ID)
  memberId!: string;
}
