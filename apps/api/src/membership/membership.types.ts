import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CommandInput, CommandReceipt } from '../graphql/common.types';

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

  @Field(() => Int, { description: 'Members currently in the chapter' })
  memberCount!: number;

  @Field({ description: 'When the chapter was founded (ISO-8601)' })
  foundedAt!: string;
}

@ObjectType({ description: "A member's own profile; only the member can read it" })
export class MemberProfile {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The name everyone else sees' })
  pseudonym!: string;

  @Field(() => String, { nullable: true })
  region!: string | null;

  @Field(() => Chapter, { nullable: true, description: 'The chapter the member belongs to, if any' })
  chapter!: Chapter | null;

  @Field({ description: 'When the member enrolled (ISO-8601)' })
  enrolledAt!: string;
}

@InputType({ description: 'Enrol a new member under a pseudonym' })
export class EnrollMemberInput extends CommandInput {
  @Field({ description: "3 to 40 letters, digits, spaces or . ' _ -; unique across the organization" })
  @IsString()
  @MaxLength(NAME_FIELD_LIMIT, { message: `pseudonym must have at most ${NAME_FIELD_LIMIT} characters` })
  pseudonym!: string;

  @Field(() => String, { nullable: true, description: 'Optional region; leave out to stay unlocated' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_FIELD_LIMIT, { message: `region must have at most ${NAME_FIELD_LIMIT} characters` })
  region?: string | null;
}

@InputType({ description: 'Found a chapter' })
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

@ObjectType({ description: 'The result of founding a chapter' })
export class FoundChapterPayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;

  @Field(() => ID)
  chapterId!: string;
}

@ObjectType({ description: 'The result of a change to one member' })
export class MemberChangePayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;

  @Field(() => ID)
  memberId!: string;
}
