import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyRing, KeyStorage, StoredKey } from './key-storage';

/** Each ring's table and the name of its tombstone's time column (the file's schema predates rings). */
const TABLES: Record<KeyRing, { table: string; id: string; deletedAt: string }> = {
  member: { table: 'member_keys', id: 'member_id', deletedAt: 'erased_at' },
  vote: { table: 'vote_keys', id: 'vote_id', deletedAt: 'destroyed_at' },
  service: { table: 'service_keys', id: 'name', deletedAt: 'deleted_at' },
};

interface RingStatements {
  insert: Database.Statement<[string, Buffer, string]>;
  select: Database.Statement<[string], { key: Buffer | null }>;
  destroy: Database.Statement<[{ id: string; now: string }]>;
  discard: Database.Statement<[string]>;
}

/**
 * Keys in their own SQLite file (the embedded default; several processes on one machine share
 * it through SQLite's locking). A deleted key is gone for good: `secure_delete` overwrites the
 * freed bytes and a checkpoint moves them out of the write-ahead log. The tombstone is the row
 * itself with its key set to NULL.
 */
export class SqliteKeyStorage implements KeyStorage {
  private readonly rings: Record<KeyRing, RingStatements>;

  private constructor(private readonly db: Database.Database) {
    const statements = (ring: KeyRing): RingStatements => {
      const { table, id, deletedAt } = TABLES[ring];
      return {
        insert: db.prepare(
          `INSERT INTO ${table} (${id}, key, created_at) VALUES (?, ?, ?) ON CONFLICT (${id}) DO NOTHING`,
        ),
        select: db.prepare(`SELECT key FROM ${table} WHERE ${id} = ?`),
        destroy: db.prepare(
          `INSERT INTO ${table} (${id}, key, created_at, ${deletedAt}) VALUES (@id, NULL, @now, @now)
           ON CONFLICT (${id}) DO UPDATE SET key = NULL, ${deletedAt} = COALESCE(${deletedAt}, @now)`,
        ),
        discard: db.prepare(`DELETE FROM ${table} WHERE ${id} = ? AND key IS NOT NULL`),
      };
    };
    this.rings = { member: statements('member'), vote: statements('vote'), service: statements('service') };
  }

  static open(path: string): SqliteKeyStorage {
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
      CREATE TABLE IF NOT EXISTS service_keys (
        name       TEXT PRIMARY KEY,
        key        BLOB,
        created_at TEXT NOT NULL,
        deleted_at TEXT,
        CHECK ((key IS NULL) = (deleted_at IS NOT NULL))
      );
    `);
    return new SqliteKeyStorage(db);
  }

  async read(ring: KeyRing, id: string): Promise<StoredKey> {
    return this.readNow(ring, id);
  }

  async create(ring: KeyRing, id: string, key: Buffer, now: Date): Promise<StoredKey> {
    this.rings[ring].insert.run(id, key, now.toISOString());
    return this.readNow(ring, id);
  }

  async destroy(ring: KeyRing, id: string, now: Date): Promise<boolean> {
    const statements = this.rings[ring];
    const destroyed = this.db.transaction(() => {
      const had = statements.select.get(id)?.key != null;
      statements.destroy.run({ id, now: now.toISOString() });
      return had;
    })();
    // Move the overwritten pages out of the WAL now rather than at some later checkpoint.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return destroyed;
  }

  async discard(ring: KeyRing, id: string): Promise<void> {
    this.rings[ring].discard.run(id);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private readNow(ring: KeyRing, id: string): StoredKey {
    const row = this.rings[ring].select.get(id);
    if (row === undefined) return { state: 'none' };
    return row.key === null ? { state: 'deleted' } : { state: 'active', key: row.key };
  }
}
