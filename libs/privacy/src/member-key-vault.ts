import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SealedValue } from '../../core/src';

const SCHEME = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;

/** What the vault knows about one member's key. */
export type MemberKeyStatus = 'none' | 'active' | 'erased';

/**
 * Per-member encryption keys, kept in their own SQLite file beside (never inside) the event log.
 * Erasing a member deletes the key for good: `secure_delete` overwrites the freed bytes and a
 * checkpoint moves them out of the write-ahead log, so the key survives in no page of the file.
 * A tombstone row remembers the erasure, so no new key is ever made for that member again.
 */
export class MemberKeyVault {
  private readonly insertKey;
  private readonly selectKey;
  private readonly eraseKey;

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
  }

  static open(path: string): MemberKeyVault {
    if (path === ':memory:' || path === '') throw new Error('The member key vault must be a file, not in memory');
    mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
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
      )
    `);
    return new MemberKeyVault(db);
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

  /** Deletes the member's key for good; erasing twice is harmless. Returns whether a key was destroyed. */
  erase(memberId: string, now: Date = new Date()): boolean {
    const destroyed = this.status(memberId) === 'active';
    this.eraseKey.run({ memberId, now: now.toISOString() });
    // Move the overwritten pages out of the WAL now rather than at some later checkpoint.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return destroyed;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private keyOf(memberId: string): Buffer | null {
    return this.selectKey.get(memberId)?.key ?? null;
  }
}

/** Sealing for a member whose key was erased: their personal data may never be stored again. */
export class MemberErasedError extends Error {
  constructor(readonly memberId: string) {
    super(`Member ${memberId} has been erased; no personal data can be stored for them`);
    this.name = 'MemberErasedError';
  }
}
