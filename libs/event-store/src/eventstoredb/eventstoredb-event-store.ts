import {
  AllStreamResolvedEvent,
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  FORWARDS,
  JSONType,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  Position,
  ReadPosition,
  ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  convertToCommandError,
  excludeSystemEvents,
  jsonEvent,
  type AppendExpectedRevision,
  type AppendResult as ClientAppendResult,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
import type { EventMetadata } from '../../../core/src';
import {
  AppendResult,
  BatchHandler,
  EventIdReuseError,
  EventStore,
  EventStoreUnavailableError,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
} from '../event-store';
import { AppendTooLargeError, appendSize, assertAppendFits, checkedAppendLimit } from '../append-limit';

/*
 * Positions. The port's global position is EventStoreDB's commit position. EventStoreDB 20+
 * writes every event of an append as its own committed prepare record (an "implicit
 * transaction"), so each event has its own commit position, equal to its prepare position, and
 * commit positions grow strictly in $all order. Only explicit transactions (the legacy TCP API,
 * which this adapter never uses) give several events one shared commit position; such an event
 * would break "strictly increasing", so reading one fails loudly instead of being mis-ordered
 * or, worse, skipped after a checkpoint (see globalPositionOf).
 *
 * `after` is exclusive in the port, while EventStoreDB starts a forward read of $all at a
 * position inclusively. Since commit == prepare for every event we deliver, `after` is turned
 * into `{ commit: after, prepare: after }`, the exact record position of the event the caller
 * last saw; the read starts at that event and we drop everything at or before it. `0n` means
 * "from the beginning" and becomes START. A subscription does the same, which is also correct
 * if the server treats the start position as exclusive. A position must therefore be one this
 * store handed out (an event's position or headPosition()), never an arbitrary number: the
 * server would try to read a record at a byte offset that is not one.
 */

/** How far back a conflicting append looks for its own event ids before calling it a conflict. */
const IDEMPOTENCY_WINDOW = 1000;
/** Raw $all records read per page when looking for the newest non-system event. */
const HEAD_PAGE_SIZE = 256;
const DEFAULT_MAX_BATCH_SIZE = 1000;
/** The client's default gRPC deadline when the connection string names none. */
const CLIENT_DEFAULT_DEADLINE_MS = 10_000;
/** Margin over the client's deadline, so the server's own timeout answer wins when it comes. */
const TIMEOUT_MARGIN_MS = 2_000;
/** The largest commit position a real event can have; the server sends -1 as 2^64-1 when it has none. */
const MAX_REAL_POSITION = (1n << 63n) - 1n;

export interface EventStoreDbEventStoreOptions {
  /**
   * Longest silence tolerated from the server during one operation before it is reported as
   * unavailable. Reads and the batch-append stream run without a gRPC deadline in the client,
   * so a half-open connection would otherwise hang until TCP keepalive notices.
   */
  readonly operationTimeoutMs?: number;
  /**
   * Largest append sent, in bytes as the server counts them (see append-limit.ts); set it to the
   * server's MaxAppendSize (default 1 MiB) so an oversized append fails here, before any I/O.
   */
  readonly maxAppendBytes?: number;
}

/** Events written with the legacy explicit-transaction API, whose positions cannot be ordered. */
export class UnsupportedEventPositionError extends Error {
  constructor(eventId: string, streamName: string, position: Position) {
    super(
      `Event ${eventId} in ${streamName} has commit position ${position.commit} but prepare position ` +
        `${position.prepare}: it was written in an explicit transaction, which this store cannot order`,
    );
    this.name = 'UnsupportedEventPositionError';
  }
}

function isSystemEvent(event: { readonly streamId: string; readonly type: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function startOf(after: bigint): ReadPosition {
  return after === 0n ? START : { commit: after, prepare: after };
}

function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected;
}

/** Position of an event read from $all; see the note on positions at the top of this file. */
function globalPositionOf(event: ClientRecordedEvent): bigint {
  const position = event.position;
  if (position === undefined) {
    throw new Error(`EventStoreDB sent event ${event.id} in ${event.streamId} without a position`);
  }
  if (position.commit !== position.prepare) throw new UnsupportedEventPositionError(event.id, event.streamId, position);
  return position.commit;
}

/**
 * Position of an event read from its stream. Servers before 22.6 do not send it on stream reads
 * (the field then arrives as 0 or as -1 read unsigned); a missing position must not pass as a
 * real one, or read-your-writes would wait for the wrong point of the log.
 */
function streamPositionOf(event: ClientRecordedEvent): bigint {
  const commit = event.position?.commit;
  if (commit === undefined || commit <= 0n || commit > MAX_REAL_POSITION) {
    throw new Error(
      `EventStoreDB sent event ${event.id} in ${event.streamId} without its position; ` +
        'stream reads report positions from EventStoreDB 22.6 on',
    );
  }
  return commit;
}

function toRecordedEvent(event: ClientRecordedEvent, position: bigint): RecordedEvent {
  // Written by appendToStream as JSON; the client hands it back parsed.
  const metadata: unknown = event.metadata;
  return {
    id: event.id,
    streamName: event.streamId,
    revision: event.revision,
    position,
    type: event.type,
    data: event.data,
    metadata: metadata as EventMetadata,
  };
}

function isUnavailable(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError ||
    error instanceof UnknownError ||
    // Cluster discovery gives up with a plain Error when no gossip seed answers.
    (error instanceof Error && error.message.startsWith('Failed to discover after'))
  );
}

function normalize(error: unknown): unknown {
  // The client rethrows some gRPC failures raw (the server-features probe before an append does):
  // give them the client's own error types before deciding what they mean.
  return error instanceof Error ? convertToCommandError(error) : error;
}

function defaultDeadlineOf(connectionString: string): number {
  const match = /[?&]default[-_]?deadline=(\d+)/i.exec(connectionString);
  return match ? Number(match[1]) : CLIENT_DEFAULT_DEADLINE_MS;
}

/** The production event store: an EventStoreDB (or KurrentDB) node or cluster over gRPC. */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  /** Connects lazily: an unreachable server shows up as EventStoreUnavailableError on first use. */
  static connect(connectionString: string, options: EventStoreDbEventStoreOptions = {}): EventStoreDbEventStore {
    const client = EventStoreDBClient.connectionString(connectionString);
    const operationTimeoutMs = options.operationTimeoutMs ?? defaultDeadlineOf(connectionString) + TIMEOUT_MARGIN_MS;
    return new EventStoreDbEventStore(client, operationTimeoutMs, checkedAppendLimit(options.maxAppendBytes));
  }

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly operationTimeoutMs: number,
    private readonly maxAppendBytes: number,
  ) {}

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    assertAppendFits(streamName, appendSize(events), this.maxAppendBytes);
    const expected = options.expectedRevision;

    // EventStoreDB only guarantees idempotency for an exact expectation; with stream_exists it is
    // best effort (a cache of recent ids), so look for an earlier copy of this append first.
    if (expected === 'stream_exists') {
      const earlier = await this.findStoredAppend(streamName, events);
      if (earlier !== undefined) return earlier;
    }

    let result: ClientAppendResult;
    try {
      result = await this.withDeadline(
        this.client.appendToStream(
          streamName,
          events.map((event) =>
            jsonEvent({
              id: event.id,
              type: event.type,
              data: event.data as JSONType,
              metadata: { ...event.metadata },
            }),
          ),
          { expectedRevision: toClientExpectedRevision(expected) },
        ),
        `append to ${streamName}`,
      );
    } catch (error) {
      const failure = normalize(error);
      if (failure instanceof WrongExpectedVersionError) {
        return this.resolveConflict(streamName, events, expected, failure.actualVersion);
      }
      // The server's own MaxAppendSize is lower than the limit configured here.
      if (failure instanceof MaxAppendSizeExceededError) {
        throw new AppendTooLargeError(streamName, appendSize(events), failure.maxAppendSize);
      }
      throw this.translateError(error, `append to ${streamName}`);
    }

    // Only with throwOnAppendFailure=false in the connection string does the client report a
    // conflict as a value; its revision is then unreliable, so ask the stream itself.
    if (!result.success) {
      const head = await this.readStream(streamName, { direction: 'backwards', maxCount: 1 });
      return this.resolveConflict(streamName, events, expected, head.length > 0 ? head[0].revision : 'no_stream');
    }
    return this.resultOfAppend(streamName, events, result);
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const backwards = options.direction === 'backwards';
    let resolved: ResolvedEvent[];
    try {
      resolved = await this.collect(`read ${streamName}`, () =>
        this.client.readStream(streamName, {
          direction: backwards ? BACKWARDS : FORWARDS,
          fromRevision: options.fromRevision ?? (backwards ? END : START),
          ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
        }),
      );
    } catch (error) {
      if (normalize(error) instanceof StreamNotFoundError) return [];
      throw this.translateError(error, `read ${streamName}`);
    }
    const events: RecordedEvent[] = [];
    for (const { event } of resolved) {
      if (event !== undefined) events.push(toRecordedEvent(event, streamPositionOf(event)));
    }
    return events;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const events: RecordedEvent[] = [];
    if (options.maxCount <= 0) return events;
    let seen: Position | undefined =
      options.after === 0n ? undefined : { commit: options.after, prepare: options.after };
    let from: ReadPosition = seen ?? START;

    // System records are dropped here rather than by the server (readAll takes no filter in this
    // client), so one page may yield fewer events than asked: keep reading until the page is
    // full or the log ends, or a caller would take a short page for the end of the log.
    while (events.length < options.maxCount) {
      // One more than needed: the record at `from` itself comes back and is dropped.
      const pageSize = options.maxCount - events.length + 1;
      const page = await this.readAllPage(from, pageSize, FORWARDS);
      let progressed = false;
      for (const { event } of page) {
        if (event === undefined || event.position === undefined) continue;
        if (seen !== undefined && comparePositions(event.position, seen) <= 0) continue;
        seen = event.position;
        progressed = true;
        if (isSystemEvent(event)) continue;
        events.push(toRecordedEvent(event, globalPositionOf(event)));
        if (events.length === options.maxCount) break;
      }
      if (page.length < pageSize || !progressed || seen === undefined) break;
      from = seen;
    }
    return events;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    let from: ReadPosition = END;
    let before: Position | undefined;
    // The tail of $all may hold system records (settings, scavenges, stats): walk back past them.
    for (;;) {
      const page = await this.readAllPage(from, HEAD_PAGE_SIZE, BACKWARDS);
      let progressed = false;
      for (const { event } of page) {
        if (event === undefined || event.position === undefined) continue;
        if (before !== undefined && comparePositions(event.position, before) >= 0) continue;
        before = event.position;
        progressed = true;
        if (!isSystemEvent(event)) return globalPositionOf(event);
      }
      if (page.length < HEAD_PAGE_SIZE || !progressed || before === undefined) return 0n;
      from = before;
    }
  }

  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription {
    this.assertOpen();
    const maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
      throw new RangeError(`maxBatchSize must be a positive integer, got ${maxBatchSize}`);
    }
    const source = this.client.subscribeToAll(
      // The server-side filter spares the network most system records; the client-side check in
      // the loop still drops events of system streams whose type has no `$`.
      { fromPosition: startOf(options.after), filter: excludeSystemEvents() },
      // Let up to one batch wait in the buffer, so a batch can be taken without waiting.
      { highWaterMark: maxBatchSize },
    );

    let stopped = false;
    let ended = false;
    let failure: unknown;
    let wake: (() => void) | undefined;
    const signal = (): void => {
      const resolve = wake;
      wake = undefined;
      resolve?.();
    };
    source.on('readable', signal);
    // Stays attached for the life of the stream: an 'error' with no listener would crash the process.
    source.on('error', (error: Error) => {
      failure ??= error;
      signal();
    });
    source.on('end', () => {
      ended = true;
      signal();
    });
    source.on('close', () => {
      ended = true;
      signal();
    });

    // Pull-based: events are taken from the stream only between handler calls, so no two calls
    // overlap, and the stream's buffer and gRPC flow control hold the server back meanwhile.
    const deliver = async (): Promise<void> => {
      let last = options.after;
      while (!stopped) {
        const batch: RecordedEvent[] = [];
        while (batch.length < maxBatchSize) {
          const resolved = source.read() as AllStreamResolvedEvent | null;
          if (resolved === null) break;
          const event = resolved.event;
          if (event === undefined || isSystemEvent(event)) continue;
          const position = globalPositionOf(event);
          if (position <= last) continue;
          last = position;
          batch.push(toRecordedEvent(event, position));
        }
        if (stopped) return;
        if (batch.length > 0) {
          await handler(batch);
          continue;
        }
        if (failure !== undefined) throw this.translateError(failure, 'subscription to $all');
        if (ended) throw new EventStoreUnavailableError('EventStoreDB ended the subscription to $all');
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    };

    const release = async (): Promise<void> => {
      this.subscriptions.delete(subscription);
      await source.unsubscribe().catch(() => undefined);
      source.destroy();
    };
    const done = deliver().then(release, async (error: unknown) => {
      await release();
      throw error;
    });
    const subscription: Subscription = {
      done,
      close: async () => {
        stopped = true;
        signal();
        await done.catch(() => undefined);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  /**
   * The result of an append the server accepted. With one event the reported position is that
   * event's. With several, the server reports the last event's commit position for a fresh write
   * but may report another (or none) when it recognised a retry, so the last event is read back:
   * a retry must return exactly what the first attempt returned.
   */
  private async resultOfAppend(
    streamName: string,
    events: readonly EventToAppend[],
    result: ClientAppendResult,
  ): Promise<AppendResult> {
    const nextExpectedRevision = result.nextExpectedRevision;
    if (events.length === 1 && result.position !== undefined) {
      return { nextExpectedRevision, position: result.position.commit };
    }
    const [last] = await this.readStream(streamName, { fromRevision: nextExpectedRevision, maxCount: 1 });
    if (last === undefined) {
      // A follower that has not indexed the write yet: fall back on what the server said.
      if (result.position !== undefined) return { nextExpectedRevision, position: result.position.commit };
      throw new EventStoreUnavailableError(
        `Append to ${streamName} succeeded but its last event (revision ${nextExpectedRevision}) cannot be read yet`,
      );
    }
    const lastId = events[events.length - 1].id;
    if (last.id !== lastId) throw new EventIdReuseError(lastId, streamName);
    return { nextExpectedRevision, position: last.position };
  }

  /**
   * A conflict may be our own earlier attempt: the first try committed but its answer was lost,
   * and the caller retries (perhaps with a revision that is now stale). If this append's first
   * event id is among the stream's latest events, it is that retry and gets the first result.
   */
  private async resolveConflict(
    streamName: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
    actual: bigint | 'no_stream',
  ): Promise<AppendResult> {
    const earlier = actual === 'no_stream' ? undefined : await this.findStoredAppend(streamName, events);
    if (earlier !== undefined) return earlier;
    throw new WrongExpectedRevisionError(streamName, expected, actual);
  }

  /** The original result when these events are already stored in this stream, in this order. */
  private async findStoredAppend(
    streamName: string,
    events: readonly EventToAppend[],
  ): Promise<AppendResult | undefined> {
    const recent = await this.readStream(streamName, { direction: 'backwards', maxCount: IDEMPOTENCY_WINDOW });
    const index = recent.findIndex((event) => event.id === events[0].id);
    if (index < 0) return undefined;
    // `recent` is newest first: the events appended after the first one sit at lower indexes.
    const first = recent[index];
    let last = first;
    for (let offset = 0; offset < events.length; offset += 1) {
      const stored = recent[index - offset];
      if (
        stored === undefined ||
        stored.id !== events[offset].id ||
        stored.revision !== first.revision + BigInt(offset)
      ) {
        throw new EventIdReuseError(events[offset].id, streamName);
      }
      last = stored;
    }
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private async readAllPage(from: ReadPosition, maxCount: number, direction: typeof FORWARDS | typeof BACKWARDS) {
    try {
      return await this.collect('read $all', () => this.client.readAll({ fromPosition: from, maxCount, direction }));
    } catch (error) {
      throw this.translateError(error, 'read $all');
    }
  }

  /**
   * Drains a server stream. The client opens reads without a gRPC deadline, so silence for
   * longer than the operation timeout is treated as an unreachable server and the call cancelled.
   */
  private collect<T>(operation: string, open: () => AsyncIterable<T> & { cancel(): Promise<void> }): Promise<T[]> {
    const stream = open();
    return new Promise<T[]>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          stream.cancel().catch(() => undefined);
          reject(this.timeoutError(operation));
        }, this.operationTimeoutMs);
      };
      arm();
      const items: T[] = [];
      (async () => {
        for await (const item of stream) {
          items.push(item);
          arm();
        }
      })().then(
        () => {
          clearTimeout(timer);
          resolve(items);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** Bounds a call whose gRPC stream has no client-side deadline (the batch-append stream). */
  private withDeadline<T>(work: Promise<T>, operation: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.timeoutError(operation)), this.operationTimeoutMs);
    });
    // A late answer after the timeout has nobody waiting for it; it must not become unhandled.
    work.catch(() => undefined);
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  private timeoutError(operation: string): EventStoreUnavailableError {
    return new EventStoreUnavailableError(
      `EventStoreDB did not answer (${operation}) within ${this.operationTimeoutMs} ms; the outcome is unknown`,
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The event store is closed');
  }

  private translateError(error: unknown, operation: string): unknown {
    if (
      error instanceof WrongExpectedRevisionError ||
      error instanceof EventIdReuseError ||
      error instanceof EventStoreUnavailableError
    ) {
      return error;
    }
    // A WrongExpectedVersionError never gets here: appendToStream, the only call that can
    // raise it, turns it into WrongExpectedRevisionError after its retry check.
    const failure = normalize(error);
    if (isUnavailable(failure)) {
      const message = failure instanceof Error ? failure.message : String(failure);
      return new EventStoreUnavailableError(`EventStoreDB failed (${operation}): ${message}`, { cause: error });
    }
    return failure;
  }
}
