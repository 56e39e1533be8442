import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Opens the read-model database. WAL keeps readers from blocking the projector. Commits use
 * synchronous=NORMAL: a power cut may lose the last batches, but each batch is committed
 * together with its checkpoint, so the projector simply applies them again from the log.
 */
export function openReadModelDatabase(path: string, busyTimeoutMs = 5000): Database.Database {
  if (path === ':memory:' || path === '') throw new Error('The read-model database needs a file on disk');
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  const journalMode = String(db.pragma('journal_mode = WAL', { simple: true })).toLowerCase();
  if (journalMode !== 'wal') {
    db.close();
    throw new Error(`${path}: journal_mode is '${journalMode}', not 'wal'; refusing to start`);
  }
  db.pragma('synchronous = NORMAL');
  return db;
}

/**
 * A canonical text of every user table: its DDL and its rows in primary-key order. Two read
 * models are the same exactly when their dumps are equal.
 */
export function dumpTables(db: Database.Database, tables?: readonly string[]): string {
  const names = (
    db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as Array<{ name: string; sql: string }>
  ).filter((table) => tables === undefined || tables.includes(table.name));
  const lines: string[] = [];
  for (const table of names) {
    lines.push(`-- ${table.name}`, table.sql);
    const rows = db
      .prepare(`SELECT * FROM "${table.name}" ORDER BY ${rowOrder(db, table.name, table.sql)}`)
      .raw(true)
      .all() as unknown[][];
    for (const row of rows)
      lines.push(JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
  }
  return lines.join('\n');
}

/** rowid order, or the primary key's for a table without rowids. */
function rowOrder(db: Database.Database, table: string, sql: string): string {
  if (!/WITHOUT\s+ROWID/i.test(sql)) return 'rowid';
  const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; pk: number }>)
    .filter((column) => column.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((column) => `"${column.name}"`);
  return columns.join(', ');
}
