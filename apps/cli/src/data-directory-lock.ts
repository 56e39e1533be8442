import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './cli-error';

/** Another process holds the data directory in a way that excludes this one. */
export class DataDirectoryLockedError extends CliError {
  constructor(message: string) {
    super(message, 1);
    this.name = 'DataDirectoryLockedError';
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/**
 * A lock on the data directory held through SQLite's own file locks on `plenary.lock`: servers
 * hold it shared (several may run on one store), a rebuild exclusively. The operating system
 * drops the locks of a process that dies, even by SIGKILL, so no stale lock is ever left.
 */
export class DataDirectoryLock {
  private constructor(private readonly db: Database.Database) {}

  static shared(dataDir: string, holder: string): DataDirectoryLock {
    let db: Database.Database | undefined;
    try {
      db = DataDirectoryLock.openLockFile(dataDir);
      db.exec('BEGIN');
      db.prepare('SELECT count(*) FROM lock').get();
      return new DataDirectoryLock(db);
    } catch (error) {
      if (db?.open) db.close();
      if (isBusy(error))
        throw new DataDirectoryLockedError(
          `${holder}: a rebuild holds the data directory ${dataDir}; wait for it to finish, then try again`,
        );
      throw error;
    }
  }

  static exclusive(dataDir: string, holder: string): DataDirectoryLock {
    let db: Database.Database | undefined;
    try {
      db = DataDirectoryLock.openLockFile(dataDir);
      db.exec('BEGIN EXCLUSIVE');
      return new DataDirectoryLock(db);
    } catch (error) {
      if (db?.open) db.close();
      if (isBusy(error))
        throw new DataDirectoryLockedError(
          `${holder}: a running server (or another rebuild) holds the data directory ${dataDir}; stop it first`,
        );
      throw error;
    }
  }

  private static openLockFile(dataDir: string): Database.Database {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'plenary.lock'));
    db.pragma('busy_timeout = 0');
    try {
      // Rollback journal: a reader's open transaction holds a SHARED lock that excludes EXCLUSIVE.
      db.pragma('journal_mode = DELETE');
      // A file with a page in it, so that reading it takes a lock (an empty file has nothing to read).
      db.exec('CREATE TABLE IF NOT EXISTS lock (holder TEXT)');
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }

  release(): void {
    if (!this.db.open) return;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.db.close();
  }
}
