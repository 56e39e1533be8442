import { Injectable } from '@nestjs/common';
import { Actor, NotAuthenticatedError } from '../../../../libs/core/src';
import { CommandRunner } from '../../../../libs/event-store/src';
import { memberDecider, memberStream, sessionDecider, sessionStream } from '../../../../libs/membership/src';
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
    return (await this.authenticateSession(token)).actor;
  }

  /** As `authenticate`, also naming the sign-in session the token belongs to (null for other tokens). */
  async authenticateSession(token: string): Promise<{ actor: Actor; sessionId: string | null }> {
    const { actor, sessionId } = await this.tokens.verifyToken(token);
    if (actor.kind !== 'member') return { actor, sessionId };
    if (sessionId !== null) await this.checkSession(sessionId, actor.memberId);
    await this.checkStanding(actor.memberId, sessionId !== null);
    return { actor, sessionId };
  }

  /** A signed-out or revoked session ends its access tokens at once, not when they expire. */
  private async checkSession(sessionId: string, memberId: string): Promise<void> {
    const session = await this.runner.load(sessionDecider, sessionStream(sessionId));
    if (session.status === 'none' || session.memberId !== memberId) {
      throw new NotAuthenticatedError('The bearer token names no session of this member', 'TOKEN_INVALID');
    }
    if (session.status === 'revoked') {
      throw new NotAuthenticatedError('This session has ended; sign in again', 'SESSION_REVOKED');
    }
  }

  private async checkStanding(memberId: string, signedIn: boolean): Promise<void> {
    const member = await this.runner.load(memberDecider, memberStream(memberId));
    // A resigned member's sign-in tokens end with the resignation. (Tokens from elsewhere still
    // reach the commands, which refuse a resigned member with MEMBER_RESIGNED.)
    if (signedIn && member.status === 'resigned') {
      throw new NotAuthenticatedError('This member has resigned; their sessions have ended', 'MEMBER_RESIGNED');
    }
    if (member.status !== 'unknown' && member.personalDataErased) {
      throw new NotAuthenticatedError(
        'This member erased their personal data and can no longer act; their tokens are no longer accepted',
        'MEMBER_ERASED',
      );
    }
  }
}
