import type { EventMetadata } from '../../core/src';

/**
 * The one event store port. Two adapters implement it (embedded SQLite, EventStoreDB) and both
 * pass the same contract suite in test/contract.
 */

/** What the appender believes about the stream: it must not exist, must exist, or is at exactly this revision. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | bigint;

export interface EventToAppend {
  /** UUID; appending an id that is already stored is recognised as a retry. */
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent {
  readonly id: string;
  readonly streamName: string;
  /** 0-based position of the event within its stream. */
  readonly revision: bigint;
  /** Position in the global log; strictly increasing in the order events were committed. */
  readonly position: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextExpectedRevision: bigint;
  /** Global position of the last event appended. */
  readonly position: bigint;
  /**
   * True when the events were stored already (a retry) and nothing was appended. An adapter
   * that cannot tell leaves it out.
   */
  readonly alreadyStored?: boolean;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this global position. 0n reads from the beginning. */
  readonly after: bigint;
  readonly maxCount: number;
}

export interface SubscribeOptions {
  /** Exclusive start position, usually a checkpoint. */
  readonly after: bigint;
  /** Upper bound on the events handed to one handler call. */
  readonly maxBatchSize?: number;
}

/** Receives events in global order; the next batch is not delivered until the promise settles. */
export type BatchHandler = (events: readonly RecordedEvent[]) => Promise<void> | void;

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running. */
  close(): Promise<void>;
  /** Settles when the subscription ends: resolves after close(), rejects if delivery failed. */
  readonly done: Promise<void>;
}

export interface EventStore {
  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Events of one stream; an absent stream reads as an empty list. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** A page of the global log, oldest first. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catches up from `after`, then delivers new events as they are committed. */
  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription;
  /** Position of the newest event in the global log (0n when empty). */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

/** The stream was not at the revision the appender expected. Never raised for I/O failures. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream ${streamName}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The store could not be reached or failed to read or write; the outcome of a write is unknown. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}

/** An event id was reused for a different stream or position: a bug in the caller, not a retry. */
export class EventIdReuseError extends Error {
  constructor(
    readonly eventId: string,
    readonly streamName: string,
  ) {
    super(`Event id ${eventId} is already stored with different content or in another stream than ${streamName}`);
    this.name = 'EventIdReuseError';
  }
}

export function formatRevision(revision: ExpectedRevision | bigint | 'no_stream'): string {
  return typeof revision === 'bigint' ? revision.toString() : revision;
}
