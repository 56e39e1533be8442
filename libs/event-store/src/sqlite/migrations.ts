import type Database from 'better-sqlite3';

/**
 * Versioned schema of the embedded event store. Migrations only ever get appended; an
 * installed database whose version is newer than this list is refused rather than guessed at.
 */
interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events',
    sql: `
      CREATE TABLE events (
        position  INTEGER PRIMARY KEY,
        event_id  TEXT    NOT NULL UNIQUE,
        stream_id TEXT    NOT NULL,
        revision  INTEGER NOT NULL CHECK (revision >= 0),
        type      TEXT    NOT NULL,
        data      TEXT    NOT NULL,
        metadata  TEXT    NOT NULL,
        UNIQUE (stream_id, revision)
      );
    `,
  },
];

export function migrate(db: Database.Database, migrations: readonly Migration[] = EVENT_STORE_MIGRATIONS): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name    TEXT NOT NULL
  )`);
  const current = (
    db.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_migrations').get() as {
      version: number;
    }
  ).version;
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  if (current > latest) {
    throw new Error(
      `The event store schema is at version ${current}, newer than this build knows (${latest}); run a newer Plenary`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
  const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  // Checked again under the write lock: another process opening the same new file at the same
  // moment may have applied this migration since the version was read above.
  const apply = db.transaction((migration: Migration) => {
    if (applied.get(migration.version) !== undefined) return;
    db.exec(migration.sql);
    record.run(migration.version, migration.name);
  });
  for (const migration of migrations) {
    if (migration.version > current) apply.immediate(migration);
  }
  return latest;
}
