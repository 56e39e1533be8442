import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsString, Matches, MaxLength } from 'class-validator';
import { DateTime } from '../graphql/scalars';

export enum ActorKind {
  MEMBER = 'member',
  OPERATOR = 'operator',
}
registerEnumType(ActorKind, { name: 'ActorKind', description: 'Who a token speaks for' });

@InputType({ description: 'The actor a development token is issued for' })
export class IssueDevTokenInput {
  @Field(() => ActorKind)
  @IsEnum(ActorKind)
  kind!: ActorKind;

  @Field(() => ID, { description: 'Member id (a UUID) for a member, or an operator name' })
  @IsString()
  @MaxLength(100, { message: 'subject must have at most 100 characters' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, { message: 'subject must be a member id or a simple operator name' })
  subject!: string;
}

@ObjectType({ description: 'A signed bearer token' })
export class DevToken {
  @Field({ description: 'Send as "Authorization: Bearer <token>"' })
  token!: string;

  @Field(() => DateTime, { description: 'Expiry time (ISO-8601)' })
  expiresAt!: string;
}
