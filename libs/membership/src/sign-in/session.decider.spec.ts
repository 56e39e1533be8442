import { DeciderSpecification } from '../../../testing/src';
import {
  SessionEvent,
  SessionExpiredError,
  SessionRevokedError,
  SessionUnknownError,
  sessionDecider,
} from './session.decider';

const spec = DeciderSpecification(sessionDecider);
const sessionId = '5e55e55e-0000-4000-8000-000000000001';
const memberId = 'a0000000-0000-4000-8000-000000000001';
const started: SessionEvent = {
  type: 'SessionStarted',
  data: {
    sessionId,
    memberId,
    refreshDigest: 'd0',
    startedAt: '2026-12-07T10:00:00.000Z',
    expiresAt: '2026-12-08T10:00:00.000Z',
  },
};
const refresh = (presentedDigest: string, nextDigest: string, refreshedAt = '2026-12-07T11:00:00.000Z') => ({
  type: 'RefreshSession' as const,
  data: { sessionId, presentedDigest, nextDigest, refreshedAt, expiresAt: '2026-12-08T11:00:00.000Z' },
});
const refreshed = (generation: number, refreshDigest: string): SessionEvent => ({
  type: 'SessionRefreshed',
  data: {
    sessionId,
    generation,
    refreshDigest,
    refreshedAt: '2026-12-07T11:00:00.000Z',
    expiresAt: '2026-12-08T11:00:00.000Z',
  },
});

describe('session decider', () => {
  it('given a started session, when its current refresh token is presented, then it rotates', () => {
    spec
      .given([started])
      .when(refresh('d0', 'd1'))
      .then([refreshed(1, 'd1')]);
    spec
      .given([started, refreshed(1, 'd1')])
      .when(refresh('d1', 'd2'))
      .then([refreshed(2, 'd2')]);
  });

  it('given a rotated token, when it is presented again, then the whole family is revoked', () => {
    spec
      .given([started, refreshed(1, 'd1')])
      .when(refresh('d0', 'dx'))
      .then([
        {
          type: 'SessionRevoked',
          data: { sessionId, reason: 'refresh-token-reused', revokedAt: '2026-12-07T11:00:00.000Z' },
        },
      ]);
    const revoked: SessionEvent = {
      type: 'SessionRevoked',
      data: { sessionId, reason: 'refresh-token-reused', revokedAt: '2026-12-07T11:00:00.000Z' },
    };
    // Afterwards even the newest token is refused.
    spec
      .given([started, refreshed(1, 'd1'), revoked])
      .when(refresh('d1', 'd2'))
      .thenThrows(SessionRevokedError, 'REFRESH_TOKEN_REUSED');
  });

  it('refuses an unknown token, an unknown session and an expired one, recording nothing', () => {
    spec.given([started]).when(refresh('nope', 'd1')).thenThrows(SessionUnknownError, 'REFRESH_TOKEN_INVALID');
    spec.given([]).when(refresh('d0', 'd1')).thenThrows(SessionUnknownError, 'REFRESH_TOKEN_INVALID');
    spec
      .given([started])
      .when(refresh('d0', 'd1', '2026-12-09T00:00:00.000Z'))
      .thenThrows(SessionExpiredError, 'SESSION_EXPIRED');
  });

  it('signing out revokes the session once; a second sign-out changes nothing', () => {
    const endedAt = '2026-12-07T12:00:00.000Z';
    const signedOut: SessionEvent = {
      type: 'SessionRevoked',
      data: { sessionId, reason: 'signed-out', revokedAt: endedAt },
    };
    spec.given([started]).when({ type: 'EndSession', data: { sessionId, endedAt } }).then([signedOut]);
    spec.given([started, signedOut]).when({ type: 'EndSession', data: { sessionId, endedAt } }).thenNothingHappened();
    spec.given([started, signedOut]).when(refresh('d0', 'd1')).thenThrows(SessionRevokedError, 'SESSION_REVOKED');
  });

  it('a retried start of the same session records nothing twice', () => {
    spec.given([started]).when({ type: 'StartSession', data: started.data }).thenNothingHappened();
  });
});
