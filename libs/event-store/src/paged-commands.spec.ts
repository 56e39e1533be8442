import { join } from 'node:path';
import {
  ConventionEvent,
  ConventionState,
  RulesOfProcedure,
  SeatsApportionedV1Data,
  conventionDecider,
  conventionStream,
  publishApportionment,
  PROPOSAL_KINDS,
} from '../../convention/src';
import { isPageEventType } from '../../core/src';
import { makeTempDir, testMetadata } from '../../testing/src';
import { AppendTooLargeError, DEFAULT_MAX_APPEND_BYTES, appendSize } from './append-limit';
import { CommandRunner } from './command-runner';
import { EventStore, EventStoreUnavailableError, RecordedEvent } from './event-store';
import { eventVersions } from './event-versions';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/**
 * Commands whose result outgrows one append, at the benchmarks' scale (10,000 chapters, 1,000
 * seats, as bench/apportionment.bench.ts): through the real command runner on a real store.
 */
const conventionId = 'convention-1';
const clerk = 'member-clerk';
const at = '2026-03-01T10:00:00.000Z';
const rules: RulesOfProcedure = {
  thresholds: PROPOSAL_KINDS.map((kind) => ({ kind, threshold: '2/3' })),
  quorum: '1/2',
  amendmentDepth: 2,
  friendlyAmendments: true,
  seconders: 1,
  deadlines: [],
  totalSeats: 1_000,
  minimumSeatsPerChapter: 0,
  apportionmentMethod: 'SAINTE_LAGUE',
  electionMethod: 'STV',
  alternatesPerChapter: 1,
  lotSeed: 'paged-commands',
};
const setUp: ConventionEvent[] = [
  { type: 'ConventionCalled', data: { conventionId, title: 'Scale', rules, calledBy: 'chair', calledAt: at } },
  {
    type: 'SecretariatMemberAppointed',
    data: { conventionId, memberId: clerk, appointedBy: 'chair', appointedAt: at },
  },
];
/** 10,000 chapters of uneven sizes (1,000,000 members in all), ids as UUIDs like the real ones. */
const chapters = Array.from({ length: 10_000 }, (_, index) => ({
  chapterId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  members: 20 + ((index * 7919) % 161),
}));
const advance = (cutoffPosition = '2030002') => ({
  type: 'AdvanceConventionPhase' as const,
  data: {
    conventionId,
    to: 'DELEGATE_SELECTION' as const,
    advancedBy: clerk,
    advancedAt: at,
    facts: { membership: { cutoffPosition, chapters } },
  },
});
const metadata = (commandId: string) =>
  testMetadata({ commandId, actor: { kind: 'member', memberId: clerk }, acceptedAt: at });
const commandIds = (n: number) => `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The appends a command made, as stored: its events grouped by the part they came in. */
function appendsOf(history: readonly RecordedEvent[], commandId: string): RecordedEvent[][] {
  const parts = new Map<number, RecordedEvent[]>();
  for (const recorded of history) {
    if (recorded.metadata.commandId !== commandId) continue;
    const part = recorded.metadata.commandPart?.append ?? 0;
    parts.set(part, [...(parts.get(part) ?? []), recorded]);
  }
  return [...parts.values()];
}

describe('commands whose result does not fit one append', () => {
  let dir: { path: string; remove(): void };
  let store: SqliteEventStore;
  let runner: CommandRunner;

  beforeEach(async () => {
    dir = makeTempDir();
    store = SqliteEventStore.open({ path: join(dir.path, 'events.sqlite') });
    runner = new CommandRunner(store);
    await runner.run({ ...conventionDecider, decide: () => setUp }, conventionStream(), {
      command: advance(),
      metadata: metadata(commandIds(0)),
    });
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('apportions 10,000 chapters in appends each under 1 MiB, pages first, the closing event last', async () => {
    const outcome = await runner.run(conventionDecider, conventionStream(), {
      command: advance(),
      metadata: metadata(commandIds(1)),
    });
    const history = await store.readStream(conventionStream());
    const appends = appendsOf(history, commandIds(1));
    const sizes = appends.map((events) => appendSize(events));
    // For the report: the largest append of the command at benchmark scale.
    console.log(
      `apportionment of 10,000 chapters: ${appends.length} appends of ${sizes.map((size) => `${(size / 1024).toFixed(0)} KiB`).join(', ')}`,
    );
    expect(appends.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(DEFAULT_MAX_APPEND_BYTES);
    // Only pages precede the last append, which holds the closing event and the phase change.
    for (const events of appends.slice(0, -1)) expect(events.every((event) => isPageEventType(event.type))).toBe(true);
    expect(appends[appends.length - 1].map((event) => event.type)).toEqual([
      'SeatsApportioned',
      'ConventionPhaseAdvanced',
    ]);
    expect(outcome.position).toBe(history[history.length - 1].position);

    // The closing event is stored at version 2; the pages, a new type, at version 1 (unmarked).
    const closing = history.find((event) => event.type === 'SeatsApportioned')!;
    expect(closing.metadata.eventVersion).toBe(2);
    expect(history.find((event) => event.type === 'SeatsApportionmentPage')!.metadata.eventVersion).toBeUndefined();

    const state: ConventionState = await new CommandRunner(store).load(conventionDecider, conventionStream());
    expect(state.current!.phase).toBe('DELEGATE_SELECTION');
    expect(state.current!.seats).toHaveLength(10_000);
    expect(state.current!.seats!.reduce((sum, chapter) => sum + chapter.seats, 0)).toBe(1_000);
  }, 60_000);

  it('carries on an attempt that stopped between its appends, and ignores the pages it left', async () => {
    let appendsLeft = 1;
    // The store fails after the first page append, as a crash between appends would leave it.
    const failing: EventStore = new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'appendToStream') {
          const value = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return (...args: Parameters<EventStore['appendToStream']>) => {
          if (appendsLeft === 0) return Promise.reject(new EventStoreUnavailableError('disk went away'));
          appendsLeft -= 1;
          return target.appendToStream(...args);
        };
      },
    });
    const envelope = { command: advance(), metadata: metadata(commandIds(2)) };
    await expect(new CommandRunner(failing).run(conventionDecider, conventionStream(), envelope)).rejects.toThrow(
      EventStoreUnavailableError,
    );
    const partial = await store.readStream(conventionStream());
    expect(partial.filter((event) => event.type === 'SeatsApportionmentPage').length).toBeGreaterThan(0);
    expect(partial.some((event) => event.type === 'SeatsApportioned')).toBe(false);
    const halfway = await new CommandRunner(store).load(conventionDecider, conventionStream());
    expect(halfway.current!.phase).toBe('CALLED');
    expect(halfway.current!.seats).toBeNull();

    // The client retries with the same command id: the command completes.
    const retried = await runner.run(conventionDecider, conventionStream(), envelope);
    expect(retried.replayed).toBe(false);
    const state = await new CommandRunner(store).load(conventionDecider, conventionStream());
    expect(state.current!.phase).toBe('DELEGATE_SELECTION');
    expect(state.current!.seats).toHaveLength(10_000);

    // And once complete, a further retry is a replay that appends nothing.
    const head = await store.headPosition();
    const again = await runner.run(conventionDecider, conventionStream(), envelope);
    expect(again.replayed).toBe(true);
    expect(again.position).toBe(retried.position);
    expect(await store.headPosition()).toBe(head);
  }, 60_000);

  it('refuses, before writing anything, a command whose non-page events alone exceed the limit', async () => {
    const small = new CommandRunner(store, { maxAppendBytes: 4096 });
    const head = await store.headPosition();
    const huge: ConventionEvent = {
      type: 'SecretariatMemberAppointed',
      data: { conventionId, memberId: 'x'.repeat(5000), appointedBy: 'chair', appointedAt: at },
    };
    await expect(
      small.run({ ...conventionDecider, decide: () => [huge] }, conventionStream(), {
        command: advance(),
        metadata: metadata(commandIds(3)),
      }),
    ).rejects.toThrow(AppendTooLargeError);
    expect(await store.headPosition()).toBe(head);
  });
});

describe('the stored version 1 SeatsApportioned', () => {
  const v1: SeatsApportionedV1Data = {
    conventionId,
    cutoffPosition: '7',
    method: 'SAINTE_LAGUE',
    totalSeats: 3,
    minimumSeatsPerChapter: 1,
    chapters: [
      { chapterId: 'a', members: 20, seats: 2 },
      { chapterId: 'b', members: 5, seats: 1 },
    ],
    working: {
      method: 'sainte-lague',
      seats: 3,
      minimumPerUnit: 1,
      totalPopulation: '25',
      allocations: [
        { id: 'a', population: '20', seats: 2 },
        { id: 'b', population: '5', seats: 1 },
      ],
      awards: [{ seat: 3, unit: 'a', divisor: 3, quotient: { exact: '20/3', decimal: '6.666666' }, byLot: false }],
      nextQuotients: [
        { unit: 'a', divisor: 5, quotient: { exact: '4', decimal: '4.000000' } },
        { unit: 'b', divisor: 3, quotient: { exact: '5/3', decimal: '1.666666' } },
      ],
      hamiltonRounds: [],
      lots: [],
    },
    apportionedAt: at,
  };
  const stored = (metadataExtra: Record<string, unknown>): RecordedEvent => ({
    id: 'e1',
    streamName: conventionStream(),
    revision: 2n,
    position: 9n,
    type: 'SeatsApportioned',
    data: v1,
    metadata: { ...metadata(commandIds(4)), ...metadataExtra },
  });

  it('reads as the pages and closing event version 2 writes for it, at the position it was stored', () => {
    const read = eventVersions.read(stored({}));
    expect(read.map((event) => [event.type, event.position, event.revision])).toEqual([
      ['SeatsApportionmentPage', 9n, 2n],
      ['SeatsApportioned', 9n, 2n],
    ]);
    expect(read.map(({ type, data }) => ({ type, data }))).toEqual(publishApportionment(v1));
  });

  it('folds into the same seats as before', () => {
    const state = [...setUp.map((event) => [event]), eventVersions.readDomain<ConventionEvent>(stored({}))]
      .flat()
      .reduce(conventionDecider.evolve, conventionDecider.initialState());
    expect(state.current!.seats).toEqual(v1.chapters);
  });

  it('leaves version 2 as it is, and refuses a version newer than this build', () => {
    const [closing] = publishApportionment(v1).slice(-1);
    const current: RecordedEvent = { ...stored({ eventVersion: 2 }), data: closing.data };
    expect(eventVersions.read(current)).toEqual([current]);
    expect(() => eventVersions.read({ ...current, metadata: { ...current.metadata, eventVersion: 3 } })).toThrow(
      /SeatsApportioned version 3 is newer than this build reads \(2\)/,
    );
  });

  it('leaves every type without an upcaster untouched, without reading its metadata', () => {
    const untouched: RecordedEvent = {
      ...stored({}),
      type: 'MemberEnrolled',
      get metadata(): never {
        throw new Error('metadata read');
      },
    };
    expect(eventVersions.read(untouched)).toEqual([untouched]);
    expect(eventVersions.currentVersion('MemberEnrolled')).toBe(1);
    expect(eventVersions.currentVersion('SeatsApportioned')).toBe(2);
  });
});
