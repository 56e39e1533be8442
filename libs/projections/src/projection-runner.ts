import type Database from 'better-sqlite3';
import { EventVersions, eventVersions } from '../../event-store/src';
import type { EventStore, RecordedEvent, Subscription } from '../../event-store/src';
import type { Projection } from './projection';

export interface ProjectionRunnerOptions {
  /** Events applied and committed together with the checkpoint. */
  readonly batchSize?: number;
  /** Receives projection failures; the runner stops instead of crashing the process. */
  readonly onError?: (error: unknown) => void;
  /** Upcasters for stored events; the registry of all of them unless a test brings its own. */
  readonly eventVersions?: EventVersions;
}

export type ProjectionRunnerStatus = { state: 'idle' | 'running' | 'stopped' } | { state: 'failed'; error: unknown };

/** Raised to readers waiting for a position when the projector has stopped on an error. */
export class ReadModelFailedError extends Error {
  constructor(readonly failure: unknown) {
    super(`The read models stopped updating: ${failure instanceof Error ? failure.message : String(failure)}`);
    this.name = 'ReadModelFailedError';
  }
}

interface Waiter {
  readonly position: bigint;
  resolve(reached: boolean): void;
  reject(error: unknown): void;
}

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

  /**
   * Creates missing tables, rebuilds any projection whose version changed, then follows the log
   * (catch up, then live) in the background.
   */
  start(): void {
    if (this.status.state === 'running') return;
    const from = this.initialize();
    this.status = { state: 'running' };
    this.subscription = this.store.subscribeToAll({ after: from, maxBatchSize: this.batchSize }, (batch) =>
      this.handle(batch),
    );
    this.subscription.done.catch((error: unknown) => this.fail(error));
  }

  /**
   * Applies everything up to the log's current head (or up to `until`, for a view of the past)
   * and returns; for rebuilds and tools. Pages are read `batchSize` at a time but committed
   * `commitEvery` events at a time, with a larger page cache: a rebuild touches pages all over
   * the tables (keys are UUIDs), and each commit would otherwise write most of them to the WAL
   * again. Memory stays bounded by the page size and the cache, never by the log. The position
   * advances (and waiting readers wake) only once a commit has made the events visible.
   */
  async catchUp(options: { commitEvery?: number; until?: bigint } = {}): Promise<bigint> {
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
        if (uncommitted >= commitEvery) {
          this.db.exec('COMMIT');
          this.advance(after);
          uncommitted = 0;
        }
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
    if (this.status.state === 'failed') return Promise.reject(new ReadModelFailedError(this.status.error));
    return new Promise<boolean>((resolve, reject) => {
      const waiter: Waiter = {
        position,
        resolve: (reached) => {
          clearTimeout(timer);
          resolve(reached);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription !== undefined) await subscription.close();
    if (this.status.state === 'running') this.status = { state: 'stopped' };
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
    this.applyBatch = this.db.transaction((events: readonly RecordedEvent[]) => {
      const last = events[events.length - 1].position;
      for (const applier of appliers) {
        if (applier.from >= last) continue;
        for (const event of events) if (event.position > applier.from) applier.apply(event);
        applier.from = last;
        saveCheckpoint.run(Number(last), applier.name);
      }
    });
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
    this.advance(this.apply(batch));
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

  private fail(error: unknown): void {
    this.status = { state: 'failed', error };
    this.options.onError?.(error);
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(new ReadModelFailedError(error));
  }
}
