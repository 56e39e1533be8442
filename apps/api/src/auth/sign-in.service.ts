import { Inject, Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { DomainError, NotAuthenticatedError, entityIdFor } from '../../../../libs/core/src';
import { CommandOutcome, CommandRunner } from '../../../../libs/event-store/src';
import {
  MemberNotFoundError,
  MemberResignedError,
  PersonalDataErasedError,
  SessionEvent,
  SessionRevokedError,
  SessionUnknownError,
  checkPassphrase,
  credentialsDecider,
  credentialsStream,
  memberDecider,
  memberStream,
  nameClaimDecider,
  nameClaimStream,
  pseudonymScope,
  sessionDecider,
  sessionStream,
} from '../../../../libs/membership/src';
import type { CredentialsEvent } from '../../../../libs/membership/src';
import { KeyVault, MemberErasedError } from '../../../../libs/privacy/src';
import { AcceptedCommand } from '../commands/command-envelope';
import { PLENARY_CONFIG, PlenaryConfig } from '../config/plenary-config';
import { KEY_VAULT } from '../infrastructure/tokens';
import { TokenService, refreshTokenDigest } from './token.service';

/**
 * argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane); the PHC string the hash is kept as
 * records these parameters, so raising them later still verifies older hashes.
 */
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const REFRESH_TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{43}$/;

export class SignInFailedError extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 'SIGN_IN_FAILED', 'The pseudonym or the passphrase is not right');
  }
}

export interface SessionTokens {
  readonly memberId: string;
  readonly accessToken: string;
  readonly accessTokenExpiresAt: Date;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: Date;
  readonly outcome: CommandOutcome<SessionEvent>;
}

/**
 * Sign-in for the embedded setup: a passphrase per member, sessions of a short-lived access
 * token and a rotating refresh token. All state is on the log (credentials and session
 * streams), so any API process on the store can refresh or end any session.
 */
@Injectable()
export class SignInService {
  /** Verified against when the pseudonym is unknown, so a miss takes as long as a wrong passphrase. */
  private readonly decoy = hash('not anyone’s passphrase', ARGON2);

  constructor(
    private readonly runner: CommandRunner,
    private readonly tokens: TokenService,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(PLENARY_CONFIG) private readonly config: PlenaryConfig,
  ) {}

  async setPassphrase(
    accepted: AcceptedCommand,
    memberId: string,
    passphrase: string,
  ): Promise<CommandOutcome<CredentialsEvent>> {
    checkPassphrase(passphrase);
    const member = await this.runner.load(memberDecider, memberStream(memberId));
    if (member.status === 'unknown') throw new MemberNotFoundError(memberId);
    if (member.status === 'resigned') throw new MemberResignedError(memberId);
    const passphraseHash = await hash(passphrase, ARGON2);
    let sealed;
    try {
      sealed = await this.vault.seal(memberId, passphraseHash);
    } catch (error) {
      if (error instanceof MemberErasedError) throw new PersonalDataErasedError(memberId);
      throw error;
    }
    return this.runner.run(
      credentialsDecider,
      credentialsStream(memberId),
      accepted.envelope({
        type: 'SetPassphrase',
        data: { memberId, passphraseHash: sealed, setAt: accepted.acceptedAt },
      }),
    );
  }

  /** The member a pseudonym and passphrase belong to; one refusal for every way it can fail. */
  async verifyPassphrase(pseudonym: string, passphrase: string): Promise<string> {
    const claim = await this.runner.load(nameClaimDecider(pseudonymScope), nameClaimStream(pseudonymScope, pseudonym));
    const memberId = claim.status === 'claimed' ? claim.ownerId : null;
    const credentials =
      memberId === null ? null : await this.runner.load(credentialsDecider, credentialsStream(memberId));
    // Null once the member's key is erased: the sealed hash can never be read again.
    const stored = credentials?.status === 'set' ? await this.vault.open(credentials.passphraseHash) : null;
    const matches = await verify(stored ?? (await this.decoy), passphrase).catch(() => false);
    if (memberId === null || stored === null || !matches) throw new SignInFailedError();
    return memberId;
  }

  async signIn(accepted: AcceptedCommand, memberId: string): Promise<SessionTokens> {
    await this.requireStanding(memberId);
    const sessionId = entityIdFor('session', accepted.commandId);
    const refresh = await this.tokens.refreshToken(sessionId, 0);
    const refreshTokenExpiresAt = this.refreshExpiry(accepted.acceptedAt);
    const outcome = await this.runner.run(
      sessionDecider,
      sessionStream(sessionId),
      accepted.envelope({
        type: 'StartSession',
        data: {
          sessionId,
          memberId,
          refreshDigest: refresh.digest,
          startedAt: accepted.acceptedAt,
          expiresAt: refreshTokenExpiresAt.toISOString(),
        },
      }),
    );
    return this.tokensFor(memberId, sessionId, refresh.token, refreshTokenExpiresAt, outcome);
  }

  async refresh(accepted: AcceptedCommand, refreshToken: string): Promise<SessionTokens> {
    const sessionId = REFRESH_TOKEN.exec(refreshToken)?.[1];
    if (sessionId === undefined) throw new SessionUnknownError();
    const session = await this.runner.load(sessionDecider, sessionStream(sessionId));
    if (session.status === 'none') throw new SessionUnknownError();
    await this.requireStanding(session.memberId);
    const generation = session.status === 'active' ? session.digests.length : 0;
    const next = await this.tokens.refreshToken(sessionId, generation);
    const refreshTokenExpiresAt = this.refreshExpiry(accepted.acceptedAt);
    const outcome = await this.runner.run(
      sessionDecider,
      sessionStream(sessionId),
      accepted.envelope({
        type: 'RefreshSession',
        data: {
          sessionId,
          presentedDigest: refreshTokenDigest(refreshToken),
          nextDigest: next.digest,
          refreshedAt: accepted.acceptedAt,
          expiresAt: refreshTokenExpiresAt.toISOString(),
        },
      }),
    );
    const [event] = outcome.events;
    // Reuse of a rotated token has just revoked the whole family: that is the answer.
    if (event === undefined || event.type === 'SessionRevoked') throw new SessionRevokedError('refresh-token-reused');
    if (event.type !== 'SessionRefreshed') throw new SessionUnknownError();
    // On a retry of the same command the token is derived again for the generation it made.
    const issued = await this.tokens.refreshToken(sessionId, event.data.generation);
    return this.tokensFor(session.memberId, sessionId, issued.token, new Date(event.data.expiresAt), outcome);
  }

  /** Ends the session the refresh token (of any generation) belongs to; its access tokens stop working at once. */
  async signOut(accepted: AcceptedCommand, refreshToken: string): Promise<CommandOutcome<SessionEvent>> {
    const sessionId = REFRESH_TOKEN.exec(refreshToken)?.[1];
    if (sessionId === undefined) throw new SessionUnknownError();
    const session = await this.runner.load(sessionDecider, sessionStream(sessionId));
    const digest = refreshTokenDigest(refreshToken);
    const known = session.status === 'active' && session.digests.includes(digest);
    if (!known && session.status !== 'revoked') throw new SessionUnknownError();
    return this.runner.run(
      sessionDecider,
      sessionStream(sessionId),
      accepted.envelope({ type: 'EndSession', data: { sessionId, endedAt: accepted.acceptedAt } }),
    );
  }

  private async requireStanding(memberId: string): Promise<void> {
    const member = await this.runner.load(memberDecider, memberStream(memberId));
    if (member.status === 'unknown') throw new SignInFailedError();
    if (member.personalDataErased) {
      throw new NotAuthenticatedError(
        'This member erased their personal data and can no longer sign in',
        'MEMBER_ERASED',
      );
    }
    if (member.status === 'resigned') {
      throw new NotAuthenticatedError('This member has resigned and can no longer sign in', 'MEMBER_RESIGNED');
    }
  }

  private refreshExpiry(acceptedAt: string): Date {
    return new Date(Date.parse(acceptedAt) + this.config.refreshTokenTtlSeconds * 1000);
  }

  private async tokensFor(
    memberId: string,
    sessionId: string,
    refreshToken: string,
    refreshTokenExpiresAt: Date,
    outcome: CommandOutcome<SessionEvent>,
  ): Promise<SessionTokens> {
    const access = await this.tokens.issueSessionToken(memberId, sessionId);
    return {
      memberId,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt,
      outcome,
    };
  }
}
