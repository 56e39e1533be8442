import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src';
import { makeTempDir } from '../../libs/testing/src';
import { describeEventStoreContract } from './event-store.contract';

describeEventStoreContract('sqlite', () => {
  const dir = makeTempDir('plenary-contract-');
  return {
    open: async (options = {}) =>
      SqliteEventStore.open({ path: join(dir.path, 'events.sqlite'), pollIntervalMs: 20, ...options }),
    // Another connection holds the write lock for longer than the store will wait: the
    // append cannot be done, which must surface as unavailable rather than as a conflict.
    openBroken: async () => {
      const path = join(dir.path, 'locked.sqlite');
      const store = SqliteEventStore.open({ path, busyTimeoutMs: 50 });
      const Database = (await import('better-sqlite3')).default;
      const blocker = new Database(path);
      blocker.exec('BEGIN IMMEDIATE');
      const close = store.close.bind(store);
      return Object.assign(store, {
        close: async () => {
          blocker.exec('ROLLBACK');
          blocker.close();
          await close();
        },
      });
    },
    cleanup: async () => dir.remove(),
  };
});

describe('sqlite event store start-up checks', () => {
  it('refuses an in-memory database, where WAL is impossible', () => {
    expect(() => SqliteEventStore.open({ path: ':memory:' })).toThrow(/file on disk/);
  });

  it('refuses a database whose schema is newer than this build', () => {
    const dir = makeTempDir();
    try {
      const path = join(dir.path, 'events.sqlite');
      SqliteEventStore.open({ path }).close();
      const Database = require('better-sqlite3') as typeof import('better-sqlite3');
      const db = new Database(path);
      db.prepare('INSERT INTO schema_migrations (version, name) VALUES (999, ?)').run('from the future');
      db.close();
      expect(() => SqliteEventStore.open({ path })).toThrow(/newer than this build/);
    } finally {
      dir.remove();
    }
  });

  it('refuses a file that is not a database', () => {
    const dir = makeTempDir();
    try {
      const path = join(dir.path, 'events.sqlite');
      writeFileSync(path, 'this is not a database file, just text that is long enough to look like a header');
      chmodSync(path, 0o600);
      expect(() => SqliteEventStore.open({ path })).toThrow();
    } finally {
      dir.remove();
    }
  });
});
