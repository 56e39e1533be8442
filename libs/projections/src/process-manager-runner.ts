import type Database from 'better-sqlite3';
import { ConcurrencyConflictError, Decider, DomainError, DomainEvent, uuidV5 } from '../../core/src';
import {
  CommandEnvelope,
  CommandOutcome,
  CommandRunner,
  ContentionError,
  EventStore,
  EventStoreUnavailableError,
  RecordedEvent,
  Subscription,
} from '../../event-store/src';

/**
 * Process managers: workflows that span several streams, carried to their end from the global
 * log. A workflow starts with an event (its trigger); the manager reacts by issuing commands,
 * each a *step* whose command id is derived from the trigger's event id and the step's name. So
 * the same reaction run twice — by the handler that started it and by the runner, by two
 * replicas, or again after a crash — appends every step once: the second run finds each step's
 * command id in its stream and replays it.
 *
 * A reaction that the domain refuses (a `DomainError` that is not a conflict or contention) is
 * never retried: the manager's `compensate` records what happened instead, as events, with
 * step ids of its own. Anything else (the store unreachable, contention) is transient and is
 * retried with backoff until it succeeds.
 */
export interface ProcessManager {
  /** Stable name: the checkpoint's key, and part of no command id (renaming it re-runs nothing twice). */
  readonly name: string;
  /** Event types that start or advance one of this manager's workflows. */
  readonly triggers: readonly string[];
  /**
   * Carries out what `trigger` set in motion, through `steps` only. Must be deterministic given
   * the streams it reads: time comes from `steps.at` (the trigger's acceptance time).
   */
  react(trigger: RecordedEvent, steps: WorkflowSteps): Promise<void>;
  /** Records the refusal of a reaction (a compensation), through `steps` as well. */
  compensate(trigger: RecordedEvent, refusal: DomainError, steps: WorkflowSteps): Promise<void>;
}

/** The commands of one reaction, with ids derived from the trigger; tracks the last position written. */
export class WorkflowSteps {
  private last: bigint;

  constructor(
    readonly runner: CommandRunner,
    readonly trigger: RecordedEvent,
  ) {
    this.last = trigger.position;
  }

  /** When the trigger's command was accepted: the time every step records. */
  get at(): string {
    return this.trigger.metadata.acceptedAt;
  }

  /** The highest log position any step has written or found already written (the trigger's at least). */
  get position(): bigint {
    return this.last;
  }

  /** The command id of a named step of this reaction: the same for every run of it. */
  commandId(step: string): string {
    return stepCommandId(this.trigger.id, step);
  }

  envelope<Command>(step: string, command: Command): CommandEnvelope<Command> {
    const { correlationId, actor, acceptedAt } = this.trigger.metadata;
    return {
      command,
      metadata: { commandId: this.commandId(step), correlationId, causationId: this.trigger.id, actor, acceptedAt },
    };
  }

  /** Runs one step through the command runner (read, decide, append with the revision read). */
  async run<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    streamName: string,
    step: string,
    command: Command,
  ): Promise<CommandOutcome<Event>> {
    const outcome = await this.runner.run(decider, streamName, this.envelope(step, command));
    if (outcome.events.length > 0 && outcome.position > this.last) this.last = outcome.position;
    return outcome;
  }
}

/** The command id of step `step` of the reaction to the event `triggerEventId`. */
export function stepCommandId(triggerEventId: string, step: string): string {
  return uuidV5(`${triggerEventId}/workflow/${step}`);
}

/** What one reaction came to: the last position it wrote and the refusal it compensated, if any. */
export interface ReactionOutcome {
  readonly position: bigint;
  readonly refusal: DomainError | null;
}

export interface ProcessManagerRunnerOptions {
  /** First retry delay after a transient failure; doubles up to `maxRetryDelayMs`. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** Attempts at a reaction failing with an error that is neither transient nor a refusal (a bug) before the runner stops. */
  readonly maxUnexpectedAttempts?: number;
  /** Told of each retry and of the failure that stops the runner. */
  readonly onError?: (error: unknown, context: { manager: string; position: bigint; stopped: boolean }) => void;
}

export type ProcessManagerRunnerStatus =
  { state: 'idle' | 'running' | 'stopped' } | { state: 'failed'; error: unknown };

const CHECKPOINT_DDL = `CREATE TABLE IF NOT EXISTS process_manager_checkpoints (
  name     TEXT    PRIMARY KEY,
  position INTEGER NOT NULL
)`;

/** Store unreachable, or writers kept colliding: worth trying again. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof EventStoreUnavailableError ||
    error instanceof ContentionError ||
    error instanceof ConcurrencyConflictError
  );
}

/** A rule of the domain said no: retrying would say no again. */
function isRefusal(error: unknown): error is DomainError {
  return error instanceof DomainError && !isTransient(error) && error.category !== 'UNAVAILABLE';
}

class RunnerStopped extends Error {}

/**
 * The one process manager runner: follows the global log from its own checkpoint (a table in
 * this process's read-model database) and hands each trigger, in log order, to the managers
 * that react to it. The checkpoint advances only past triggers whose reactions have finished
 * (or been compensated), so after a crash the reactions in flight run again — harmlessly, since
 * their steps replay. Every replica runs its own runner; they agree because steps are idempotent.
 */
export class ProcessManagerRunner {
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly maxUnexpectedAttempts: number;
  private readonly byTrigger = new Map<string, ProcessManager[]>();
  private readonly managers: ProcessManager[] = [];
  private subscription: Subscription | undefined;
  private status: ProcessManagerRunnerStatus = { state: 'idle' };
  private current = 0n;
  private stopping = false;
  private wakeSleeper: (() => void) | undefined;
  private saveCheckpoint: Database.Statement<[number, string]> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly commands: CommandRunner,
    managers: readonly ProcessManager[] = [],
    private readonly options: ProcessManagerRunnerOptions = {},
  ) {
    this.retryDelayMs = options.retryDelayMs ?? 50;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5000;
    this.maxUnexpectedAttempts = options.maxUnexpectedAttempts ?? 5;
    for (const manager of managers) this.register(manager);
  }

  /**
   * Adds a manager; in the API each module registers its own while the application starts,
   * before the runner starts. Names must be unique.
   */
  register(manager: ProcessManager): void {
    if (this.saveCheckpoint !== undefined) throw new Error(`Register ${manager.name} before the runner starts`);
    if (this.managers.some((known) => known.name === manager.name)) {
      throw new Error(`A process manager named ${manager.name} is already registered`);
    }
    this.managers.push(manager);
    for (const type of manager.triggers) this.byTrigger.set(type, [...(this.byTrigger.get(type) ?? []), manager]);
  }

  /** The log position up to which every reaction has finished. */
  get position(): bigint {
    return this.current;
  }

  get state(): ProcessManagerRunnerStatus {
    return this.status;
  }

  /** Follows the log from the checkpoint in the background: catches up, then reacts as events arrive. */
  start(): void {
    if (this.status.state === 'running') return;
    const from = this.initialize();
    this.stopping = false;
    this.status = { state: 'running' };
    this.subscription = this.store.subscribeToAll({ after: from, maxBatchSize: 100 }, (batch) => this.handle(batch));
    this.subscription.done.catch((error: unknown) => this.fail(error));
  }

  /** Reacts to everything up to the head of the log now and returns the position reached; for tests and tools. */
  async catchUp(): Promise<bigint> {
    let after = this.initialize();
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: 100 });
      if (page.length === 0) return this.current;
      await this.handle(page);
      after = page[page.length - 1].position;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeSleeper?.();
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription !== undefined) await subscription.close();
    if (this.status.state === 'running') this.status = { state: 'stopped' };
  }

  /**
   * Runs the reactions to `trigger` now, in the caller's process, and reports where they ended:
   * a command handler that starts a workflow calls this to answer with a receipt that covers
   * every effect. The runner reacting to the same event later appends nothing more.
   */
  async react(trigger: RecordedEvent): Promise<ReactionOutcome> {
    let position = trigger.position;
    let refusal: DomainError | null = null;
    for (const manager of this.byTrigger.get(trigger.type) ?? []) {
      const outcome = await this.reactOnce(manager, trigger);
      if (outcome.position > position) position = outcome.position;
      refusal ??= outcome.refusal;
    }
    return { position, refusal };
  }

  /** Creates the checkpoint table and returns the position to continue from. */
  initialize(): bigint {
    if (this.saveCheckpoint !== undefined) return this.current;
    this.db.exec(CHECKPOINT_DDL);
    const read = this.db.prepare<[string], { position: number }>(
      'SELECT position FROM process_manager_checkpoints WHERE name = ?',
    );
    const insert = this.db.prepare('INSERT OR IGNORE INTO process_manager_checkpoints (name, position) VALUES (?, 0)');
    let lowest: bigint | undefined;
    for (const manager of this.managers) {
      insert.run(manager.name);
      const position = BigInt(read.get(manager.name)?.position ?? 0);
      if (lowest === undefined || position < lowest) lowest = position;
    }
    this.saveCheckpoint = this.db.prepare('UPDATE process_manager_checkpoints SET position = ? WHERE name = ?');
    this.current = lowest ?? 0n;
    return this.current;
  }

  private async handle(batch: readonly RecordedEvent[]): Promise<void> {
    for (const event of batch) {
      if (event.position <= this.current) continue;
      for (const manager of this.byTrigger.get(event.type) ?? []) await this.reactWithRetries(manager, event);
      this.current = event.position;
    }
    if (batch.length === 0) return;
    const last = Number(batch[batch.length - 1].position);
    const save = this.saveCheckpoint;
    if (save === undefined) throw new Error('ProcessManagerRunner.initialize() must run before events are handled');
    this.db.transaction(() => {
      for (const manager of this.managers) save.run(last, manager.name);
    })();
  }

  /** One run of a reaction; a refusal is compensated and reported, anything else is thrown. */
  private async reactOnce(manager: ProcessManager, trigger: RecordedEvent): Promise<ReactionOutcome> {
    const steps = new WorkflowSteps(this.commands, trigger);
    try {
      await manager.react(trigger, steps);
      return { position: steps.position, refusal: null };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      await manager.compensate(trigger, error, steps);
      return { position: steps.position, refusal: error };
    }
  }

  private async reactWithRetries(manager: ProcessManager, trigger: RecordedEvent): Promise<void> {
    let delay = this.retryDelayMs;
    let unexpected = 0;
    for (;;) {
      if (this.stopping) throw new RunnerStopped('stopped');
      try {
        await this.reactOnce(manager, trigger);
        return;
      } catch (error) {
        const transient = isTransient(error) || (error instanceof DomainError && error.category === 'UNAVAILABLE');
        if (!transient) unexpected += 1;
        const stopped = !transient && unexpected >= this.maxUnexpectedAttempts;
        this.options.onError?.(error, { manager: manager.name, position: trigger.position, stopped });
        if (stopped) throw error;
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.maxRetryDelayMs);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = done;
    });
  }

  private fail(error: unknown): void {
    if (error instanceof RunnerStopped) {
      this.status = { state: 'stopped' };
      return;
    }
    this.status = { state: 'failed', error };
  }
}
