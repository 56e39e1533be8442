import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SealedValue } from '../../core/src';

const SCHEME = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;

/** What the vault knows about one member's key. */
export type MemberKeyStatus = 'none' | 'active' | 'erased';

/** What the vault knows about one vote's secrecy key. */
export type VoteKeyStatus = 'none' | 'active' | 'destroyed';

/**
 * Keys that must live beside, never inside, the event log, in their own SQLite file:
 * - per-member keys that seal personal data; erasing a member deletes the key;
 * - per-vote keys that turn a voter into an opaque ballot key and a tracker for a secret ballot;
 *   destroying the key when the vote closes makes the link from voter to ballot unrecoverable.
 * A deleted key is gone for good: `secure_delete` overwrites the freed bytes and a checkpoint
 * moves them out of the write-ahead log. A tombstone row remembers the deletion, so no new key is
 * ever made in its place.
 */
export class KeyVault {
  private readonly insertKey;
  private readonly selectKey;
  private readonly eraseKey;
  private readonly discardKey;
  private readonly insertVoteKey;
  private readonly selectVoteKey;
  private readonly destroyVoteKeyRow;

  private constructor(private readonly db: Database.Database) {
    this.insertKey = db.prepare<[string, Buffer, string]>(
      'INSERT INTO member_keys (member_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (member_id) DO NOTHING',
    );
    this.selectKey = db.prepare<[string], { key: Buffer | null; erased_at: string | null }>(
      'SELECT key, erased_at FROM member_keys WHERE member_id = ?',
    );
    this.eraseKey = db.prepare<[{ memberId: string; now: string }]>(
      `INSERT INTO member_keys (member_id, key, created_at, erased_at) VALUES (@memberId, NULL, @now, @now)
       ON CONFLICT (member_id) DO UPDATE SET key = NULL, erased_at = COALESCE(erased_at, @now)`,
    );
    this.discardKey = db.prepare<[string]>('DELETE FROM member_keys WHERE member_id = ? AND key IS NOT NULL');
    this.insertVoteKey = db.prepare<[string, Buffer, string]>(
      'INSERT INTO vote_keys (vote_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (vote_id) DO NOTHING',
    );
    this.selectVoteKey = db.prepare<[string], { key: Buffer | null }>('SELECT key FROM vote_keys WHERE vote_id = ?');
    this.destroyVoteKeyRow = db.prepare<[{ voteId: string; now: string }]>(
      `INSERT INTO vote_keys (vote_id, key, created_at, destroyed_at) VALUES (@voteId, NULL, @now, @now)
       ON CONFLICT (vote_id) DO UPDATE SET key = NULL, destroyed_at = COALESCE(destroyed_at, @now)`,
    );
  }

  static open(path: string): KeyVault {
    if (path === ':memory:' || path === '') throw new Error('The member key vault must be a file, not in memory');
    mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    // Only the server's user may read the keys (the WAL and shared-memory files follow the database's mode).
    chmodSync(path, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.exec(`
      CREATE TABLE IF NOT EXISTS member_keys (
        member_id  TEXT PRIMARY KEY,
        key        BLOB,
        created_at TEXT NOT NULL,
        erased_at  TEXT,
        CHECK ((key IS NULL) = (erased_at IS NOT NULL))
      );
      CREATE TABLE IF NOT EXISTS vote_keys (
        vote_id      TEXT PRIMARY KEY,
        key          BLOB,
        created_at   TEXT NOT NULL,
        destroyed_at TEXT,
        CHECK ((key IS NULL) = (destroyed_at IS NOT NULL))
      );
    `);
    return new KeyVault(db);
  }

  status(memberId: string): MemberKeyStatus {
    const row = this.selectKey.get(memberId);
    if (row === undefined) return 'none';
    return row.key === null ? 'erased' : 'active';
  }

  /**
   * Seals `plaintext` under the member's key, making the key on first use. A retried command
   * seals again under the same key; the ciphertext differs (fresh IV) but opens to the same text.
   */
  seal(memberId: string, plaintext: string, now: Date = new Date()): SealedValue {
    this.insertKey.run(memberId, randomBytes(KEY_BYTES), now.toISOString());
    const key = this.keyOf(memberId);
    if (key === null) throw new MemberErasedError(memberId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(SCHEME, key, iv);
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
  open(sealed: SealedValue): string | null {
    if (sealed.scheme !== SCHEME) throw new Error(`Unknown sealing scheme ${String(sealed.scheme)}`);
    const key = this.keyOf(sealed.keyId);
    if (key === null) return null;
    const decipher = createDecipheriv(SCHEME, key, Buffer.from(sealed.iv, 'base64'));
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
  discard(memberId: string): void {
    this.discardKey.run(memberId);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Deletes the member's key for good; erasing twice is harmless. Returns whether a key was destroyed. */
  erase(memberId: string, now: Date = new Date()): boolean {
    const destroyed = this.status(memberId) === 'active';
    this.eraseKey.run({ memberId, now: now.toISOString() });
    // Move the overwritten pages out of the WAL now rather than at some later checkpoint.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return destroyed;
  }

  /** Makes the secrecy key of a vote when it opens; opening again (a retry) keeps the first key. */
  createVoteKey(voteId: string, now: Date = new Date()): void {
    this.insertVoteKey.run(voteId, randomBytes(KEY_BYTES), now.toISOString());
    if (this.voteKeyOf(voteId) === null) throw new VoteKeyDestroyedError(voteId);
  }

  voteKeyStatus(voteId: string): VoteKeyStatus {
    const row = this.selectVoteKey.get(voteId);
    if (row === undefined) return 'none';
    return row.key === null ? 'destroyed' : 'active';
  }

  /**
   * The opaque key under which a voter's ballot is stored: the same for every ballot of that
   * voter in that vote (so a later ballot replaces the earlier), unlinkable to the voter once
   * the vote's key is destroyed.
   */
  ballotKey(voteId: string, memberId: string): string {
    return this.mac(voteId, `ballot\0${memberId}`).subarray(0, 16).toString('hex');
  }

  /** The voter's tracker: shown only to them, published beside their ballot in the count. */
  tracker(voteId: string, memberId: string): string {
    const hex = this.mac(voteId, `tracker\0${memberId}`).subarray(0, 10).toString('hex');
    return hex.match(/.{4}/g)!.join('-');
  }

  /** Destroys the vote's key at its close; destroying twice is harmless. Returns whether a key was destroyed. */
  destroyVoteKey(voteId: string, now: Date = new Date()): boolean {
    const destroyed = this.voteKeyStatus(voteId) === 'active';
    this.destroyVoteKeyRow.run({ voteId, now: now.toISOString() });
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return destroyed;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private keyOf(memberId: string): Buffer | null {
    return this.selectKey.get(memberId)?.key ?? null;
  }

  private voteKeyOf(voteId: string): Buffer | null {
    return this.selectVoteKey.get(voteId)?.key ?? null;
  }

  private mac(voteId: string, message: string): Buffer {
    const key = this.voteKeyOf(voteId);
    if (key === null) throw new VoteKeyDestroyedError(voteId);
    return createHmac('sha256', key).update(message, 'utf8').digest();
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
