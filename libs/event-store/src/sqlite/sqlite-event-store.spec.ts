import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EventMetadata } from '../../../core/src';
import { makeTempDir } from '../../../testing/src';
import {
  AppendResult,
  EventIdReuseError,
  EventStoreUnavailableError,
  EventToAppend,
  WrongExpectedRevisionError,
} from '../event-store';
import { migrate } from './migrations';
import { SqliteEventStore } from './sqlite-event-store';

const metadata: EventMetadata = {
  commandId: '00000000-0000-4000-8000-000000000001',
  correlationId: '00000000-0000-4000-8000-000000000001',
  causationId: '00000000-0000-4000-8000-000000000001',
  actor: { kind: 'operator', name: 'group-commit-spec' },
  acceptedAt: '2026-01-01T00:00:00.000Z',
};

function event(type: string, id: string = randomUUID()): EventToAppend {
  return { id, type, data: { type }, metadata };
}

/** Settles every promise and says, in order, what each came to. */
async function outcomes(promises: readonly Promise<AppendResult>[]) {
  const settled = await Promise.allSettled(promises);
  return settled.map((outcome) =>
    outcome.status === 'fulfilled'
      ? { ok: true as const, result: outcome.value }
      : { ok: false as const, error: outcome.reason as unknown },
  );
}

describe('SqliteEventStore group commit', () => {
  let dir: { path: string; remove(): void };
  let path: string;
  let store: SqliteEventStore;
  let groups: number[];

  beforeEach(() => {
    dir = makeTempDir('plenary-group-commit-');
    path = join(dir.path, 'events.sqlite');
    groups = [];
    store = SqliteEventStore.open({ path, onGroupCommit: (appends) => groups.push(appends) });
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  /** What another process would see: a connection of its own, reading committed rows only. */
  function committedEventIds(): string[] {
    const reader = new Database(path, { readonly: true });
    try {
      return (reader.prepare('SELECT event_id FROM events ORDER BY position').all() as Array<{ event_id: string }>).map(
        (row) => row.event_id,
      );
    } finally {
      reader.close();
    }
  }

  it('checks each append of one group on its own: successes, conflicts, replays and a broken append mixed', async () => {
    const seed = event('Seed');
    const seeded = await store.appendToStream('Group-a', [seed], { expectedRevision: 'no_stream' });
    groups = [];

    const first = event('First');
    const firstInB = event('B0');
    const duplicate = randomUUID();
    const requests = [
      // 0: extends Group-a from the revision read
      store.appendToStream('Group-a', [first], { expectedRevision: 0n }),
      // 1: read the same revision as 0, which is now stale inside the same transaction
      store.appendToStream('Group-a', [event('Late')], { expectedRevision: 0n }),
      // 2: a retry of the already committed seed: the original result, nothing appended
      store.appendToStream('Group-a', [seed], { expectedRevision: 'no_stream' }),
      // 3: creates Group-b
      store.appendToStream('Group-b', [firstInB], { expectedRevision: 'no_stream' }),
      // 4: a retry of 3 in the same group: sees 3's uncommitted rows and returns 3's result
      store.appendToStream('Group-b', [firstInB], { expectedRevision: 'no_stream' }),
      // 5: its second event reuses its first event's id: fails after writing one row
      store.appendToStream('Group-c', [event('C0', duplicate), event('C1', duplicate)], {
        expectedRevision: 'no_stream',
      }),
      // 6: reuses 0's event id in another stream: a caller bug, reported as such
      store.appendToStream('Group-d', [first], { expectedRevision: 'no_stream' }),
      // 7: extends Group-b after 3, within the same group
      store.appendToStream('Group-b', [event('B1')], { expectedRevision: 0n }),
    ];
    const settled = await outcomes(requests);

    expect(groups).toEqual([requests.length]);
    expect(settled[0]).toEqual({ ok: true, result: { nextExpectedRevision: 1n, position: seeded.position + 1n } });
    expect(settled[1].ok).toBe(false);
    expect(!settled[1].ok && settled[1].error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(!settled[1].ok && (settled[1].error as WrongExpectedRevisionError).actual).toBe(1n);
    expect(settled[2]).toEqual({ ok: true, result: { ...seeded, alreadyStored: true } });
    expect(settled[3]).toEqual({ ok: true, result: { nextExpectedRevision: 0n, position: seeded.position + 2n } });
    expect(settled[4]).toEqual({
      ok: true,
      result: { nextExpectedRevision: 0n, position: seeded.position + 2n, alreadyStored: true },
    });
    expect(settled[5].ok).toBe(false);
    expect(settled[6].ok).toBe(false);
    expect(!settled[6].ok && settled[6].error).toBeInstanceOf(EventIdReuseError);
    expect(settled[7].ok).toBe(true);
    expect(settled[7].ok && settled[7].result.nextExpectedRevision).toBe(1n);

    // The rejected appends left nothing behind, not even the first row of append 5.
    expect(await store.readStream('Group-c')).toEqual([]);
    expect(await store.readStream('Group-d')).toEqual([]);
    expect((await store.readStream('Group-a')).map((recorded) => recorded.type)).toEqual(['Seed', 'First']);
    expect((await store.readStream('Group-b')).map((recorded) => recorded.type)).toEqual(['B0', 'B1']);
  });

  it('keeps a single-event append that throws before writing from failing its group', async () => {
    const unserializable: EventToAppend = { id: randomUUID(), type: 'Broken', data: { big: 1n }, metadata };
    const settled = await outcomes([
      store.appendToStream('Single-a', [event('A')], { expectedRevision: 'no_stream' }),
      store.appendToStream('Single-b', [unserializable], { expectedRevision: 'no_stream' }),
      store.appendToStream('Single-c', [event('C')], { expectedRevision: 'no_stream' }),
    ]);

    expect(groups).toEqual([3]);
    expect(settled.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    expect(!settled[1].ok && settled[1].error).toBeInstanceOf(TypeError);
    expect((await store.readAll({ after: 0n, maxCount: 10 })).map((recorded) => recorded.streamName)).toEqual([
      'Single-a',
      'Single-c',
    ]);
  });

  it('gives global positions in the order the appends were requested, group after group', async () => {
    const firstGroup = Array.from({ length: 10 }, (_, index) =>
      store.appendToStream(`Order-${index}`, [event(`E${index}`), event(`E${index}b`)], {
        expectedRevision: 'no_stream',
      }),
    );
    const firstResults = await Promise.all(firstGroup);
    const secondGroup = Array.from({ length: 5 }, (_, index) =>
      store.appendToStream(`Order-${index}`, [event(`F${index}`)], { expectedRevision: 1n }),
    );
    const secondResults = await Promise.all(secondGroup);

    expect(groups).toEqual([10, 5]);
    const positions = [...firstResults, ...secondResults].map((result) => result.position);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(positions).size).toBe(positions.length);
    const log = await store.readAll({ after: 0n, maxCount: 100 });
    expect(log.map((recorded) => recorded.type)).toEqual([
      ...Array.from({ length: 10 }, (_, index) => [`E${index}`, `E${index}b`]).flat(),
      ...Array.from({ length: 5 }, (_, index) => `F${index}`),
    ]);
    expect(log.map((recorded) => recorded.position)).toEqual(log.map((_, index) => BigInt(index + 1)));
  });

  it('puts appends requested after a group was committed into the next group, keeping request order', async () => {
    const first = Array.from({ length: 5 }, (_, index) =>
      store.appendToStream(`Queued-${index}`, [event(`A${index}`)], { expectedRevision: 'no_stream' }),
    );
    // The first group has been committed by now; these form a later one.
    await new Promise((resolve) => setImmediate(resolve));
    const second = Array.from({ length: 5 }, (_, index) =>
      store.appendToStream(`Queued-${index}`, [event(`B${index}`)], { expectedRevision: 0n }),
    );
    const results = await Promise.all([...first, ...second]);

    expect(groups.reduce((sum, size) => sum + size, 0)).toBe(10);
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(results.map((result) => result.position)).toEqual(results.map((_, index) => BigInt(index + 1)));
    expect(results.slice(5).map((result) => result.nextExpectedRevision)).toEqual([1n, 1n, 1n, 1n, 1n]);
  });

  it('settles no append before its group has committed', async () => {
    const appended = event('Durable');
    const pending = store.appendToStream('Durable-1', [appended], { expectedRevision: 'no_stream' });
    // Requested but not yet written: another connection sees nothing.
    expect(committedEventIds()).toEqual([]);
    const seenWhenSettled = await pending.then(() => committedEventIds());
    expect(seenWhenSettled).toEqual([appended.id]);
  });

  it('rejects every append of a group whose transaction fails, writes none, and accepts their retries', async () => {
    await store.close();
    store = SqliteEventStore.open({ path, busyTimeoutMs: 50, onGroupCommit: (appends) => groups.push(appends) });
    const blocker = new Database(path);
    const events = [event('X'), event('Y'), event('Z')];
    const request = () =>
      events.map((appended, index) =>
        store.appendToStream(`Failed-${index}`, [appended], { expectedRevision: 'no_stream' }),
      );
    let failed: Awaited<ReturnType<typeof outcomes>>;
    blocker.exec('BEGIN IMMEDIATE');
    try {
      failed = await outcomes(request());
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }

    expect(groups).toEqual([]);
    for (const outcome of failed) {
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && outcome.error).toBeInstanceOf(EventStoreUnavailableError);
    }
    expect(committedEventIds()).toEqual([]);

    const retried = await Promise.all(request());
    expect(retried.map((result) => result.position)).toEqual([1n, 2n, 3n]);
    expect(committedEventIds()).toEqual(events.map((appended) => appended.id));
  });

  it('commits appends still pending when the store is closed', async () => {
    const appended = event('Last');
    const pending = store.appendToStream('Closing-1', [appended], { expectedRevision: 'no_stream' });
    await store.close();
    await expect(pending).resolves.toEqual({ nextExpectedRevision: 0n, position: 1n });
    expect(committedEventIds()).toEqual([appended.id]);
  });

  it('wakes subscribers once per group with every event of the group', async () => {
    const batches: string[][] = [];
    const subscription = store.subscribeToAll({ after: 0n }, (batch) => {
      batches.push(batch.map((recorded) => recorded.type));
    });
    await Promise.all(
      ['P', 'Q', 'R'].map((type) =>
        store.appendToStream(`Woken-${type}`, [event(type)], { expectedRevision: 'no_stream' }),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await subscription.close();
    expect(batches).toEqual([['P', 'Q', 'R']]);
  });
});

describe('schema migrations', () => {
  it('skip a migration another process applied after this one read the version', () => {
    const dir = makeTempDir();
    const path = join(dir.path, 'events.sqlite');
    const first = new Database(path);
    const second = new Database(path);
    try {
      migrate(first);
      // The second connection read the version before the first applied its migrations.
      const stale = new Proxy(second, {
        get(target, property) {
          const value = Reflect.get(target, property, target) as unknown;
          if (property === 'prepare') {
            return (sql: string) =>
              sql.includes('max(version)') ? { get: () => ({ version: 0 }) } : target.prepare(sql);
          }
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      expect(() => migrate(stale)).not.toThrow();
      expect(second.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 1 });
    } finally {
      first.close();
      second.close();
      dir.remove();
    }
  });
});
