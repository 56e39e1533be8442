import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { SealedValue } from '../../core/src';
import { KeyStorage } from './key-storage';
import { PostgresKeyStorage, PostgresKeyStorageOptions } from './postgres-key-storage';
import { SqliteKeyStorage } from './sqlite-key-storage';

const SCHEME = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;

/** What the vault knows about one member's key. */
export type MemberKeyStatus = 'none' | 'active' | 'erased';

/** What the vault knows about one vote's secrecy key. */
export type VoteKeyStatus = 'none' | 'active' | 'destroyed';

/**
 * Keys that must live beside, never inside, the event log, shared by every API process of one
 * deployment:
 * - per-member keys that seal personal data; erasing a member deletes the key;
 * - per-vote keys that turn a voter into an opaque ballot key and a tracker for a secret ballot;
 *   destroying the key when the vote closes makes the link from voter to ballot unrecoverable;
 * - the deployment's service keys (the ledger's checkpoint signing key, the session key), one
 *   for all replicas.
 * A deleted key is gone for good from the storage's files, and a tombstone remembers the
 * deletion so no new key is ever made in its place. Every call reads the storage afresh (no
 * key is cached here), so a key deleted through one process is unusable through all of them.
 */
export class KeyVault {
  constructor(private readonly storage: KeyStorage) {}

  /** The embedded vault: one SQLite file, readable by its owner only. */
  static open(path: string): KeyVault {
    return new KeyVault(SqliteKeyStorage.open(path));
  }

  /** The vault in a PostgreSQL database, for several API processes on several machines. */
  static async connectPostgres(url: string, options: PostgresKeyStorageOptions = {}): Promise<KeyVault> {
    return new KeyVault(await PostgresKeyStorage.connect(url, options));
  }

  async status(memberId: string): Promise<MemberKeyStatus> {
    const stored = await this.storage.read('member', memberId);
    return stored.state === 'deleted' ? 'erased' : stored.state;
  }

  /**
   * Seals `plaintext` under the member's key, making the key on first use. A retried command
   * seals again under the same key; the ciphertext differs (fresh IV) but opens to the same text.
   */
  async seal(memberId: string, plaintext: string, now: Date = new Date()): Promise<SealedValue> {
    const stored = await this.storage.create('member', memberId, randomBytes(KEY_BYTES), now);
    if (stored.state !== 'active') throw new MemberErasedError(memberId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(SCHEME, stored.key, iv);
    cipher.setAAD(Buffer.from(memberId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      scheme: SCHEME,
      keyId: memberId,
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /** The plaintext, or null when the member's key has been erased (or never existed). */
  async open(sealed: SealedValue): Promise<string | null> {
    if (sealed.scheme !== SCHEME) throw new Error(`Unknown sealing scheme ${String(sealed.scheme)}`);
    const stored = await this.storage.read('member', sealed.keyId);
    if (stored.state !== 'active') return null;
    const decipher = createDecipheriv(SCHEME, stored.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(sealed.keyId, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }

  /**
   * Forgets a key that sealed nothing that was kept (an enrolment rejected after sealing), with
   * no tombstone: the member never existed, so nothing is erased.
   */
  async discard(memberId: string): Promise<void> {
    await this.storage.discard('member', memberId);
  }

  /** Deletes the member's key for good; erasing twice is harmless. Returns whether a key was destroyed. */
  async erase(memberId: string, now: Date = new Date()): Promise<boolean> {
    return this.storage.destroy('member', memberId, now);
  }

  /** Makes the secrecy key of a vote when it opens; opening again (a retry) keeps the first key. */
  async createVoteKey(voteId: string, now: Date = new Date()): Promise<void> {
    const stored = await this.storage.create('vote', voteId, randomBytes(KEY_BYTES), now);
    if (stored.state !== 'active') throw new VoteKeyDestroyedError(voteId);
  }

  async voteKeyStatus(voteId: string): Promise<VoteKeyStatus> {
    const stored = await this.storage.read('vote', voteId);
    return stored.state === 'deleted' ? 'destroyed' : stored.state;
  }

  /**
   * The opaque key under which a voter's ballot is stored: the same for every ballot of that
   * voter in that vote (so a later ballot replaces the earlier), unlinkable to the voter once
   * the vote's key is destroyed.
   */
  async ballotKey(voteId: string, memberId: string): Promise<string> {
    return (await this.mac(voteId, `ballot\0${memberId}`)).subarray(0, 16).toString('hex');
  }

  /** The voter's tracker: shown only to them, published beside their ballot in the count. */
  async tracker(voteId: string, memberId: string): Promise<string> {
    const hex = (await this.mac(voteId, `tracker\0${memberId}`)).subarray(0, 10).toString('hex');
    return hex.match(/.{4}/g)!.join('-');
  }

  /** Destroys the vote's key at its close; destroying twice is harmless. Returns whether a key was destroyed. */
  async destroyVoteKey(voteId: string, now: Date = new Date()): Promise<boolean> {
    return this.storage.destroy('vote', voteId, now);
  }

  /** The deployment's service key under `name` (raw bytes, its format the caller's), or null before one is made. */
  async serviceKey(name: string): Promise<Buffer | null> {
    const stored = await this.storage.read('service', name);
    return stored.state === 'active' ? stored.key : null;
  }

  /**
   * Stores `offered` as the service key under `name` unless one is held already, and answers
   * the key held: every replica that offers its own at the same time gets the first one back.
   */
  async holdServiceKey(name: string, offered: Buffer, now: Date = new Date()): Promise<Buffer> {
    const stored = await this.storage.create('service', name, offered, now);
    // Service keys are never deleted; a tombstone here means the storage was edited by hand.
    if (stored.state !== 'active') throw new Error(`The key vault's service key ${name} has been deleted`);
    return stored.key;
  }

  async close(): Promise<void> {
    await this.storage.close();
  }

  private async mac(voteId: string, message: string): Promise<Buffer> {
    const stored = await this.storage.read('vote', voteId);
    if (stored.state !== 'active') throw new VoteKeyDestroyedError(voteId);
    return createHmac('sha256', stored.key).update(message, 'utf8').digest();
  }
}

/** Sealing for a member whose key was erased: their personal data may never be stored again. */
export class MemberErasedError extends Error {
  constructor(readonly memberId: string) {
    super(`Member ${memberId} has been erased; no personal data can be stored for them`);
    this.name = 'MemberErasedError';
  }
}

/** A secret vote whose key is gone (closed) or was never made (not open): no ballot key or tracker exists. */
export class VoteKeyDestroyedError extends Error {
  constructor(readonly voteId: string) {
    super(`Vote ${voteId} has no secrecy key: it is closed or was never opened`);
    this.name = 'VoteKeyDestroyedError';
  }
}
