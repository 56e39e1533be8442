import { join } from 'node:path';
import { ConcurrencyConflictError, Decider, DomainError, assertNever } from '../../core/src';
import { makeTempDir, testMetadata } from '../../testing/src';
import { CommandRunner, ContentionError } from './command-runner';
import { EventStore, EventStoreUnavailableError } from './event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

type CounterEvent = { type: 'Incremented'; data: { by: number } };
type CounterCommand = { type: 'Increment'; data: { by: number } };
const counter: Decider<CounterCommand, CounterEvent, number> = {
  initialState: () => 0,
  evolve: (total, event) => (event.type === 'Incremented' ? total + event.data.by : assertNever(event.type)),
  decide: (command) => (command.data.by === 0 ? [] : [{ type: 'Incremented', data: { by: command.data.by } }]),
};

const metadata = (commandId: string) => testMetadata({ commandId, actor: { kind: 'operator', name: 'spec' } });
const ids = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A store where another writer slips an event in before each of the next `times` appends. */
function withInterference(store: SqliteEventStore, stream: string, times: number): EventStore {
  let remaining = times;
  let counterId = 1000;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'appendToStream') {
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...args: Parameters<EventStore['appendToStream']>) => {
        if (remaining > 0) {
          remaining -= 1;
          const commandId = ids((counterId += 1));
          await target.appendToStream(
            stream,
            [{ id: commandId, type: 'Incremented', data: { by: 100 }, metadata: metadata(commandId) }],
            {
              expectedRevision: 'stream_exists',
            },
          );
        }
        return target.appendToStream(...args);
      };
    },
  }) as EventStore;
}

describe('command runner', () => {
  let dir: { path: string; remove(): void };
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = makeTempDir();
    store = SqliteEventStore.open({ path: join(dir.path, 'events.sqlite') });
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const increment = (by: number, commandId: string, expectedRevision?: bigint | 'no_stream') => ({
    command: { type: 'Increment' as const, data: { by } },
    metadata: metadata(commandId),
    expectedRevision,
  });

  it('appends with the revision it read and reports position and revision', async () => {
    const runner = new CommandRunner(store);
    const first = await runner.run(counter, 'Counter-1', increment(2, ids(1)));
    expect(first).toMatchObject({ revision: 0n, replayed: false, events: [{ type: 'Incremented', data: { by: 2 } }] });
    const second = await runner.run(counter, 'Counter-1', increment(3, ids(2)));
    expect(second.revision).toBe(1n);
    expect(second.position).toBeGreaterThan(first.position);
  });

  it('returns the original outcome for a repeated command id and appends nothing', async () => {
    const runner = new CommandRunner(store);
    const first = await runner.run(counter, 'Counter-1', increment(2, ids(1)));
    await runner.run(counter, 'Counter-1', increment(5, ids(2)));
    const again = await runner.run(counter, 'Counter-1', increment(2, ids(1)));
    expect(again).toEqual({ ...first, revision: 1n, replayed: true });
    expect(await store.readStream('Counter-1')).toHaveLength(2);
  });

  it('re-reads and re-decides when another writer got in first', async () => {
    await new CommandRunner(store).run(counter, 'Counter-1', increment(1, ids(1)));
    const runner = new CommandRunner(withInterference(store, 'Counter-1', 2), { maxAttempts: 3 });
    const outcome = await runner.run(counter, 'Counter-1', increment(1, ids(2)));
    expect(outcome.revision).toBe(3n);
    expect((await store.readStream('Counter-1')).map((e) => (e.data as { by: number }).by)).toEqual([1, 100, 100, 1]);
  });

  it('gives up with CONTENTION after the bounded number of attempts', async () => {
    await new CommandRunner(store).run(counter, 'Counter-1', increment(1, ids(1)));
    const runner = new CommandRunner(withInterference(store, 'Counter-1', 10), { maxAttempts: 3 });
    await expect(runner.run(counter, 'Counter-1', increment(1, ids(2)))).rejects.toBeInstanceOf(ContentionError);
    expect((await store.readStream('Counter-1')).filter((e) => e.metadata.commandId === ids(2))).toEqual([]);
  });

  it("reports CONFLICT instead of retrying when the client's expected revision is stale", async () => {
    const runner = new CommandRunner(store);
    await runner.run(counter, 'Counter-1', increment(1, ids(1)));
    await runner.run(counter, 'Counter-1', increment(1, ids(2)));
    const error = await runner.run(counter, 'Counter-1', increment(1, ids(3), 0n)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    expect((error as ConcurrencyConflictError).details).toMatchObject({ expectedRevision: '0', actualRevision: '1' });
    await expect(runner.run(counter, 'Counter-2', increment(1, ids(4), 0n))).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect(await store.readStream('Counter-2')).toEqual([]);
  });

  it('maps a conflict at append time to CONFLICT when the client named a revision', async () => {
    await new CommandRunner(store).run(counter, 'Counter-1', increment(1, ids(1)));
    const runner = new CommandRunner(withInterference(store, 'Counter-1', 1));
    await expect(runner.run(counter, 'Counter-1', increment(1, ids(2), 0n))).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
  });

  it('appends nothing when the decider decides nothing', async () => {
    const outcome = await new CommandRunner(store).run(counter, 'Counter-1', increment(0, ids(1)));
    expect(outcome).toMatchObject({ events: [], revision: null, position: 0n });
    expect(await store.headPosition()).toBe(0n);
  });

  it('lets a storage failure through as unavailable, never retried as a conflict', async () => {
    const runner = new CommandRunner(store);
    await store.close();
    await expect(runner.run(counter, 'Counter-1', increment(1, ids(1)))).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
  });

  /** The store, counting how many events each read returned. */
  function counting(target: SqliteEventStore): { store: EventStore; eventsRead: number[] } {
    const eventsRead: number[] = [];
    const store = new Proxy(target, {
      get(inner, property, receiver) {
        if (property !== 'readStream') return Reflect.get(inner, property, receiver);
        return async (...args: Parameters<EventStore['readStream']>) => {
          const events = await inner.readStream(...args);
          eventsRead.push(events.length);
          return events;
        };
      },
    }) as EventStore;
    return { store, eventsRead };
  }

  describe('run on a state it already holds', () => {
    /** Brings the counter to a target: the event it decides depends on the state it decides on. */
    type SetTo = { type: 'SetTo'; data: { target: number } };
    const setTo: Decider<SetTo, CounterEvent, number> = {
      ...counter,
      decide: (command, total) =>
        command.data.target === total ? [] : [{ type: 'Incremented', data: { by: command.data.target - total } }],
    };
    /** Takes away, refused when the counter would go below zero. */
    type TakeAway = { type: 'TakeAway'; data: { by: number } };
    const takeAway: Decider<TakeAway, CounterEvent, number> = {
      ...counter,
      decide: (command, total) => {
        if (total < command.data.by) throw new DomainError('CONFLICT', 'TOO_LOW', `only ${total}`);
        return [{ type: 'Incremented', data: { by: -command.data.by } }];
      },
    };
    const command = <Command>(body: Command, commandId: string) => ({ command: body, metadata: metadata(commandId) });
    const totals = async (stream: string) =>
      (await store.readStream(stream)).map((event) => (event.data as { by: number }).by);
    /** A second connection to the same file: another API process writing the same store. */
    let other: SqliteEventStore;
    beforeEach(() => {
      other = SqliteEventStore.open({ path: join(dir.path, 'events.sqlite') });
    });
    afterEach(async () => {
      await other.close();
    });

    it('appends without reading the stream again when it loaded or wrote it last', async () => {
      const { store: watched, eventsRead } = counting(store);
      const runner = new CommandRunner(watched);
      expect(await runner.load(counter, 'Counter-R')).toBe(0);
      await runner.run(counter, 'Counter-R', increment(1, ids(401)));
      await runner.run(counter, 'Counter-R', increment(2, ids(402)));
      const third = await runner.run(counter, 'Counter-R', increment(3, ids(403)));
      expect(third).toMatchObject({ revision: 2n, replayed: false });
      expect(eventsRead).toEqual([0]);
      expect(await totals('Counter-R')).toEqual([1, 2, 3]);
    });

    it('decides again on the stream as stored when another process appended in between', async () => {
      const runner = new CommandRunner(store);
      await runner.run(setTo, 'Counter-S', command({ type: 'SetTo', data: { target: 5 } }, ids(411)));
      await new CommandRunner(other).run(counter, 'Counter-S', increment(100, ids(412)));
      const outcome = await runner.run(setTo, 'Counter-S', command({ type: 'SetTo', data: { target: 10 } }, ids(413)));
      expect(outcome).toMatchObject({ revision: 2n, events: [{ data: { by: -95 } }] });
      // A state it held that looked done already is checked against the stream too.
      await new CommandRunner(other).run(counter, 'Counter-S', increment(1, ids(414)));
      await runner.run(setTo, 'Counter-S', command({ type: 'SetTo', data: { target: 10 } }, ids(415)));
      expect(await totals('Counter-S')).toEqual([5, 100, -95, 1, -1]);
    });

    it('answers a replay for a command another process already applied', async () => {
      const runner = new CommandRunner(store);
      await runner.run(counter, 'Counter-P', increment(1, ids(421)));
      const first = await new CommandRunner(other).run(counter, 'Counter-P', increment(7, ids(422)));
      const again = await runner.run(counter, 'Counter-P', increment(7, ids(422)));
      expect(again).toMatchObject({ replayed: true, position: first.position, revision: 1n });
      expect(await totals('Counter-P')).toEqual([1, 7]);
    });

    it('does not refuse on a state another process has moved past', async () => {
      const runner = new CommandRunner(store);
      expect(await runner.load(takeAway, 'Counter-T')).toBe(0);
      await new CommandRunner(other).run(counter, 'Counter-T', increment(5, ids(431)));
      const outcome = await runner.run(takeAway, 'Counter-T', command({ type: 'TakeAway', data: { by: 3 } }, ids(432)));
      expect(outcome.revision).toBe(1n);
      await expect(
        runner.run(takeAway, 'Counter-T', command({ type: 'TakeAway', data: { by: 3 } }, ids(433))),
      ).rejects.toMatchObject({ code: 'TOO_LOW' });
      expect(await totals('Counter-T')).toEqual([5, -3]);
    });
  });

  describe('load', () => {
    it('folds a stream once and afterwards reads only what was appended since', async () => {
      const writer = new CommandRunner(store);
      for (let n = 1; n <= 5; n += 1) await writer.run(counter, 'Counter-L', increment(n, ids(100 + n)));
      const { store: watched, eventsRead } = counting(store);
      const reader = new CommandRunner(watched);
      expect(await reader.load(counter, 'Counter-L')).toBe(15);
      expect(await reader.load(counter, 'Counter-L')).toBe(15);
      await writer.run(counter, 'Counter-L', increment(10, ids(106)));
      expect(await reader.load(counter, 'Counter-L')).toBe(25);
      expect(eventsRead).toEqual([5, 0, 1]);
    });

    it('keeps states apart per decider and per stream, and a bounded number of them', async () => {
      const writer = new CommandRunner(store);
      await writer.run(counter, 'Counter-A', increment(1, ids(201)));
      await writer.run(counter, 'Counter-B', increment(2, ids(202)));
      const doubled = { ...counter, evolve: (total: number, event: CounterEvent) => total + 2 * event.data.by };
      const { store: watched, eventsRead } = counting(store);
      const reader = new CommandRunner(watched, { maxLoadedStreams: 1 });
      expect(await reader.load(counter, 'Counter-A')).toBe(1);
      expect(await reader.load(doubled, 'Counter-A')).toBe(2);
      expect(await reader.load(counter, 'Counter-B')).toBe(2);
      // Counter-A was pushed out by Counter-B, so it is folded again from the start.
      expect(await reader.load(counter, 'Counter-A')).toBe(1);
      expect(eventsRead).toEqual([1, 1, 1, 1]);
    });

    it('loads an empty state for a stream that does not exist yet, then its first events', async () => {
      const reader = new CommandRunner(store);
      expect(await reader.load(counter, 'Counter-N')).toBe(0);
      await new CommandRunner(store).run(counter, 'Counter-N', increment(4, ids(301)));
      expect(await reader.load(counter, 'Counter-N')).toBe(4);
    });
  });
});
