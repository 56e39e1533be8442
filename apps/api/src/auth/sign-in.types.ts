import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { PASSPHRASE_MAX_LENGTH, PASSPHRASE_MIN_LENGTH } from '../../../../libs/membership/src';
import { CommandInput, CommandReceipt } from '../graphql/common.types';
import { DateTime } from '../graphql/scalars';

/** Upper bound before the precise rule; keeps huge inputs away from the hash function. */
const SECRET_FIELD_LIMIT = 4096;

@InputType({ description: "Set or replace the signed-in member's passphrase" })
export class SetPassphraseInput extends CommandInput {
  @Field({
    description: `${PASSPHRASE_MIN_LENGTH} to ${PASSPHRASE_MAX_LENGTH} characters; kept only as an argon2id hash sealed under your own key`,
  })
  @IsString()
  @MaxLength(SECRET_FIELD_LIMIT, { message: `passphrase must have at most ${PASSPHRASE_MAX_LENGTH} characters` })
  passphrase!: string;
}

@InputType({ description: 'Sign in with a pseudonym and passphrase' })
export class SignInInput extends CommandInput {
  @Field()
  @IsString()
  @MaxLength(256, { message: 'pseudonym must have at most 256 characters' })
  pseudonym!: string;

  @Field()
  @IsString()
  @MaxLength(SECRET_FIELD_LIMIT, { message: `passphrase must have at most ${PASSPHRASE_MAX_LENGTH} characters` })
  passphrase!: string;
}

@InputType({ description: 'A refresh token, to rotate or to end its session' })
export class RefreshTokenInput extends CommandInput {
  @Field({ description: 'The refresh token from signIn or the last refreshSession' })
  @IsString()
  @MaxLength(200, { message: 'refreshToken is not a refresh token' })
  refreshToken!: string;
}

@ObjectType({ description: 'The tokens of a sign-in session' })
export class SessionTokensPayload {
  @Field(() => ID)
  memberId!: string;

  @Field({ description: 'Send as "Authorization: Bearer <token>"; short-lived' })
  accessToken!: string;

  @Field(() => DateTime, { description: 'Expiry of the access token (ISO-8601)' })
  accessTokenExpiresAt!: string;

  @Field({
    description:
      'Exchange it with refreshSession for new tokens, once: using it a second time ends the session (it may have been copied)',
  })
  refreshToken!: string;

  @Field(() => DateTime, { description: 'Expiry of the refresh token (ISO-8601); each refresh moves it on' })
  refreshTokenExpiresAt!: string;

  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;
}

@ObjectType({ description: 'What a passphrase change or a sign-out wrote' })
export class SignInChangePayload {
  @Field(() => CommandReceipt)
  receipt!: CommandReceipt;
}
