import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '../../libs/core/src';
import {
  AppendTooLargeError,
  DEFAULT_MAX_APPEND_BYTES,
  EventStore,
  EventStoreUnavailableError,
  EventToAppend,
  RecordedEvent,
  WrongExpectedRevisionError,
  appendSize,
} from '../../libs/event-store/src';

/** What an adapter's spec provides to the shared contract. */
export interface EventStoreContractFixture {
  /** A store ready for use; the suite closes it. `maxAppendBytes` is passed to the adapter. */
  open(options?: { maxAppendBytes?: number }): Promise<EventStore>;
  /** A store whose backing storage has failed or cannot be reached. */
  openBroken(): Promise<EventStore>;
  cleanup(): Promise<void>;
}

const metadata: EventMetadata = {
  commandId: '00000000-0000-4000-8000-000000000001',
  correlationId: '00000000-0000-4000-8000-000000000001',
  causationId: '00000000-0000-4000-8000-000000000001',
  actor: { kind: 'operator', name: 'contract-test' },
  acceptedAt: '2026-01-01T00:00:00.000Z',
};

function event(type: string, data: Record<string, unknown> = {}): EventToAppend {
  return { id: randomUUID(), type, data, metadata };
}

/** Stream names unique to one run, so the suite also works against a shared EventStoreDB. */
function streamName(label: string): string {
  return `Contract${label}-${randomUUID().replace(/-/g, '')}`;
}

/** An event whose share of an append (as `appendSize` counts it) is exactly `bytes`. */
function eventOfSize(type: string, bytes: number): EventToAppend {
  const empty = { ...event(type, { pad: '' }) };
  const padding = bytes - appendSize([empty]);
  if (padding < 0) throw new Error(`an event of type ${type} takes at least ${bytes - padding} bytes`);
  return { ...empty, data: { pad: 'x'.repeat(padding) } };
}

async function expectTooLarge(promise: Promise<unknown>): Promise<AppendTooLargeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppendTooLargeError);
  return error as AppendTooLargeError;
}

async function expectConflict(promise: Promise<unknown>): Promise<WrongExpectedRevisionError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  return error as WrongExpectedRevisionError;
}

export function describeEventStoreContract(adapter: string, fixture: () => EventStoreContractFixture): void {
  describe(`event store contract: ${adapter}`, () => {
    let context: EventStoreContractFixture;
    let store: EventStore;

    beforeEach(async () => {
      context = fixture();
      store = await context.open();
    });

    afterEach(async () => {
      await store.close();
      await context.cleanup();
    });

    it('creates a stream with no_stream and reads back type, data, metadata and revisions', async () => {
      const stream = streamName('Create');
      const result = await store.appendToStream(
        stream,
        [event('Created', { name: 'Åsa', nested: { n: [1, 2] } }), event('Renamed', { name: 'Bo' })],
        { expectedRevision: 'no_stream' },
      );
      expect(result.nextExpectedRevision).toBe(1n);
      const events = await store.readStream(stream);
      expect(events.map((e) => [e.type, e.revision, e.streamName])).toEqual([
        ['Created', 0n, stream],
        ['Renamed', 1n, stream],
      ]);
      expect(events[0].data).toEqual({ name: 'Åsa', nested: { n: [1, 2] } });
      expect(events[0].metadata).toEqual(metadata);
      expect(events[1].position).toBe(result.position);
      expect(events[0].position).toBeLessThan(events[1].position);
    });

    it('reads an absent stream as empty', async () => {
      expect(await store.readStream(streamName('Absent'))).toEqual([]);
    });

    it('rejects no_stream when the stream exists, naming the actual revision', async () => {
      const stream = streamName('Exists');
      await store.appendToStream(stream, [event('A')], { expectedRevision: 'no_stream' });
      const error = await expectConflict(store.appendToStream(stream, [event('B')], { expectedRevision: 'no_stream' }));
      expect(error.actual).toBe(0n);
      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('rejects stream_exists when the stream is absent', async () => {
      const stream = streamName('Missing');
      const error = await expectConflict(
        store.appendToStream(stream, [event('A')], { expectedRevision: 'stream_exists' }),
      );
      expect(error.actual).toBe('no_stream');
      expect(await store.readStream(stream)).toEqual([]);
    });

    it('appends at the exact revision read and rejects a stale one', async () => {
      const stream = streamName('Exact');
      await store.appendToStream(stream, [event('A')], { expectedRevision: 'no_stream' });
      const second = await store.appendToStream(stream, [event('B')], { expectedRevision: 0n });
      expect(second.nextExpectedRevision).toBe(1n);
      await store.appendToStream(stream, [event('C')], { expectedRevision: 'stream_exists' });
      const error = await expectConflict(store.appendToStream(stream, [event('D')], { expectedRevision: 1n }));
      expect(error.actual).toBe(2n);
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    });

    it('reads a stream backwards, from a revision, with a maximum count', async () => {
      const stream = streamName('Read');
      await store.appendToStream(
        stream,
        ['E0', 'E1', 'E2', 'E3', 'E4'].map((type) => event(type)),
        { expectedRevision: 'no_stream' },
      );
      const types = (events: RecordedEvent[]) => events.map((e) => e.type);
      expect(types(await store.readStream(stream, { direction: 'backwards' }))).toEqual(['E4', 'E3', 'E2', 'E1', 'E0']);
      expect(types(await store.readStream(stream, { direction: 'backwards', maxCount: 1 }))).toEqual(['E4']);
      expect(types(await store.readStream(stream, { fromRevision: 2n, maxCount: 2 }))).toEqual(['E2', 'E3']);
      expect(await store.readStream(stream, { fromRevision: 99n })).toEqual([]);
      expect(types(await store.readStream(stream, { direction: 'backwards', fromRevision: 1n }))).toEqual(['E1', 'E0']);
    });

    it('treats an already-stored event id as a retry: nothing appended, the original result returned', async () => {
      const stream = streamName('Retry');
      const batch = [event('A'), event('B')];
      const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
      const again = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
      expect(again).toEqual({ ...first, ...(again.alreadyStored === undefined ? {} : { alreadyStored: true }) });
      expect(first.alreadyStored).toBeUndefined();
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('reads the global log after a position, in commit order', async () => {
      const start = await store.headPosition();
      const one = streamName('LogOne');
      const two = streamName('LogTwo');
      await store.appendToStream(one, [event('A')], { expectedRevision: 'no_stream' });
      await store.appendToStream(two, [event('B'), event('C')], { expectedRevision: 'no_stream' });
      await store.appendToStream(one, [event('D')], { expectedRevision: 0n });
      const page = (await store.readAll({ after: start, maxCount: 1000 })).filter(
        (e) => e.streamName === one || e.streamName === two,
      );
      expect(page.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      for (let i = 1; i < page.length; i += 1) expect(page[i].position).toBeGreaterThan(page[i - 1].position);
      const afterSecond = await store.readAll({ after: page[1].position, maxCount: 1000 });
      expect(afterSecond.filter((e) => e.streamName === one || e.streamName === two).map((e) => e.type)).toEqual([
        'C',
        'D',
      ]);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(page[3].position);
    });

    it('subscribes from a position: catches up, then receives live events in order', async () => {
      const stream = streamName('Subscribe');
      const start = await store.headPosition();
      await store.appendToStream(stream, [event('Past1'), event('Past2')], { expectedRevision: 'no_stream' });
      const seen: string[] = [];
      let resolveLive!: () => void;
      const live = new Promise<void>((resolve) => (resolveLive = resolve));
      const subscription = store.subscribeToAll({ after: start }, (batch) => {
        for (const e of batch) if (e.streamName === stream) seen.push(e.type);
        if (seen.includes('Live')) resolveLive();
      });
      await store.appendToStream(stream, [event('Live')], { expectedRevision: 1n });
      await live;
      await subscription.close();
      await subscription.done;
      expect(seen).toEqual(['Past1', 'Past2', 'Live']);
    });

    it('lets exactly one of many concurrent appends with the same expected revision win', async () => {
      const stream = streamName('Race');
      await store.appendToStream(stream, [event('A')], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () => store.appendToStream(stream, [event('B')], { expectedRevision: 0n })),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
      }
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('accepts an append of exactly 1 MiB as EventStoreDB counts it and refuses one byte more, writing nothing', async () => {
      const stream = streamName('Limit');
      const half = DEFAULT_MAX_APPEND_BYTES / 2;
      // Counted over the whole append, not per event: two halves fit, two halves and a byte do not.
      const over = await expectTooLarge(
        store.appendToStream(stream, [eventOfSize('Half', half), eventOfSize('Half', half + 1)], {
          expectedRevision: 'no_stream',
        }),
      );
      expect(over).toMatchObject({ code: 'APPEND_TOO_LARGE', size: DEFAULT_MAX_APPEND_BYTES + 1 });
      expect(over.limit).toBe(DEFAULT_MAX_APPEND_BYTES);
      expect(over.message).toContain(String(DEFAULT_MAX_APPEND_BYTES));
      expect(await store.readStream(stream)).toEqual([]);

      const fits = [eventOfSize('Half', half), eventOfSize('Half', half)];
      expect(appendSize(fits)).toBe(DEFAULT_MAX_APPEND_BYTES);
      const written = await store.appendToStream(stream, fits, { expectedRevision: 'no_stream' });
      expect(written.nextExpectedRevision).toBe(1n);
      const [first] = await store.readStream(stream);
      expect((first.data as { pad: string }).pad).toHaveLength((fits[0].data as { pad: string }).pad.length);

      await expectTooLarge(
        store.appendToStream(stream, [eventOfSize('Whole', DEFAULT_MAX_APPEND_BYTES + 1)], { expectedRevision: 1n }),
      );
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('takes its limit from the configuration, and an oversized append fails no other append', async () => {
      const small = await context.open({ maxAppendBytes: 4096 });
      try {
        const stream = streamName('SmallLimit');
        const others = [streamName('Neighbour'), streamName('Neighbour')];
        // Requested together, so the embedded store commits them as one group.
        const outcomes = await Promise.allSettled([
          small.appendToStream(others[0], [eventOfSize('Fits', 4096)], { expectedRevision: 'no_stream' }),
          small.appendToStream(stream, [eventOfSize('TooBig', 4097)], { expectedRevision: 'no_stream' }),
          small.appendToStream(others[1], [eventOfSize('Fits', 2048), eventOfSize('Fits', 2048)], {
            expectedRevision: 'no_stream',
          }),
        ]);
        expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        const refused = (outcomes[1] as PromiseRejectedResult).reason as AppendTooLargeError;
        expect(refused).toBeInstanceOf(AppendTooLargeError);
        expect(refused).toMatchObject({ streamName: stream, size: 4097, limit: 4096 });
        expect(await small.readStream(stream)).toEqual([]);
        expect(await small.readStream(others[1])).toHaveLength(2);
      } finally {
        await small.close();
      }
    });

    it('reports a storage failure as unavailable, never as a conflict', async () => {
      const broken = await context.openBroken();
      try {
        const error = await broken
          .appendToStream(streamName('Broken'), [event('A')], { expectedRevision: 'no_stream' })
          .then(
            () => undefined,
            (caught: unknown) => caught,
          );
        expect(error).toBeInstanceOf(EventStoreUnavailableError);
        expect(error).not.toBeInstanceOf(WrongExpectedRevisionError);
      } finally {
        await broken.close().catch(() => undefined);
      }
    });
  });
}
