import { Inject, Injectable } from '@nestjs/common';
import {
  createRemoteJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  importJWK,
  importSPKI,
  jwtVerify,
  SignJWT,
  errors,
} from 'jose';
import type { JWK, JWTVerifyGetKey, KeyLike } from 'jose';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Actor, ForbiddenError, NotAuthenticatedError, isUuid } from '../../../../libs/core/src';
import { PLENARY_CONFIG, PlenaryConfig } from '../config/plenary-config';

const DEV_ALGORITHM = 'ES256';

/** Claim naming the kind of actor a token stands for; `sub` is the member id or operator name. */
const ACTOR_KIND_CLAIM = 'plenary_actor';

/**
 * Verified tokens kept, so a client sending the same bearer token with every request has its
 * signature checked once (an ES256 check costs more than most of a request). A kept token
 * still expires at its `exp`, and is checked again after KEPT_TOKEN_SECONDS, so a key removed
 * from the JWKS stops being accepted within that time. Only successes are kept.
 */
const MAX_KEPT_TOKENS = 10_000;
const KEPT_TOKEN_SECONDS = 60;

interface KeptToken {
  readonly actor: Actor;
  /** Seconds since the epoch until which the token is taken without checking again. */
  readonly until: number;
}

interface DevKeyPair {
  readonly privateKey: KeyLike | Uint8Array;
  readonly publicKey: KeyLike | Uint8Array;
}

/**
 * Turns bearer tokens into actors. Production verifies against a configured public key or JWKS;
 * development signs and verifies with a key pair kept in the data directory, so tokens survive
 * restarts and the CLI can issue them too.
 */
@Injectable()
export class TokenService {
  private verificationKey: Promise<KeyLike | Uint8Array | JWTVerifyGetKey>;
  private devKeys: Promise<DevKeyPair> | undefined;
  /** By token, oldest first. */
  private readonly kept = new Map<string, KeptToken>();
  /** How many signatures were checked (tokens not kept), for tests and profiles. */
  signaturesChecked = 0;

  constructor(@Inject(PLENARY_CONFIG) private readonly config: PlenaryConfig) {
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
    }
    // Surface a broken key at start-up rather than on the first request.
    this.verificationKey.catch(() => undefined);
  }

  get devTokensEnabled(): boolean {
    return this.devKeys !== undefined;
  }

  /** Verifies a bearer token and returns its actor, or throws UNAUTHENTICATED saying why. */
  async verify(token: string): Promise<Actor> {
    const now = Math.floor(Date.now() / 1000);
    const kept = this.kept.get(token);
    if (kept !== undefined) {
      // jose's rule: a token is expired once its exp is not after now.
      if (now < kept.until) return kept.actor;
      this.kept.delete(token);
    }
    const key = await this.verificationKey;
    this.signaturesChecked += 1;
    const actor = await this.verifySignedToken(token, key);
    const { exp } = decodeJwt(token);
    const until = Math.min(typeof exp === 'number' ? exp : Infinity, now + KEPT_TOKEN_SECONDS);
    if (this.kept.size >= MAX_KEPT_TOKENS) this.kept.delete(this.kept.keys().next().value as string);
    this.kept.set(token, { actor, until });
    return actor;
  }

  private async verifySignedToken(token: string, key: KeyLike | Uint8Array | JWTVerifyGetKey): Promise<Actor> {
    try {
      const { payload } = await jwtVerify(token, key as KeyLike, {
        issuer: this.config.tokenIssuer,
        audience: this.config.tokenAudience,
      });
      const subject = payload.sub;
      const kind = payload[ACTOR_KIND_CLAIM] ?? 'member';
      if (typeof subject !== 'string' || subject === '') throw new NotAuthenticatedError('The token has no subject');
      if (kind === 'operator') return { kind: 'operator', name: subject };
      if (kind !== 'member' || !isUuid(subject)) {
        throw new NotAuthenticatedError('The token does not name a member id or an operator');
      }
      return { kind: 'member', memberId: subject.toLowerCase() };
    } catch (error) {
      if (error instanceof NotAuthenticatedError) throw error;
      if (error instanceof errors.JWTExpired) throw new NotAuthenticatedError('The bearer token has expired');
      if (error instanceof errors.JOSEError) {
        throw new NotAuthenticatedError(`The bearer token is not valid here (${error.code})`);
      }
      throw error;
    }
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

async function loadOrCreateDevKeys(keyFile: string): Promise<DevKeyPair> {
  if (existsSync(keyFile)) {
    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
    return {
      privateKey: await importJWK(stored.privateJwk, DEV_ALGORITHM),
      publicKey: await importJWK(stored.publicJwk, DEV_ALGORITHM),
    };
  }
  const { privateKey, publicKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  mkdirSync(dirname(keyFile), { recursive: true });
  const contents = JSON.stringify({ privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) });
  try {
    // 'wx' fails if another process created the file first; then use theirs.
    writeFileSync(keyFile, contents, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateDevKeys(keyFile);
    throw error;
  }
  return { privateKey, publicKey };
}
