import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { InvalidInputError, isUuid } from '../../../../libs/core/src';
import { ActorKind, DevToken, IssueDevTokenInput } from './auth.types';
import { TokenService } from './token.service';

@Resolver()
export class AuthResolver {
  constructor(private readonly tokens: TokenService) {}

  @Mutation(() => DevToken, {
    description:
      'Development only: sign a token for any member or operator. FORBIDDEN when the server runs in production',
  })
  async issueDevToken(@Args('input') input: IssueDevTokenInput): Promise<DevToken> {
    if (input.kind === ActorKind.MEMBER && !isUuid(input.subject)) {
      throw new InvalidInputError([{ field: 'subject', message: 'a member token needs the member id (a UUID)' }]);
    }
    const issued = await this.tokens.issueDevToken(
      input.kind === ActorKind.MEMBER
        ? { kind: 'member', memberId: input.subject.toLowerCase() }
        : { kind: 'operator', name: input.subject },
    );
    return { token: issued.token, expiresAt: issued.expiresAt.toISOString() };
  }
}
