import { Injectable } from '@nestjs/common';
import { Actor, NotAuthenticatedError } from '../../../../libs/core/src';
import { CommandRunner } from '../../../../libs/event-store/src';
import { memberDecider, memberStream } from '../../../../libs/membership/src';
import { TokenService } from './token.service';

/**
 * Who a bearer token speaks for, and whether they may still act. A valid signature is not
 * enough: a member whose personal data was erased has left for good, so every token of theirs
 * stops working at once, however and wherever it was issued. The member's own stream decides,
 * read on every request (only events newer than the last read), so an erasure recorded by any
 * process on the same store binds this one too.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly runner: CommandRunner,
  ) {}

  async authenticate(token: string): Promise<Actor> {
    const actor = await this.tokens.verify(token);
    if (actor.kind === 'member') await this.checkStanding(actor.memberId);
    return actor;
  }

  private async checkStanding(memberId: string): Promise<void> {
    const member = await this.runner.load(memberDecider, memberStream(memberId));
    if (member.status !== 'unknown' && member.personalDataErased) {
      throw new NotAuthenticatedError(
        'This member erased their personal data and can no longer act; their tokens are no longer accepted',
        'MEMBER_ERASED',
      );
    }
  }
}
