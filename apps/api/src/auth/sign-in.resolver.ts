import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { acceptCommand } from '../commands/command-envelope';
import { CommandReceipt } from '../graphql/common.types';
import { GraphQLContext, requireMember } from './request-context';
import { SessionTokens, SignInService } from './sign-in.service';
import {
  RefreshTokenInput,
  SessionTokensPayload,
  SetPassphraseInput,
  SignInChangePayload,
  SignInInput,
} from './sign-in.types';

function payload(commandId: string, tokens: SessionTokens): SessionTokensPayload {
  return {
    memberId: tokens.memberId,
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt.toISOString(),
    refreshToken: tokens.refreshToken,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt.toISOString(),
    receipt: CommandReceipt.of(commandId, tokens.outcome),
  };
}

@Resolver()
export class SignInResolver {
  constructor(private readonly sessions: SignInService) {}

  @Mutation(() => SignInChangePayload, {
    description: 'Set or replace your passphrase for signIn (needs a member token: from enrolment, or a session)',
  })
  async setPassphrase(
    @Args('input') input: SetPassphraseInput,
    @Context() context: GraphQLContext,
  ): Promise<SignInChangePayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, { kind: 'member', memberId });
    const outcome = await this.sessions.setPassphrase(accepted, memberId, input.passphrase);
    return { receipt: CommandReceipt.of(accepted.commandId, outcome) };
  }

  @Mutation(() => SessionTokensPayload, {
    description: 'Sign in with your pseudonym and passphrase: a short-lived access token and a refresh token',
  })
  async signIn(@Args('input') input: SignInInput, @Context() context: GraphQLContext): Promise<SessionTokensPayload> {
    const memberId = await this.sessions.verifyPassphrase(input.pseudonym, input.passphrase);
    const accepted = acceptCommand(context, input, { kind: 'member', memberId });
    return payload(accepted.commandId, await this.sessions.signIn(accepted, memberId));
  }

  @Mutation(() => SessionTokensPayload, {
    description: 'New tokens for a refresh token, which then no longer works; a reused one ends the session',
  })
  async refreshSession(
    @Args('input') input: RefreshTokenInput,
    @Context() context: GraphQLContext,
  ): Promise<SessionTokensPayload> {
    const accepted = acceptCommand(context, input, null);
    return payload(accepted.commandId, await this.sessions.refresh(accepted, input.refreshToken));
  }

  @Mutation(() => SignInChangePayload, {
    description: "End the refresh token's session: its access and refresh tokens stop working at once",
  })
  async signOut(
    @Args('input') input: RefreshTokenInput,
    @Context() context: GraphQLContext,
  ): Promise<SignInChangePayload> {
    const accepted = acceptCommand(context, input, null);
    const outcome = await this.sessions.signOut(accepted, input.refreshToken);
    return { receipt: CommandReceipt.of(accepted.commandId, outcome) };
  }
}
