import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventMetadata } from '../../../core/src';
import {
  AppendResult,
  BatchHandler,
  EventIdReuseError,
  EventStore,
  EventStoreUnavailableError,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
  ExpectedRevision,
} from '../event-store';
import { assertAppendFits, checkedAppendLimit, serializedEventSize } from '../append-limit';
import { migrate } from './migrations';
import { applyDurablePragmas } from './sqlite-pragmas';

export interface SqliteEventStoreOptions {
  /** File of the store; its directory is created when missing. */
  readonly path: string;
  /** How often subscribers look for events written by other processes. */
  readonly pollIntervalMs?: number;
  /** How long a writer waits for another process's write lock before giving up. */
  readonly busyTimeoutMs?: number;
  /** Told how many appends each group commit carried, once it has committed; for metrics and tests. */
  readonly onGroupCommit?: (appends: number) => void;
  /** Largest append accepted, in bytes as EventStoreDB counts them (default 1 MiB, its MaxAppendSize). */
  readonly maxAppendBytes?: number;
}

/** An append waiting for the next group commit, with the promise it settles. */
interface PendingAppend {
  readonly streamName: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** What one append of a group commit came to, known inside the transaction, told after it. */
type AppendOutcome =
  { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

type EventRow = [
  position: number,
  eventId: string,
  streamId: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
];

const COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata';

/**
 * Metadata is parsed on first access: projections replaying the log rarely read it, and parsing
 * it for every event is a measurable share of a rebuild.
 */
function toRecordedEvent(row: EventRow): RecordedEvent {
  const rawMetadata = row[6];
  let metadata: EventMetadata | undefined;
  return {
    position: BigInt(row[0]),
    id: row[1],
    streamName: row[2],
    revision: BigInt(row[3]),
    type: row[4],
    data: JSON.parse(row[5]) as unknown,
    get metadata(): EventMetadata {
      return (metadata ??= JSON.parse(rawMetadata) as EventMetadata);
    },
  };
}

/**
 * SQLite errors that mean the store itself failed (lock timeout, disk, I/O), not the caller.
 * Recognised by name and code rather than instanceof: the native addon binds one SqliteError
 * class per process, so a second copy of the JavaScript module (test runners load one per
 * file, each in its own realm) throws errors that are instances neither of its own SqliteError
 * nor of its realm's Error.
 */
function isStorageFailure(error: unknown): error is Error & { code: string } {
  if (typeof error !== 'object' || error === null || (error as { name?: unknown }).name !== 'SqliteError') return false;
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|CORRUPT|NOTADB|PROTOCOL|NOMEM|INTERRUPT)/.test(code)
  );
}

/**
 * The embedded event store: one SQLite file in WAL mode with a full fsync per commit.
 *
 * Appends through the port are group-committed: every append requested during one turn of the
 * event loop is written in a single IMMEDIATE transaction, so concurrent commands share one
 * fsync instead of queueing for one each (better-sqlite3 blocks the event loop for every commit).
 * Inside that transaction each append is checked and written on its own, in the order it was
 * requested (which is the order of their global positions); its rejection (a wrong revision, a
 * reused id) undoes only its own rows and fails no other append. No promise settles before the
 * transaction has committed, so an acknowledged append survives a crash; if the transaction
 * itself fails (lock timeout, I/O), every append in it is rejected as unavailable and none was
 * written. `appendSync` bypasses the group and commits alone.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  private readonly onGroupCommit: ((appends: number) => void) | undefined;
  private readonly maxAppendBytes: number;
  private readonly appendWaiters = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;
  /** Appends requested since the last group commit, in request order. */
  private pending: PendingAppend[] = [];
  private commitScheduled = false;

  private readonly findEvent;
  private readonly streamHead;
  private readonly insertEvent;
  private readonly readForwards;
  private readonly readBackwards;
  private readonly readAllPage;
  private readonly maxPosition;
  private readonly appendTransaction;
  private readonly groupTransaction;

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(options);
  }

  private constructor(options: SqliteEventStoreOptions) {
    if (options.path === ':memory:' || options.path === '') {
      throw new Error('The SQLite event store needs a file on disk (WAL cannot be used in memory)');
    }
    mkdirSync(dirname(options.path), { recursive: true });
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.onGroupCommit = options.onGroupCommit;
    this.maxAppendBytes = checkedAppendLimit(options.maxAppendBytes);
    this.db = new Database(options.path);
    try {
      applyDurablePragmas(this.db, options.busyTimeoutMs ?? 5000);
      migrate(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }

    this.findEvent = this.db.prepare<[string], { stream_id: string; revision: number; position: number }>(
      'SELECT stream_id, revision, position FROM events WHERE event_id = ?',
    );
    this.streamHead = this.db.prepare<[string], { revision: number; position: number }>(
      'SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    );
    this.insertEvent = this.db.prepare<[string, string, number, string, string, string]>(
      'INSERT INTO events (event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.readForwards = this.db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw(true);
    this.readBackwards = this.db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      )
      .raw(true);
    this.readAllPage = this.db
      .prepare<[number, number], EventRow>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .raw(true);
    this.maxPosition = this.db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events');
    this.appendTransaction = this.db.transaction(
      (streamName: string, events: readonly EventToAppend[], expected: ExpectedRevision): AppendResult =>
        this.appendInTransaction(streamName, events, expected),
    );
    this.groupTransaction = this.db.transaction((group: readonly PendingAppend[]): AppendOutcome[] =>
      group.map((append) => this.appendInGroup(append)),
    );
  }

  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    try {
      this.assertOpen();
      if (events.length === 0) throw new Error('appendToStream needs at least one event');
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ streamName, events, expectedRevision: options.expectedRevision, resolve, reject });
      if (this.commitScheduled) return;
      this.commitScheduled = true;
      // After the I/O callbacks of this loop turn: every request that reached its append by then shares the commit.
      setImmediate(() => this.commitPending());
    });
  }

  /** Writes every pending append in one transaction, then settles their promises. */
  private commitPending(): void {
    this.commitScheduled = false;
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      this.assertOpen();
      outcomes = group.length === 1 ? [this.appendAlone(group[0])] : this.groupTransaction.immediate(group);
    } catch (error) {
      const failure = this.translateError(error);
      for (const append of group) append.reject(failure);
      return;
    }
    group.forEach((append, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
    if (outcomes.some((outcome) => outcome.ok)) this.notifyAppend();
    this.onGroupCommit?.(group.length);
  }

  /**
   * A group of one (a single client, a tool writing in sequence) is its own transaction: its
   * rejection rolls back nothing but itself, so it needs no savepoint, whose sub-journal would
   * cost a write per page touched.
   */
  private appendAlone({ streamName, events, expectedRevision }: PendingAppend): AppendOutcome {
    try {
      return { ok: true, result: this.appendTransaction.immediate(streamName, events, expectedRevision) };
    } catch (error) {
      if (isStorageFailure(error)) throw error;
      return { ok: false, error: this.translateError(error) };
    }
  }

  /**
   * One append of a group: its own checks and rows, under a savepoint when it has several events
   * (better-sqlite3 nests a transaction function as one). A single event needs none: its checks
   * only read, and a failed INSERT undoes itself. A rejection is kept for its caller alone; a
   * storage failure is thrown on, failing the whole group, because the shared transaction is no
   * longer sound.
   */
  private appendInGroup(append: PendingAppend): AppendOutcome {
    const { streamName, events, expectedRevision } = append;
    try {
      const result =
        events.length === 1
          ? this.appendInTransaction(streamName, events, expectedRevision)
          : this.appendTransaction(streamName, events, expectedRevision);
      return { ok: true, result };
    } catch (error) {
      if (isStorageFailure(error) || !this.db.inTransaction) throw error;
      return { ok: false, error: this.translateError(error) };
    }
  }

  /**
   * Synchronous append, committed alone (outside any group), for callers that must not yield
   * between reading and writing. The transaction is IMMEDIATE: it takes the write lock before
   * reading the stream's head, so the revision check and the insert see the same state even with
   * other processes writing.
   */
  appendSync(streamName: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): AppendResult {
    this.assertOpen();
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    let result: AppendResult;
    try {
      result = this.appendTransaction.immediate(streamName, events, expectedRevision);
    } catch (error) {
      throw this.translateError(error);
    }
    this.notifyAppend();
    return result;
  }

  private appendInTransaction(
    streamName: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): AppendResult {
    // Serialized once, here: the same strings are measured against the limit and stored. An
    // append the cluster would refuse must not pass on the embedded store either.
    const rows = events.map((event) => ({
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata),
    }));
    const size = rows.reduce(
      (total, row, index) => total + serializedEventSize(events[index].type, row.data, row.metadata),
      0,
    );
    assertAppendFits(streamName, size, this.maxAppendBytes);

    const existing = this.findEvent.get(events[0].id);
    if (existing !== undefined) return this.resultOfStoredAppend(streamName, events, existing);

    const head = this.streamHead.get(streamName);
    const actual: bigint | 'no_stream' = head === undefined ? 'no_stream' : BigInt(head.revision);
    const matches =
      expected === 'no_stream'
        ? actual === 'no_stream'
        : expected === 'stream_exists'
          ? actual !== 'no_stream'
          : actual === expected;
    if (!matches) throw new WrongExpectedRevisionError(streamName, expected, actual);

    let revision = head === undefined ? 0 : head.revision + 1;
    let position = 0;
    for (const [index, event] of events.entries()) {
      const info = this.insertEvent.run(
        event.id,
        streamName,
        revision,
        event.type,
        rows[index].data,
        rows[index].metadata,
      );
      position = Number(info.lastInsertRowid);
      revision += 1;
    }
    return { nextExpectedRevision: BigInt(revision - 1), position: BigInt(position) };
  }

  /** A retry of an append that was already committed: hand back what the first one returned. */
  private resultOfStoredAppend(
    streamName: string,
    events: readonly EventToAppend[],
    first: { stream_id: string; revision: number; position: number },
  ): AppendResult {
    let last = first;
    for (let index = 0; index < events.length; index += 1) {
      const stored = index === 0 ? first : this.findEvent.get(events[index].id);
      if (stored === undefined || stored.stream_id !== streamName || stored.revision !== first.revision + index) {
        throw new EventIdReuseError(events[index].id, streamName);
      }
      last = stored;
    }
    return { nextExpectedRevision: BigInt(last.revision), position: BigInt(last.position), alreadyStored: true };
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    try {
      return Promise.resolve(this.readStreamSync(streamName, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  readStreamSync(streamName: string, options: ReadStreamOptions = {}): RecordedEvent[] {
    this.assertOpen();
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    try {
      const rows =
        options.direction === 'backwards'
          ? this.readBackwards.all(
              streamName,
              Number(options.fromRevision ?? BigInt(Number.MAX_SAFE_INTEGER)),
              maxCount,
            )
          : this.readForwards.all(streamName, Number(options.fromRevision ?? 0n), maxCount);
      return rows.map(toRecordedEvent);
    } catch (error) {
      throw this.translateError(error);
    }
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    try {
      return Promise.resolve(this.readAllSync(options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  readAllSync(options: ReadAllOptions): RecordedEvent[] {
    this.assertOpen();
    try {
      return this.readAllPage.all(Number(options.after), options.maxCount).map(toRecordedEvent);
    } catch (error) {
      throw this.translateError(error);
    }
  }

  headPosition(): Promise<bigint> {
    this.assertOpen();
    return Promise.resolve(BigInt(this.maxPosition.get()?.head ?? 0));
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.assertOpen();
    const maxBatchSize = options.maxBatchSize ?? 1000;
    let after = options.after;
    let stopped = false;
    let wake: (() => void) | undefined;

    const deliver = async (): Promise<void> => {
      while (!stopped) {
        const batch = this.readAllSync({ after, maxCount: maxBatchSize });
        if (batch.length > 0) {
          await handler(batch);
          after = batch[batch.length - 1].position;
          continue;
        }
        const waiting = this.waitForAppend();
        wake = waiting.wake;
        await waiting.promise;
        wake = undefined;
      }
    };

    const done = deliver().finally(() => this.subscriptions.delete(subscription));
    const subscription: Subscription = {
      done,
      close: async () => {
        stopped = true;
        wake?.();
        await done.catch(() => undefined);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Runs SQLite's own consistency check; 'ok' when the file is sound. */
  integrityCheck(): string {
    this.assertOpen();
    const rows = this.db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((row) => row.integrity_check).join('\n');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    // Appends already requested are committed (and acknowledged) rather than dropped.
    this.commitPending();
    this.closed = true;
    this.db.close();
  }

  /** Resolves on the next local append, or after the poll interval for other processes' appends. */
  private waitForAppend(): { promise: Promise<void>; wake: () => void } {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => {
      const timer = setTimeout(() => wake(), this.pollIntervalMs);
      wake = () => {
        clearTimeout(timer);
        this.appendWaiters.delete(wake);
        resolve();
      };
      this.appendWaiters.add(wake);
    });
    return { promise, wake };
  }

  private notifyAppend(): void {
    const waiters = [...this.appendWaiters];
    this.appendWaiters.clear();
    for (const waiter of waiters) waiter();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
  }

  private translateError(error: unknown): unknown {
    if (error instanceof WrongExpectedRevisionError || error instanceof EventIdReuseError) return error;
    if (isStorageFailure(error)) {
      return new EventStoreUnavailableError(`SQLite event store failed: ${error.code} ${error.message}`, {
        cause: error,
      });
    }
    return error;
  }
}
