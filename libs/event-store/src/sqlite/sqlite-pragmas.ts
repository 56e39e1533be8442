import type Database from 'better-sqlite3';

/**
 * Durability settings shared by the event store and the read models: write-ahead logging and a
 * full fsync on every commit. Both are read back, because SQLite silently keeps another journal
 * mode on file systems (or in-memory databases) that cannot do WAL; we refuse to run without them.
 */
export function applyDurablePragmas(db: Database.Database, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  const journalMode = String(db.pragma('journal_mode = WAL', { simple: true })).toLowerCase();
  db.pragma('synchronous = FULL');
  const synchronous = Number(db.pragma('synchronous', { simple: true }));
  if (journalMode !== 'wal') {
    throw new Error(`${db.name}: journal_mode is '${journalMode}', not 'wal'; refusing to start`);
  }
  if (synchronous !== 2) {
    throw new Error(`${db.name}: synchronous is ${synchronous}, not FULL (2); refusing to start`);
  }
}
