import { ConcurrencyConflictError, Decider, DomainError, DomainEvent, EventMetadata, eventIdFor } from '../../core/src';
import { EventStore, RecordedEvent, WrongExpectedRevisionError, formatRevision } from './event-store';

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
}

interface LoadedState<State> {
  readonly revision: bigint;
  readonly state: State;
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

function toDomainEvent<Event extends DomainEvent>(recorded: RecordedEvent): Event {
  return { type: recorded.type, data: recorded.data } as Event;
}

/**
 * The one way commands are executed: read the stream, fold it, decide, append with the revision
 * read. A conflict means someone else appended in between: read again and decide again.
 */
export class CommandRunner {
  private readonly maxAttempts: number;
  private readonly maxLoadedStreams: number;
  /** States folded by `load`, per decider (by identity) and stream, least recently used first. */
  private readonly loaded = new WeakMap<object, Map<string, LoadedState<unknown>>>();

  constructor(
    private readonly store: EventStore,
    options: CommandRunnerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.maxLoadedStreams = options.maxLoadedStreams ?? 10_000;
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
    let kept = this.loaded.get(decider);
    if (kept === undefined) {
      kept = new Map();
      this.loaded.set(decider, kept);
    }
    const known = kept.get(streamName) as LoadedState<State> | undefined;
    const newer = await this.store.readStream(
      streamName,
      known === undefined ? {} : { fromRevision: known.revision + 1n },
    );
    if (known !== undefined && newer.length === 0) {
      // Most recently used last, so the oldest entry is the first to go.
      kept.delete(streamName);
      kept.set(streamName, known);
      return known.state;
    }
    const state = newer.reduce(
      (folded, recorded) => decider.evolve(folded, toDomainEvent<Event>(recorded)),
      known?.state ?? decider.initialState(),
    );
    if (newer.length > 0) {
      kept.delete(streamName);
      kept.set(streamName, { revision: newer[newer.length - 1].revision, state });
      if (kept.size > this.maxLoadedStreams) kept.delete(kept.keys().next().value as string);
    }
    return state;
  }

  async run<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    streamName: string,
    envelope: CommandEnvelope<Command>,
  ): Promise<CommandOutcome<Event>> {
    const { commandId } = envelope.metadata;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const history = await this.store.readStream(streamName);
      const last = history.length > 0 ? history[history.length - 1] : undefined;

      const earlier = history.filter((recorded) => recorded.metadata.commandId === commandId);
      if (earlier.length > 0) {
        const lastOfCommand = earlier[earlier.length - 1];
        return {
          streamName,
          events: earlier.map((recorded) => toDomainEvent<Event>(recorded)),
          position: lastOfCommand.position,
          revision: last?.revision ?? null,
          replayed: true,
        };
      }

      const actual: bigint | 'no_stream' = last === undefined ? 'no_stream' : last.revision;
      if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== actual) {
        throw new ConcurrencyConflictError(
          streamName,
          formatRevision(envelope.expectedRevision),
          formatRevision(actual),
        );
      }

      let state = decider.initialState();
      for (const recorded of history) state = decider.evolve(state, toDomainEvent<Event>(recorded));
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

      try {
        const appended = await this.store.appendToStream(
          streamName,
          events.map((event, index) => ({
            id: eventIdFor(commandId, streamName, index),
            type: event.type,
            data: event.data,
            metadata: envelope.metadata,
          })),
          { expectedRevision: actual },
        );
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
