import { Decider, DomainError, assertNever } from '../../../core/src';

/**
 * A sign-in session: one family of rotating refresh tokens, in its own stream
 * `Session-<sessionId>`, so every API process on the store sees the same state. Only a digest
 * (SHA-256) of each refresh token is recorded, never the token. Presenting the current token
 * rotates it; presenting an earlier one means it was copied, so the whole family is revoked.
 * Times are ISO-8601 UTC strings as the server's clock writes them (fixed width, so text order
 * is time order).
 */
export type SessionEvent =
  | {
      type: 'SessionStarted';
      data: { sessionId: string; memberId: string; refreshDigest: string; startedAt: string; expiresAt: string };
    }
  | {
      type: 'SessionRefreshed';
      data: { sessionId: string; generation: number; refreshDigest: string; refreshedAt: string; expiresAt: string };
    }
  | {
      type: 'SessionRevoked';
      data: { sessionId: string; reason: 'signed-out' | 'refresh-token-reused'; revokedAt: string };
    };

export type SessionCommand =
  | {
      type: 'StartSession';
      data: { sessionId: string; memberId: string; refreshDigest: string; startedAt: string; expiresAt: string };
    }
  | {
      type: 'RefreshSession';
      data: { sessionId: string; presentedDigest: string; nextDigest: string; refreshedAt: string; expiresAt: string };
    }
  | { type: 'EndSession'; data: { sessionId: string; endedAt: string } };

export type SessionState =
  | { status: 'none' }
  | {
      status: 'active';
      sessionId: string;
      memberId: string;
      /** Digest of the refresh token of each generation, the current one last. */
      digests: readonly string[];
      expiresAt: string;
    }
  | { status: 'revoked'; sessionId: string; memberId: string; reason: 'signed-out' | 'refresh-token-reused' };

export const sessionStream = (sessionId: string): string => `Session-${sessionId}`;

export class SessionUnknownError extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 'REFRESH_TOKEN_INVALID', 'This refresh token is not valid; sign in again');
  }
}

export class SessionRevokedError extends DomainError {
  constructor(reason: string) {
    super(
      'UNAUTHENTICATED',
      reason === 'refresh-token-reused' ? 'REFRESH_TOKEN_REUSED' : 'SESSION_REVOKED',
      reason === 'refresh-token-reused'
        ? 'This refresh token was already used, so it may have been copied: the session is ended; sign in again'
        : 'This session has ended; sign in again',
    );
  }
}

export class SessionExpiredError extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 'SESSION_EXPIRED', 'This session has expired; sign in again');
  }
}

function evolve(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'SessionStarted':
      return {
        status: 'active',
        sessionId: event.data.sessionId,
        memberId: event.data.memberId,
        digests: [event.data.refreshDigest],
        expiresAt: event.data.expiresAt,
      };
    case 'SessionRefreshed':
      return state.status === 'active'
        ? { ...state, digests: [...state.digests, event.data.refreshDigest], expiresAt: event.data.expiresAt }
        : state;
    case 'SessionRevoked':
      return state.status === 'none'
        ? state
        : { status: 'revoked', sessionId: state.sessionId, memberId: state.memberId, reason: event.data.reason };
    default:
      return assertNever(event);
  }
}

function decide(command: SessionCommand, state: SessionState): SessionEvent[] {
  switch (command.type) {
    case 'StartSession':
      // A retried sign-in with the same command id finds its own session already started.
      return state.status === 'none' ? [{ type: 'SessionStarted', data: command.data }] : [];
    case 'RefreshSession': {
      const { sessionId, presentedDigest, nextDigest, refreshedAt, expiresAt } = command.data;
      if (state.status === 'none') throw new SessionUnknownError();
      if (state.status === 'revoked') throw new SessionRevokedError(state.reason);
      const current = state.digests[state.digests.length - 1];
      if (presentedDigest === current) {
        if (refreshedAt > state.expiresAt) throw new SessionExpiredError();
        return [
          {
            type: 'SessionRefreshed',
            data: { sessionId, generation: state.digests.length, refreshDigest: nextDigest, refreshedAt, expiresAt },
          },
        ];
      }
      if (state.digests.includes(presentedDigest)) {
        return [
          { type: 'SessionRevoked', data: { sessionId, reason: 'refresh-token-reused', revokedAt: refreshedAt } },
        ];
      }
      throw new SessionUnknownError();
    }
    case 'EndSession':
      if (state.status === 'none') throw new SessionUnknownError();
      if (state.status === 'revoked') return [];
      return [
        {
          type: 'SessionRevoked',
          data: { sessionId: command.data.sessionId, reason: 'signed-out', revokedAt: command.data.endedAt },
        },
      ];
    default:
      return assertNever(command);
  }
}

export const sessionDecider: Decider<SessionCommand, SessionEvent, SessionState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};
