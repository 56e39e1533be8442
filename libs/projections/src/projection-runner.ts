import type Database from 'better-sqlite3';
import { EventVersions, eventVersions } from '../../event-store/src';
import type { EventStore, RecordedEvent, Subscription } from '../../event-store/src';
import type { Projection } from './projection';

export interface ProjectionRunnerOptions {
  /** Events applied and committed together with the checkpoint. */
  readonly batchSize?: number;
  /** Pauses between attempts after a failure: doubling from the first, capped at the longest. */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** Hears each failure, with the attempt it ended and the pause before the next one. */
  readonly onError?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Hears that the runner follows the log again after `failedAttempts` failures. */
  readonly onRecovered?: (failedAttempts: number) => void;
  /** Upcasters for stored events; the registry of all of them unless a test brings its own. */
  readonly eventVersions?: EventVersions;
}

/**
 * `starting`: reading where the log ends; `running`: following it; `retrying`: the last attempt
 * failed (a store that cannot be reached, a locked file, a projection that throws) and the next
 * starts after a pause. Nothing read while retrying is current.
 */
export type ProjectionRunnerStatus =
  | { state: 'idle' | 'starting' | 'running' | 'stopped' }
  | { state: 'retrying'; error: unknown; attempts: number; since: Date };

/** Hears a live batch once it is committed and visible in the read models. */
export type AppliedListener = (events: readonly RecordedEvent[], position: bigint) => void;

interface Waiter {
  readonly position: bigint;
  resolve(reached: boolean): void;
}

const DEFAULT_RETRY_INITIAL_MS = 100;
const DEFAULT_RETRY_MAX_MS = 30_000;

/** Page cache while catching up in bulk, in KiB: enough to hold a large commit's dirty pages. */
const BULK_CACHE_KIB = 8 * 1024;

const CHECKPOINTS_DDL = `CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name     TEXT    PRIMARY KEY,
  version  INTEGER NOT NULL,
  position INTEGER NOT NULL
)`;

/**
 * The one projection runner: consumes the global log in order and applies each batch to every
 * projection in a single transaction that also advances their checkpoints, so after a crash
 * the read models and their checkpoints always agree.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private subscription: Subscription | undefined;
  private current = 0n;
  private status: ProjectionRunnerStatus = { state: 'idle' };
  private waiters: Waiter[] = [];
  private applyBatch: ((events: readonly RecordedEvent[]) => void) | undefined;
  private appliers: ReadonlyArray<{ readonly name: string; from: bigint }> = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private knownHead: bigint | undefined;
  private headAtStart: bigint | undefined;
  /** Bumped by every start and stop, so a late failure of an old subscription changes nothing. */
  private generation = 0;
  private failedAttempts = 0;
  private appliedListeners: AppliedListener[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
  }

  /** Global position every projection has reached. */
  get position(): bigint {
    return this.current;
  }

  get state(): ProjectionRunnerStatus {
    return this.status;
  }

  /** Each projection's own checkpoint (they move together, batch by batch). */
  checkpoints(): Array<{ name: string; position: bigint }> {
    return this.appliers.map((applier) => ({ name: applier.name, position: applier.from }));
  }

  /** The head of the log as last seen by this runner (at its start or by `lag()`), if ever. */
  get lastKnownHead(): bigint | undefined {
    return this.knownHead;
  }

  /**
   * The head of the log when the runner last (re)started following it: until the read models
   * reach it they are catching up, not current.
   */
  get startHead(): bigint | undefined {
    return this.headAtStart;
  }

  /** Positions between the head of the log and the read models; throws when the store cannot tell. */
  async lag(): Promise<bigint> {
    const head = await this.store.headPosition();
    if (this.knownHead === undefined || head > this.knownHead) this.knownHead = head;
    return head > this.current ? head - this.current : 0n;
  }

  /**
   * Creates missing tables, rebuilds any projection whose version changed, then follows the log
   * (catch up, then live) in the background. A failure never stops it for good: it pauses
   * (doubling up to the longest pause) and starts again from its checkpoint.
   */
  start(): void {
    if (this.status.state === 'running' || this.status.state === 'starting' || this.status.state === 'retrying') return;
    this.initialize();
    this.failedAttempts = 0;
    this.follow();
  }

  private follow(): void {
    const generation = ++this.generation;
    this.retryTimer = undefined;
    if (this.failedAttempts === 0) this.status = { state: 'starting' };
    const from = this.current;
    // Reading the head first makes an unreachable store a failure now, not an empty read model.
    this.store.headPosition().then(
      (head) => {
        if (generation !== this.generation) return;
        if (this.knownHead === undefined || head > this.knownHead) this.knownHead = head;
        this.headAtStart = head;
        const subscription = this.store.subscribeToAll({ after: from, maxBatchSize: this.batchSize }, (batch) => {
          this.handle(batch);
          if (this.status.state === 'retrying' && generation === this.generation) this.recovered();
        });
        this.subscription = subscription;
        subscription.done.then(
          () => undefined,
          (error: unknown) => {
            if (generation === this.generation) this.fail(error);
          },
        );
        if (this.status.state === 'starting') this.status = { state: 'running' };
        // Nothing new to apply proves the subscription reads again: the runner has recovered.
        if (this.status.state === 'retrying' && head <= this.current) this.recovered();
      },
      (error: unknown) => {
        if (generation === this.generation) this.fail(error);
      },
    );
  }

  private recovered(): void {
    const failedAttempts = this.failedAttempts;
    this.failedAttempts = 0;
    this.status = { state: 'running' };
    this.options.onRecovered?.(failedAttempts);
  }

  /**
   * Applies everything up to the log's current head (or up to `until`, for a view of the past)
   * and returns; for rebuilds and tools. Pages are read `batchSize` at a time but committed
   * `commitEvery` events at a time, with a larger page cache: a rebuild touches pages all over
   * the tables (keys are UUIDs), and each commit would otherwise write most of them to the WAL
   * again. Memory stays bounded by the page size and the cache, never by the log. The position
   * advances (and waiting readers wake) only once a commit has made the events visible.
   */
  async catchUp(
    options: {
      commitEvery?: number;
      until?: bigint;
      /** Told after every page applied (`committed` when that page ended a commit), for progress bars. */
      onProgress?: (progress: { position: bigint; events: number; committed: boolean }) => void;
    } = {},
  ): Promise<bigint> {
    const commitEvery = options.commitEvery ?? 100_000;
    const until = options.until;
    let after = this.initialize();
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = ${-BULK_CACHE_KIB}`);
    let uncommitted = 0;
    try {
      while (until === undefined || after < until) {
        const page = await this.store.readAll({ after, maxCount: this.batchSize });
        const batch = until === undefined ? page : page.filter((event) => event.position <= until);
        if (batch.length === 0) break;
        if (!this.db.inTransaction) this.db.exec('BEGIN IMMEDIATE');
        after = this.apply(batch);
        uncommitted += batch.length;
        const commit = uncommitted >= commitEvery;
        if (commit) {
          this.db.exec('COMMIT');
          this.advance(after);
          uncommitted = 0;
        }
        options.onProgress?.({ position: after, events: batch.length, committed: commit });
        if (batch.length < page.length) break;
      }
      if (this.db.inTransaction) this.db.exec('COMMIT');
      this.advance(after);
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.db.pragma(`cache_size = ${cacheSize}`);
    }
    return this.current;
  }

  /**
   * Applies the events after the checkpoints up to `until` inside the caller's open transaction
   * and commits nothing, not even the tables it creates: for a scratch view over a read-model
   * snapshot, whose file other views and processes share and which must never change. The view
   * sees its own writes; closing it (or a crash) discards them.
   */
  async applyUncommitted(until: bigint, pageSize = this.batchSize): Promise<bigint> {
    if (!this.db.inTransaction) throw new Error('applyUncommitted needs a transaction opened by the caller');
    let after = this.initialize();
    while (after < until) {
      const page = await this.store.readAll({ after, maxCount: pageSize });
      const batch = page.filter((event) => event.position <= until);
      if (batch.length === 0) break;
      // Nested in the caller's transaction, each batch is a savepoint: nothing reaches the file.
      after = this.apply(batch);
      this.advance(after);
      if (batch.length < page.length) break;
    }
    return this.current;
  }

  /** Drops the named projections' tables (all when none named) and sets them back to position 0. */
  reset(names?: readonly string[]): void {
    if (this.status.state === 'running') throw new Error('Stop the projection runner before resetting read models');
    this.db.exec(CHECKPOINTS_DDL);
    const chosen = this.projections.filter((projection) => names === undefined || names.includes(projection.name));
    const unknown = (names ?? []).filter((name) => !this.projections.some((projection) => projection.name === name));
    if (unknown.length > 0) throw new Error(`No such projection: ${unknown.join(', ')}`);
    this.db.transaction(() => {
      for (const projection of chosen) this.dropProjection(projection);
    })();
    this.applyBatch = undefined;
  }

  /**
   * Resolves true once the read models include the given position (false on timeout), so a
   * client can read its own writes.
   */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.current >= position) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        position,
        resolve: (reached) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /**
   * Tells `listener` every batch this runner applies while following the log, after it committed
   * (so the read models already show it), with its last position. Every process follows the same
   * log, so a listener hears what any process on the store recorded. A listener that throws is
   * ignored: it must never stop the read models. Returns the function that removes it.
   */
  onApplied(listener: AppliedListener): () => void {
    this.appliedListeners = [...this.appliedListeners, listener];
    return () => {
      this.appliedListeners = this.appliedListeners.filter((other) => other !== listener);
    };
  }

  async stop(): Promise<void> {
    this.generation += 1;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription !== undefined) await subscription.close();
    if (this.status.state !== 'idle') this.status = { state: 'stopped' };
  }

  /**
   * Ensures tables and checkpoints exist (rebuilding projections whose version changed) and
   * returns the position to continue from. Call it before anything queries the tables.
   */
  initialize(): bigint {
    if (this.applyBatch !== undefined) return this.current;
    this.db.exec(CHECKPOINTS_DDL);
    const readCheckpoint = this.db.prepare<[string], { version: number; position: number }>(
      'SELECT version, position FROM projection_checkpoints WHERE name = ?',
    );
    this.db.transaction(() => {
      for (const projection of this.projections) {
        const checkpoint = readCheckpoint.get(projection.name);
        if (checkpoint !== undefined && checkpoint.version !== projection.version) this.dropProjection(projection);
        this.db.exec(projection.schema);
        this.db
          .prepare('INSERT OR IGNORE INTO projection_checkpoints (name, version, position) VALUES (?, ?, 0)')
          .run(projection.name, projection.version);
      }
    })();

    const versions = this.options.eventVersions ?? eventVersions;
    const appliers = this.projections.map((projection) => {
      const apply = projection.bind(this.db);
      return {
        name: projection.name,
        // Read models see today's shapes; a projection over the stored bytes sees those.
        apply: projection.storedEvents
          ? apply
          : (event: RecordedEvent) => {
              for (const current of versions.read(event)) apply(current);
            },
        from: BigInt(readCheckpoint.get(projection.name)?.position ?? 0),
      };
    });
    const saveCheckpoint = this.db.prepare<[number, string]>(
      'UPDATE projection_checkpoints SET position = ? WHERE name = ?',
    );
    const applyInTransaction = this.db.transaction((events: readonly RecordedEvent[]) => {
      const last = events[events.length - 1].position;
      for (const applier of appliers) {
        // Another process may share this file and have applied these events already: the
        // checkpoint read under the write lock, not this process's memory of it, says where
        // this projection stands.
        const stored = BigInt(readCheckpoint.get(applier.name)?.position ?? 0);
        if (stored > applier.from) applier.from = stored;
        if (applier.from >= last) continue;
        for (const event of events) if (event.position > applier.from) applier.apply(event);
        applier.from = last;
        saveCheckpoint.run(Number(last), applier.name);
      }
    });
    // IMMEDIATE: the write lock is taken before the checkpoints are read, so two processes never
    // both read the same checkpoint and apply the same events.
    this.applyBatch = (events) => applyInTransaction.immediate(events);
    this.appliers = appliers;
    const start = appliers.reduce<bigint | undefined>(
      (lowest, applier) => (lowest === undefined || applier.from < lowest ? applier.from : lowest),
      undefined,
    );
    this.current = start ?? 0n;
    return this.current;
  }

  private dropProjection(projection: Projection): void {
    for (const table of projection.tables) this.db.exec(`DROP TABLE IF EXISTS "${table}"`);
    this.db.prepare('DELETE FROM projection_checkpoints WHERE name = ?').run(projection.name);
  }

  /** Follows the live log: each batch is its own transaction, visible as soon as it returns. */
  private handle(batch: readonly RecordedEvent[]): void {
    if (batch.length === 0) return;
    const position = this.apply(batch);
    this.advance(position);
    for (const listener of this.appliedListeners) {
      try {
        listener(batch, position);
      } catch {
        // A listener's failure is its own; the runner keeps following the log.
      }
    }
  }

  /** Applies a batch with its checkpoints and returns its last position. */
  private apply(batch: readonly RecordedEvent[]): bigint {
    if (this.applyBatch === undefined)
      throw new Error('ProjectionRunner.initialize() must run before events are applied');
    this.applyBatch(batch);
    return batch[batch.length - 1].position;
  }

  /** Publishes a committed position and wakes the readers waiting for it. */
  private advance(position: bigint): void {
    if (position <= this.current) return;
    this.current = position;
    if (this.waiters.length > 0) {
      const ready = this.waiters.filter((waiter) => waiter.position <= this.current);
      this.waiters = this.waiters.filter((waiter) => waiter.position > this.current);
      for (const waiter of ready) waiter.resolve(true);
    }
  }

  /** Records a failed attempt and schedules the next one; readers keep waiting until their timeout. */
  private fail(error: unknown): void {
    const attempts = ++this.failedAttempts;
    const subscription = this.subscription;
    this.subscription = undefined;
    void subscription?.close().catch(() => undefined);
    const initial = this.options.retry?.initialDelayMs ?? DEFAULT_RETRY_INITIAL_MS;
    const longest = this.options.retry?.maxDelayMs ?? DEFAULT_RETRY_MAX_MS;
    const delayMs = Math.min(longest, initial * 2 ** Math.min(attempts - 1, 30));
    const since = this.status.state === 'retrying' ? this.status.since : new Date();
    this.status = { state: 'retrying', error, attempts, since };
    this.options.onError?.(error, attempts, delayMs);
    const generation = this.generation;
    this.retryTimer = setTimeout(() => {
      if (generation === this.generation) this.follow();
    }, delayMs);
  }
}
