import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  importSPKI,
  jwtVerify,
  SignJWT,
  errors,
} from 'jose';
import type { JWK, JWTPayload, JWTVerifyGetKey, KeyLike } from 'jose';
import {
  JsonWebKey,
  KeyObject,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Actor, ForbiddenError, NotAuthenticatedError, isUuid } from '../../../../libs/core/src';
import { KeyVault, deploymentServiceKey } from '../../../../libs/privacy/src';
import { PLENARY_CONFIG, PlenaryConfig } from '../config/plenary-config';
import { KEY_VAULT } from '../infrastructure/tokens';

const DEV_ALGORITHM = 'ES256';
/** Asymmetric algorithms an identity provider's key set may use; never HS* or none. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const logger = new Logger('Auth');

function refusal(error: unknown): NotAuthenticatedError {
  if (error instanceof errors.JWTExpired) {
    return new NotAuthenticatedError('The bearer token has expired; sign in again', 'TOKEN_EXPIRED');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new NotAuthenticatedError(
      'The bearer token was issued for another service or is not yet valid',
      'TOKEN_INVALID',
    );
  }
  logger.debug(`bearer token refused: ${error instanceof Error ? error.message : String(error)}`);
  return new NotAuthenticatedError(
    'The bearer token is not valid here: its signature, algorithm or format is not one this server accepts',
    'TOKEN_INVALID',
  );
}

/** Claim naming the kind of actor a token stands for; `sub` is the member id or operator name. */
const ACTOR_KIND_CLAIM = 'plenary_actor';
/** Claim naming the sign-in session an access token belongs to. */
const SESSION_CLAIM = 'plenary_session';
/** Key id in the header of the access tokens of sign-in sessions, which this server signs itself. */
const SESSION_KEY_ID = 'plenary-session';
/** The session key's name in the key vault's service ring. */
const SESSION_VAULT_KEY_NAME = 'session-signing';

/** A verified token: who it speaks for, and the sign-in session it belongs to, if any. */
export interface VerifiedToken {
  readonly actor: Actor;
  readonly sessionId: string | null;
}

/**
 * Verified tokens kept, so a client sending the same bearer token with every request has its
 * signature checked once (an ES256 check costs more than most of a request). A kept token
 * still expires at its `exp`, and is checked again after KEPT_TOKEN_SECONDS, so a key removed
 * from the JWKS stops being accepted within that time. Only successes are kept.
 */
const MAX_KEPT_TOKENS = 10_000;
const KEPT_TOKEN_SECONDS = 60;

interface KeptToken {
  readonly verified: VerifiedToken;
  /** Seconds since the epoch until which the token is taken without checking again. */
  readonly until: number;
}

interface DevKeyPair {
  readonly privateKey: KeyLike | Uint8Array;
  readonly publicKey: KeyLike | Uint8Array;
  /** A secret derived from the private key, shared by every process that holds the key. */
  readonly secret: Buffer;
}

/**
 * Turns bearer tokens into actors. Production verifies against a configured public key or JWKS;
 * development signs and verifies with a key pair kept in the data directory, so tokens survive
 * restarts and the CLI can issue them too. Sign-in sessions are signed with the deployment's
 * session key, held in the key vault so every replica accepts what any other issued.
 */
@Injectable()
export class TokenService {
  private verificationKey: Promise<KeyLike | Uint8Array | JWTVerifyGetKey> | undefined;
  private devKeys: Promise<DevKeyPair> | undefined;
  /** Null in tools that issue development tokens only and open no key vault (the CLI, benchmarks). */
  private readonly sessionKeys: Promise<DevKeyPair> | null;
  /** By token, oldest first. */
  private readonly kept = new Map<string, KeptToken>();
  /** How many signatures were checked (tokens not kept), for tests and profiles. */
  signaturesChecked = 0;

  constructor(
    @Inject(PLENARY_CONFIG) private readonly config: PlenaryConfig,
    @Inject(KEY_VAULT) vault: KeyVault | null,
  ) {
    const auth = config.auth;
    switch (auth.mode) {
      case 'development':
        this.devKeys = loadOrCreateDevKeys(auth.keyFile);
        this.verificationKey = this.devKeys.then((keys) => keys.publicKey);
        break;
      case 'public-key':
        this.verificationKey = importSPKI(auth.publicKeyPem, auth.algorithm);
        break;
      case 'jwks':
        this.verificationKey = Promise.resolve(createRemoteJWKSet(new URL(auth.jwksUrl)));
        break;
      case 'embedded':
        this.verificationKey = undefined;
        break;
    }
    // Surface a broken key at start-up rather than on the first request.
    this.verificationKey?.catch(() => undefined);
    this.sessionKeys = vault === null ? null : loadSessionKeys(vault, config.sessionKeyPath);
    this.sessionKeys?.catch(() => undefined);
  }

  get devTokensEnabled(): boolean {
    return this.devKeys !== undefined;
  }

  /** Verifies a bearer token and returns its actor, or throws UNAUTHENTICATED saying why. */
  async verify(token: string): Promise<Actor> {
    return (await this.verifyToken(token)).actor;
  }

  /**
   * Verifies a bearer token: the access token of a sign-in session against this server's own
   * session key (chosen by the key id in its header, never by its algorithm), any other token
   * against the configured key or identity provider.
   */
  async verifyToken(token: string): Promise<VerifiedToken> {
    const now = Math.floor(Date.now() / 1000);
    const kept = this.kept.get(token);
    if (kept !== undefined) {
      // jose's rule: a token is expired once its exp is not after now.
      if (now < kept.until) return kept.verified;
      this.kept.delete(token);
    }
    this.signaturesChecked += 1;
    const verified = await this.verifySignedToken(token);
    const { exp } = decodeJwt(token);
    const until = Math.min(typeof exp === 'number' ? exp : Infinity, now + KEPT_TOKEN_SECONDS);
    if (this.kept.size >= MAX_KEPT_TOKENS) this.kept.delete(this.kept.keys().next().value as string);
    this.kept.set(token, { verified, until });
    return verified;
  }

  private async verifySignedToken(token: string): Promise<VerifiedToken> {
    let payload: JWTPayload;
    try {
      const session = decodeProtectedHeader(token).kid === SESSION_KEY_ID;
      const key = session ? (await this.sessionKeysOrFail()).publicKey : await this.verificationKey;
      if (key === undefined) throw new NotAuthenticatedError('No identity provider is configured', 'TOKEN_INVALID');
      ({ payload } = await jwtVerify(token, key as KeyLike, {
        issuer: this.config.tokenIssuer,
        audience: this.config.tokenAudience,
        algorithms: session ? [DEV_ALGORITHM] : this.algorithms,
      }));
      if (session && typeof payload[SESSION_CLAIM] !== 'string') {
        throw new NotAuthenticatedError('The bearer token names no session', 'TOKEN_INVALID');
      }
    } catch (error) {
      if (error instanceof NotAuthenticatedError) throw error;
      // Whatever the verifier refuses — a forged or foreign signature, an algorithm other than
      // the configured one (an HS256 token keyed with our public key, an RS256 token), a token
      // that is not even JSON — is the client's problem, never a server error, and the
      // library's own wording stays in the server log.
      throw refusal(error);
    }
    const subject = payload.sub;
    const kind = payload[ACTOR_KIND_CLAIM] ?? 'member';
    if (typeof subject !== 'string' || subject === '') {
      throw new NotAuthenticatedError('The bearer token names no subject', 'TOKEN_INVALID');
    }
    const sessionId = typeof payload[SESSION_CLAIM] === 'string' ? (payload[SESSION_CLAIM] as string) : null;
    if (kind === 'operator' && sessionId === null) return { actor: { kind: 'operator', name: subject }, sessionId };
    if (kind !== 'member' || !isUuid(subject)) {
      throw new NotAuthenticatedError('The bearer token does not name a member id or an operator', 'TOKEN_INVALID');
    }
    return { actor: { kind: 'member', memberId: subject.toLowerCase() }, sessionId };
  }

  /** Signs the short-lived access token of a sign-in session. */
  async issueSessionToken(memberId: string, sessionId: string): Promise<{ token: string; expiresAt: Date }> {
    const { privateKey } = await this.sessionKeysOrFail();
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + this.config.accessTokenTtlSeconds;
    const token = await new SignJWT({ [ACTOR_KIND_CLAIM]: 'member', [SESSION_CLAIM]: sessionId })
      .setProtectedHeader({ alg: DEV_ALGORITHM, kid: SESSION_KEY_ID })
      .setSubject(memberId)
      .setIssuer(this.config.tokenIssuer)
      .setAudience(this.config.tokenAudience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(privateKey as KeyLike);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /**
   * The refresh token of one generation of a session: an HMAC under a secret of the session
   * key, so a retried sign-in or refresh (same command, same session and generation) gets the
   * same token back from any process, and the log keeps only its digest.
   */
  async refreshToken(sessionId: string, generation: number): Promise<{ token: string; digest: string }> {
    const { secret } = await this.sessionKeysOrFail();
    const value = createHmac('sha256', secret).update(`refresh/${sessionId}/${generation}`).digest('base64url');
    const token = `${sessionId}.${value}`;
    return { token, digest: refreshTokenDigest(token) };
  }

  private sessionKeysOrFail(): Promise<DevKeyPair> {
    if (this.sessionKeys === null) throw new Error('This process opened no key vault, so it has no session key');
    return this.sessionKeys;
  }

  /** Only the algorithm of the configured key: no token may choose how it is checked. */
  private get algorithms(): string[] {
    const auth = this.config.auth;
    if (auth.mode === 'development') return [DEV_ALGORITHM];
    if (auth.mode === 'public-key') return [auth.algorithm];
    return JWKS_ALGORITHMS;
  }

  /** Signs a development token; refused unless the server runs with its development key. */
  async issueDevToken(actor: Actor, ttlSeconds = 12 * 3600): Promise<{ token: string; expiresAt: Date }> {
    if (this.devKeys === undefined) {
      throw new ForbiddenError('DEV_TOKENS_DISABLED', 'Development tokens are disabled; use your identity provider');
    }
    const { privateKey } = await this.devKeys;
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + ttlSeconds;
    const token = await new SignJWT({ [ACTOR_KIND_CLAIM]: actor.kind })
      .setProtectedHeader({ alg: DEV_ALGORITHM })
      .setSubject(actor.kind === 'member' ? actor.memberId : actor.name)
      .setIssuer(this.config.tokenIssuer)
      .setAudience(this.config.tokenAudience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(privateKey as KeyLike);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }
}

/** What the log records of a refresh token: its SHA-256 (the token itself is 256 random-looking bits). */
export function refreshTokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function secretOf(privateJwk: JWK): Buffer {
  return createHash('sha256')
    .update(`plenary refresh tokens/${privateJwk.d ?? ''}`)
    .digest();
}

function p256(key: KeyObject, origin: string): KeyObject {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`${origin} must hold an ES256 (P-256) private key`);
  }
  return key;
}

/**
 * The session key from the vault (PKCS#8 DER); on first start the JSON key file of earlier
 * versions is imported, so tokens issued before keep working, or a key is made.
 */
async function loadSessionKeys(vault: KeyVault, legacyKeyFile: string): Promise<DevKeyPair> {
  const der = await deploymentServiceKey(vault, {
    name: SESSION_VAULT_KEY_NAME,
    legacyFile: legacyKeyFile,
    fromFile: (contents) => {
      const { privateJwk } = JSON.parse(contents.toString('utf8')) as { privateJwk: JWK };
      const key = createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' });
      return p256(key, legacyKeyFile).export({ type: 'pkcs8', format: 'der' });
    },
    make: () =>
      generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'der' }),
  });
  const privateKey = p256(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), 'The key vault');
  return {
    privateKey,
    publicKey: createPublicKey(privateKey),
    secret: secretOf(privateKey.export({ format: 'jwk' }) as JWK),
  };
}

async function loadOrCreateDevKeys(keyFile: string): Promise<DevKeyPair> {
  if (existsSync(keyFile)) {
    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
    return {
      privateKey: await importJWK(stored.privateJwk, DEV_ALGORITHM),
      publicKey: await importJWK(stored.publicJwk, DEV_ALGORITHM),
      secret: secretOf(stored.privateJwk),
    };
  }
  const { privateKey, publicKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  mkdirSync(dirname(keyFile), { recursive: true });
  const privateJwk = await exportJWK(privateKey);
  const contents = JSON.stringify({ privateJwk, publicJwk: await exportJWK(publicKey) });
  try {
    // 'wx' fails if another process created the file first; then use theirs.
    writeFileSync(keyFile, contents, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateDevKeys(keyFile);
    throw error;
  }
  return { privateKey, publicKey, secret: secretOf(privateJwk) };
}
