import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteEventStore } from '../../event-store/src';
import { openReadModelDatabase } from '../../projections/src/read-model-database';
import { makeTempDir } from './temp-dir';

/** A real event store and read-model database in a fresh directory, for one test. */
export interface StoreFixture {
  readonly dir: string;
  readonly store: SqliteEventStore;
  readonly db: Database.Database;
  /** Closes both files and removes the directory. */
  close(): Promise<void>;
}

export function openStoreFixture(): StoreFixture {
  const dir = makeTempDir();
  const store = SqliteEventStore.open({ path: join(dir.path, 'events.sqlite'), pollIntervalMs: 10 });
  const db = openReadModelDatabase(join(dir.path, 'read-models.sqlite'));
  return {
    dir: dir.path,
    store,
    db,
    async close() {
      await store.close();
      db.close();
      dir.remove();
    },
  };
}
