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

  constructor(
    private readonly store: EventStore,
    options: CommandRunnerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /** Current state of an aggregate, for commands that must consult another aggregate first. */
  async load<Event extends DomainEvent, State>(
    decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
    streamName: string,
  ): Promise<State> {
    const history = await this.store.readStream(streamName);
    return history.reduce(
      (state, recorded) => decider.evolve(state, toDomainEvent<Event>(recorded)),
      decider.initialState(),
    );
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
