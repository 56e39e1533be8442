import {
  ConcurrencyConflictError,
  Decider,
  DomainError,
  DomainEvent,
  EventMetadata,
  eventIdFor,
  isPageEventType,
} from '../../core/src';
import { AppendTooLargeError, DEFAULT_MAX_APPEND_BYTES, appendSize } from './append-limit';
import {
  AppendResult,
  EventIdReuseError,
  EventStore,
  EventToAppend,
  RecordedEvent,
  WrongExpectedRevisionError,
  formatRevision,
} from './event-store';
import { EventVersions, eventVersions } from './event-versions';

/** A command on its way to a decider, with everything that will be recorded about it. */
export interface CommandEnvelope<Command> {
  readonly command: Command;
  readonly metadata: EventMetadata;
  /**
   * The revision the client says it read. When given, a mismatch is reported to the client as
   * a CONFLICT instead of being retried, because the client decided on what it saw.
   */
  readonly expectedRevision?: bigint | 'no_stream';
}

export interface CommandOutcome<Event extends DomainEvent> {
  readonly streamName: string;
  /** The events this command caused (on a retry, the ones the first attempt stored). */
  readonly events: readonly Event[];
  /** Global position to wait for to read this command's effects; 0n when the stream is empty. */
  readonly position: bigint;
  /** Revision of the stream after the command; null when the stream still does not exist. */
  readonly revision: bigint | null;
  /** True when the command id had already been handled and nothing new was appended. */
  readonly replayed: boolean;
}

export interface CommandRunnerOptions {
  /** How many times a conflicting append is re-read and re-decided before giving up. */
  readonly maxAttempts?: number;
  /** How many folded states `load` keeps per decider (least recently used go first). */
  readonly maxLoadedStreams?: number;
  /** The store's append limit (see append-limit.ts): a command's events beyond it go in several appends. */
  readonly maxAppendBytes?: number;
  /** Upcasters for stored events; the registry of all of them unless a test brings its own. */
  readonly eventVersions?: EventVersions;
}

interface LoadedState<State> {
  /** The stream's revision when folded; 'no_stream' when it was read empty. */
  readonly revision: bigint | 'no_stream';
  readonly state: State;
  /**
   * The command ids of the folded events (only ever grows, and may be shared with a newer
   * state of the same stream): a command not in it and not in the stream since is new.
   */
  readonly commandIds: Set<string>;
}

/** Too many concurrent writers kept changing the stream; the command did not happen. */
export class ContentionError extends DomainError {
  constructor(streamName: string, attempts: number) {
    super(
      'CONFLICT',
      'CONTENTION',
      `${streamName} kept changing while this command was decided (${attempts} attempts); try again`,
      { stream: streamName },
    );
  }
}

/**
 * A command is complete when it was one append, or when the last of its appends is stored
 * (every attempt marks its events with their part; a later attempt's last part counts too).
 */
function isComplete(earlier: readonly RecordedEvent[]): boolean {
  return earlier.some((recorded) => {
    const part = recorded.metadata.commandPart;
    return part === undefined || part.append === part.appends - 1;
  });
}

/** The most `commandPart` adds to one event's metadata (up to a million parts). */
const PART_MARK_BYTES = Buffer.byteLength(',"commandPart":{"append":999999,"appends":1000000}');

/**
 * The appends a command's events go in: one when they fit the limit; otherwise the page events
 * (whose type ends in `Page`) in as few appends as fit, and everything else together in the
 * last, so no reader ever meets a closing event before its pages. Refuses before anything is
 * written when even that does not fit.
 */
function splitIntoAppends(streamName: string, events: readonly EventToAppend[], limit: number): EventToAppend[][] {
  const total = appendSize(events);
  if (total <= limit) return [[...events]];
  // Each event of a split command gains its `commandPart` in the metadata once the parts are known.
  const sized = (part: readonly EventToAppend[]) => appendSize(part) + part.length * PART_MARK_BYTES;
  const firstOther = events.findIndex((event) => !isPageEventType(event.type));
  const pages = firstOther < 0 ? events : events.slice(0, firstOther);
  const rest = firstOther < 0 ? [] : events.slice(firstOther);
  if (rest.some((event) => isPageEventType(event.type))) throw new AppendTooLargeError(streamName, total, limit);
  const appends: EventToAppend[][] = [];
  let current: EventToAppend[] = [];
  let size = 0;
  for (const page of pages) {
    const pageSize = sized([page]);
    if (pageSize > limit) throw new AppendTooLargeError(streamName, pageSize, limit);
    if (current.length > 0 && size + pageSize > limit) {
      appends.push(current);
      current = [];
      size = 0;
    }
    current.push(page);
    size += pageSize;
  }
  if (current.length > 0) appends.push(current);
  if (rest.length > 0) {
    const restSize = sized(rest);
    if (restSize > limit) throw new AppendTooLargeError(streamName, restSize, limit);
    appends.push([...rest]);
  }
  return appends;
}

/**
 * The one way commands are executed: read the stream, fold it, decide, append with the revision
 * read. A conflict means someone else appended in between: read again and decide again.
 */
export class CommandRunner {
  private readonly maxAttempts: number;
  private readonly maxLoadedStreams: number;
  private readonly maxAppendBytes: number;
  private readonly versions: EventVersions;
  /**
   * States folded by `load` and `run`, per decider (by identity) and stream, least recently used
   * first. `run` decides on a kept state without reading and appends with its revision: the
   * store refuses the append if anyone (another process too) wrote the stream since.
   */
  private readonly loaded = new WeakMap<object, Map<string, LoadedState<unknown>>>();

  constructor(
    private readonly store: EventStore,
    options: CommandRunnerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.maxLoadedStreams = options.maxLoadedStreams ?? 10_000;
    this.maxAppendBytes = options.maxAppendBytes ?? DEFAULT_MAX_APPEND_BYTES;
    this.versions = options.eventVersions ?? eventVersions;
  }

  /** A stored event as today's domain events (through the upcasters). */
  private domainEvents<Event extends DomainEvent>(recorded: RecordedEvent): Event[] {
    return this.versions.readDomain<Event>(recorded);
  }

  private fold<Event extends DomainEvent, State>(
    decider: Pick<Decider<unknown, Event, State>, 'evolve'>,
    state: State,
    history: readonly RecordedEvent[],
  ): State {
    let folded = state;
    for (const recorded of history) {
      for (const event of this.domainEvents<Event>(recorded)) folded = decider.evolve(folded, event);
    }
    return folded;
  }

  private keptStates(decider: object): Map<string, LoadedState<unknown>> {
    let kept = this.loaded.get(decider);
    if (kept === undefined) {
      kept = new Map();
      this.loaded.set(decider, kept);
    }
    return kept;
  }

  /** Keeps a folded state as the most recently used, unless a newer one is kept already. */
  private keep(decider: object, streamName: string, entry: LoadedState<unknown>): void {
    const kept = this.keptStates(decider);
    const known = kept.get(streamName);
    if (known !== undefined && revisionNumber(known.revision) > revisionNumber(entry.revision)) return;
    kept.delete(streamName);
    kept.set(streamName, entry);
    if (kept.size > this.maxLoadedStreams) kept.delete(kept.keys().next().value as string);
  }

  /**
   * Current state of an aggregate, for commands that must consult another aggregate first.
   * Folded states are kept per decider and stream, so a later load reads only the events
   * appended since: streams never change what they hold, so a kept state is never wrong, only
   * behind. Deciders must treat states as immutable (evolve returns a new state), as ours do.
   */
  async load<Event extends DomainEvent, State>(
    decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
    streamName: string,
  ): Promise<State> {
    const known = this.keptStates(decider).get(streamName) as LoadedState<State> | undefined;
    const newer = await this.store.readStream(
      streamName,
      known === undefined || known.revision === 'no_stream' ? {} : { fromRevision: known.revision + 1n },
    );
    if (known !== undefined && newer.length === 0) {
      // Most recently used last, so the oldest entry is the first to go.
      this.keep(decider, streamName, known);
      return known.state;
    }
    const state = this.fold(decider, known?.state ?? decider.initialState(), newer);
    const commandIds = known?.commandIds ?? new Set<string>();
    for (const recorded of newer) commandIds.add(recorded.metadata.commandId);
    const revision = newer.length > 0 ? newer[newer.length - 1].revision : 'no_stream';
    this.keep(decider, streamName, { revision, state, commandIds });
    return state;
  }

  /**
   * The optimistic first attempt of `run`: decide on the state this runner last folded for the
   * stream and append with its revision, without reading. Undefined when that cannot answer the
   * command for certain (no state kept, the command may already be in the stream, the client
   * named another revision, or the kept state decided nothing or refused, which a newer state
   * might not): the caller then reads the stream. Throws WrongExpectedRevisionError when the
   * stream moved on since.
   */
  private async runOnKeptState<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    streamName: string,
    envelope: CommandEnvelope<Command>,
  ): Promise<CommandOutcome<Event> | undefined> {
    const known = this.loaded.get(decider)?.get(streamName) as LoadedState<State> | undefined;
    const { commandId } = envelope.metadata;
    if (known === undefined || known.commandIds.has(commandId)) return undefined;
    if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== known.revision) return undefined;
    let events: readonly Event[];
    try {
      events = decider.decide(envelope.command, known.state);
    } catch {
      return undefined;
    }
    if (events.length === 0) return undefined;
    const toAppend = events.map((event, index) => ({
      id: eventIdFor(commandId, streamName, index),
      type: event.type,
      data: event.data,
      metadata: this.versions.metadataFor(event.type, envelope.metadata),
    }));
    // A command in several appends (rare, large) goes the long way, which marks its parts.
    if (appendSize(toAppend) > this.maxAppendBytes) return undefined;
    let appended: AppendResult;
    try {
      appended = await this.store.appendToStream(streamName, toAppend, { expectedRevision: known.revision });
    } catch (error) {
      // Another process stored this command meanwhile, decided on a newer state: read it back.
      if (error instanceof EventIdReuseError) return undefined;
      throw error;
    }
    // Stored already (by another process, which the kept state did not show): a replay, read back.
    const expectedNext = revisionNumber(known.revision) + BigInt(events.length);
    if (appended.alreadyStored === true || appended.nextExpectedRevision !== expectedNext) return undefined;
    this.keepAfterAppend(decider, streamName, known, events, appended.nextExpectedRevision, commandId);
    return {
      streamName,
      events,
      position: appended.position,
      revision: appended.nextExpectedRevision,
      replayed: false,
    };
  }

  private keepAfterAppend<Event extends DomainEvent, State>(
    decider: Decider<unknown, Event, State>,
    streamName: string,
    before: LoadedState<State>,
    events: readonly Event[],
    revision: bigint,
    commandId: string,
  ): void {
    let state = before.state;
    for (const event of events) state = decider.evolve(state, event);
    before.commandIds.add(commandId);
    this.keep(decider, streamName, { revision, state, commandIds: before.commandIds });
  }

  async run<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    streamName: string,
    envelope: CommandEnvelope<Command>,
  ): Promise<CommandOutcome<Event>> {
    const { commandId } = envelope.metadata;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      if (attempt === 1) {
        try {
          const outcome = await this.runOnKeptState(decider, streamName, envelope);
          if (outcome !== undefined) return outcome;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          // The stream moved on: this attempt is spent, the next one reads it.
          continue;
        }
      }
      const history = await this.store.readStream(streamName);
      const last = history.length > 0 ? history[history.length - 1] : undefined;

      const earlier = history.filter((recorded) => recorded.metadata.commandId === commandId);
      // An attempt that stopped between its appends (a crash) is carried on by deciding again:
      // readers ignore the pages it left without their closing event.
      if (earlier.length > 0 && isComplete(earlier)) {
        const lastOfCommand = earlier[earlier.length - 1];
        return {
          streamName,
          events: earlier.flatMap((recorded) => this.domainEvents<Event>(recorded)),
          position: lastOfCommand.position,
          revision: last?.revision ?? null,
          replayed: true,
        };
      }

      const actual: bigint | 'no_stream' = last === undefined ? 'no_stream' : last.revision;
      if (earlier.length === 0 && envelope.expectedRevision !== undefined && envelope.expectedRevision !== actual) {
        throw new ConcurrencyConflictError(
          streamName,
          formatRevision(envelope.expectedRevision),
          formatRevision(actual),
        );
      }

      const state = this.fold(decider, decider.initialState(), history);
      const read: LoadedState<State> = {
        revision: actual,
        state,
        commandIds: new Set(history.map((recorded) => recorded.metadata.commandId)),
      };
      this.keep(decider, streamName, read);
      const events = decider.decide(envelope.command, state);
      if (events.length === 0) {
        return {
          streamName,
          events,
          position: last?.position ?? 0n,
          revision: last?.revision ?? null,
          replayed: false,
        };
      }

      // A later attempt numbers its events after the earlier attempt's, so their ids differ.
      const toAppend = events.map((event, index) => ({
        id: eventIdFor(commandId, streamName, earlier.length + index),
        type: event.type,
        data: event.data,
        metadata: this.versions.metadataFor(event.type, envelope.metadata),
      }));
      let appends = splitIntoAppends(streamName, toAppend, this.maxAppendBytes);
      if (appends.length > 1) {
        appends = appends.map((part, append) =>
          part.map((event) => ({
            ...event,
            metadata: { ...event.metadata, commandPart: { append, appends: appends.length } },
          })),
        );
      }

      try {
        let expectedRevision: bigint | 'no_stream' = actual;
        let appended = { position: 0n, nextExpectedRevision: 0n };
        for (const part of appends) {
          appended = await this.store.appendToStream(streamName, part, { expectedRevision });
          expectedRevision = appended.nextExpectedRevision;
        }
        if (appends.length === 1 && earlier.length === 0) {
          this.keepAfterAppend(decider, streamName, read, events, appended.nextExpectedRevision, commandId);
        }
        return {
          streamName,
          events,
          position: appended.position,
          revision: appended.nextExpectedRevision,
          replayed: false,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (envelope.expectedRevision !== undefined) {
          throw new ConcurrencyConflictError(
            streamName,
            formatRevision(envelope.expectedRevision),
            formatRevision(error.actual),
          );
        }
      }
    }
    throw new ContentionError(streamName, this.maxAttempts);
  }
}

/** Orders kept states of one stream: an empty stream comes before its first event. */
function revisionNumber(revision: bigint | 'no_stream'): bigint {
  return revision === 'no_stream' ? -1n : revision;
}
