import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { InvalidInputError } from '../../../../libs/core/src';
import type { EventStore } from '../../../../libs/event-store/src';
import {
  ProjectionRunner,
  ReadModelSnapshots,
  allProjections,
  openReadModelDatabase,
  removeDatabaseFiles,
} from '../../../../libs/projections/src';
import { PLENARY_CONFIG, PlenaryConfig } from '../config/plenary-config';
import { ReadModelSource, ReadModels } from './read-models.service';
import { EVENT_STORE, READ_MODEL_SNAPSHOTS } from './tokens';

/** Read models as they stood at one log position. */
export interface PastReadModels {
  readonly db: Database.Database;
  readonly position: bigint;
  /** Where the replay into this view started: a snapshot's position, 0, or (live) the position itself. */
  readonly startedFrom: bigint;
}

interface CachedView extends PastReadModels {
  readonly path: string;
  /**
   * Built over a snapshot inside a transaction that is never committed: it cannot be copied
   * (`VACUUM INTO` refuses an open transaction), and closing it discards the replay.
   */
  readonly overSnapshot: boolean;
  /** The snapshot file it links, if any. */
  readonly snapshotPath?: string;
  lastUsed: number;
}

/** Past views kept open; each is a small SQLite file, rebuilt on demand when evicted. */
const MAX_CACHED_VIEWS = 4;

/**
 * A replay gives the event loop back after this many log positions, so a view far back in a
 * long log delays other requests by a few milliseconds at a time instead of stalling them.
 */
const REPLAY_STEP = 500n;

/**
 * Page cache of a view over a snapshot while it replays, in KiB. The replay is one uncommitted
 * transaction: dirty pages beyond the cache spill into the view's WAL and are read back from
 * there. Measured on a 200,000-event log: replays of 5,000 and 20,000 events some 25–35% faster
 * than with SQLite's 2 MiB default, no change at 1,000. Set back to the default once replayed.
 */
const REPLAY_CACHE_KIB = 64 * 1024;

const POSITION = /^(0|[1-9][0-9]{0,18})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/**
 * Time travel for queries: the read models as of a log position or an instant, built by
 * replaying the log into a scratch database up to that position with the same projections as
 * the live read models, so a past view can never disagree with what the live ones showed then.
 * A view starts from the nearest snapshot of the read models at or below its position (a hard
 * link of the file, so no copy, and a replay of the events since, never committed); without
 * one, from the nearest cached earlier view, else from position 0.
 */
@Injectable()
export class ReadModelHistory implements OnApplicationShutdown {
  private readonly directory: string;
  private readonly building = new Map<string, Promise<CachedView>>();
  private readonly built = new Map<string, CachedView>();
  /** Evicted views not closed yet (they close on the next turn of the event loop). */
  private readonly closing = new Set<CachedView>();
  private sequence = 0;
  /** Views are built one after another: each can start from the last, and replays never pile up in memory. */
  private buildQueue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly live: ReadModels,
    @Inject(PLENARY_CONFIG) config: PlenaryConfig,
    @Inject(READ_MODEL_SNAPSHOTS) private readonly snapshots: ReadModelSnapshots,
  ) {
    // Each process keeps its views in a folder of its own: several API processes may share one
    // data directory, and one must never delete the files another is reading.
    const parent = join(config.dataDir, 'as-of');
    removeAbandonedViews(parent);
    this.directory = join(parent, `${process.pid}-${randomBytes(4).toString('hex')}`);
  }

  /**
   * The read models to answer from: the live ones when `asOf` is absent, else a past view.
   * Use the returned database right away, without awaiting anything first: only the most
   * recently used views stay open.
   */
  async at(asOf: string | null | undefined): Promise<PastReadModels> {
    if (asOf === undefined || asOf === null)
      return { db: this.live.db, position: this.live.position, startedFrom: this.live.position };
    const position = await this.positionOf(asOf);
    if (position === this.live.position) return { db: this.live.db, position, startedFrom: position };
    const key = position.toString();
    let view = this.built.get(key);
    if (view === undefined) {
      let pending = this.building.get(key);
      if (pending === undefined) {
        const build = this.buildQueue.then(() => this.built.get(key) ?? this.build(position));
        this.buildQueue = build.catch(() => undefined);
        pending = build.finally(() => this.building.delete(key));
        this.building.set(key, pending);
      }
      view = await pending;
      this.built.set(key, view);
    }
    view.lastUsed = ++this.sequence;
    this.evictLeastRecentlyUsed();
    return view;
  }

  /**
   * What a structural query reads from: after waiting for the caller's own writes, the live read
   * model, or the same read model over a view of the past when `asOf` is given.
   */
  async readModelAt<Model>(
    waitForPosition: string | null | undefined,
    asOf: string | null | undefined,
    live: Model,
    over: (source: ReadModelSource) => Model,
  ): Promise<Model> {
    await this.live.waitFor(waitForPosition);
    if (asOf === undefined || asOf === null) return live;
    return over(await this.at(asOf));
  }

  /** The log position `asOf` names: a position up to the head, or the last event accepted at or before an instant. */
  async positionOf(asOf: string): Promise<bigint> {
    const head = await this.store.headPosition();
    if (POSITION.test(asOf)) {
      const position = BigInt(asOf);
      if (position > head) {
        throw new InvalidInputError([
          { field: 'asOf', message: `position ${asOf} is beyond the end of the log (${head.toString()})` },
        ]);
      }
      return position;
    }
    if (INSTANT.test(asOf) && !Number.isNaN(Date.parse(asOf))) return this.lastPositionAcceptedBy(asOf, head);
    throw new InvalidInputError([
      {
        field: 'asOf',
        message: 'must be a log position (a whole number) or an ISO-8601 UTC time such as 2026-03-01T10:00:00Z',
      },
    ]);
  }

  onApplicationShutdown(): void {
    for (const view of this.built.values()) this.discard(view);
    this.built.clear();
    rmSync(this.directory, { recursive: true, force: true });
  }

  /**
   * Binary search over the log by the time each command was accepted: O(log n) single-event
   * reads, on either store (positions may be sparse). Commands accepted within a few
   * milliseconds of each other may be appended out of order; the answer then falls inside that window.
   */
  private async lastPositionAcceptedBy(instant: string, head: bigint): Promise<bigint> {
    const limit = Date.parse(instant);
    let low = 0n;
    let high = head;
    while (low < high) {
      const middle = (low + high + 1n) / 2n;
      const [event] = await this.store.readAll({ after: middle - 1n, maxCount: 1 });
      if (event !== undefined && Date.parse(event.metadata.acceptedAt) <= limit) low = event.position;
      else high = middle - 1n;
    }
    return low;
  }

  private async build(position: bigint): Promise<CachedView> {
    mkdirSync(this.directory, { recursive: true });
    const path = join(this.directory, `view-${position.toString()}-${++this.sequence}.sqlite`);
    return (await this.buildOverSnapshot(position, path)) ?? (await this.buildByReplay(position, path));
  }

  /**
   * From the nearest usable snapshot at or below the position: one that another process removed
   * meanwhile, or whose checkpoints do not match the projections, is passed over for the next.
   */
  private async buildOverSnapshot(position: bigint, path: string): Promise<CachedView | undefined> {
    for (const snapshot of this.snapshots.atOrBelow(position)) {
      await this.closeViewsOver(snapshot.path);
      const db = this.snapshots.openView(snapshot, path);
      if (db === undefined) continue;
      const view: CachedView = {
        db,
        position,
        path,
        startedFrom: snapshot.position,
        overSnapshot: true,
        snapshotPath: snapshot.path,
        lastUsed: ++this.sequence,
      };
      try {
        const runner = new ProjectionRunner(this.store, db, allProjections);
        const cacheSize = db.pragma('cache_size', { simple: true }) as number;
        db.pragma(`cache_size = ${-REPLAY_CACHE_KIB}`);
        let cursor = snapshot.position;
        while (cursor < position) {
          cursor = minimum(position, cursor + REPLAY_STEP);
          await runner.applyUncommitted(cursor);
          if (cursor < position) await nextTurn();
        }
        db.pragma(`cache_size = ${cacheSize}`);
      } catch (error) {
        this.discard(view);
        throw error;
      }
      return view;
    }
    return undefined;
  }

  /**
   * SQLite keeps one shared-memory index per database file (inode) in a process, whatever the
   * path: two open views linking the same snapshot would share one index over two different
   * WALs. So a process holds at most one view per snapshot; an older one is closed first, on the
   * next turn of the event loop like any evicted view (see evictLeastRecentlyUsed).
   */
  private async closeViewsOver(snapshotPath: string): Promise<void> {
    const stale = [...this.built].filter(([, view]) => view.snapshotPath === snapshotPath);
    const evicted = [...this.closing].filter((view) => view.snapshotPath === snapshotPath);
    if (stale.length === 0 && evicted.length === 0) return;
    for (const [key] of stale) this.built.delete(key);
    await nextTurn();
    for (const view of [...stale.map(([, view]) => view), ...evicted]) this.discard(view);
  }

  private async buildByReplay(position: bigint, path: string): Promise<CachedView> {
    const base = this.nearestEarlierView(position);
    if (base !== undefined) base.db.exec(`VACUUM INTO '${path.replace(/'/g, "''")}'`);
    const db = openReadModelDatabase(path);
    const view: CachedView = {
      db,
      position,
      path,
      startedFrom: base?.position ?? 0n,
      overSnapshot: false,
      lastUsed: ++this.sequence,
    };
    try {
      const runner = new ProjectionRunner(this.store, db, allProjections);
      // The first step also creates the projections' tables, even for a view of position 0.
      let cursor = minimum(position, (base?.position ?? 0n) + REPLAY_STEP);
      await runner.catchUp({ until: cursor });
      while (cursor < position) {
        await nextTurn();
        cursor = minimum(position, cursor + REPLAY_STEP);
        await runner.catchUp({ until: cursor });
      }
    } catch (error) {
      this.discard(view);
      throw error;
    }
    return view;
  }

  private nearestEarlierView(position: bigint): CachedView | undefined {
    let best: CachedView | undefined;
    for (const view of this.built.values()) {
      if (view.overSnapshot || view.position > position) continue;
      if (best === undefined || view.position > best.position) best = view;
    }
    return best;
  }

  private evictLeastRecentlyUsed(): void {
    while (this.built.size > MAX_CACHED_VIEWS) {
      let oldest: [string, CachedView] | undefined;
      for (const entry of this.built)
        if (oldest === undefined || entry[1].lastUsed < oldest[1].lastUsed) oldest = entry;
      this.built.delete(oldest![0]);
      // Closed on the next turn of the event loop, not now: a request that was just handed
      // this view reads it synchronously as soon as its await resumes (a microtask), which
      // always comes before the next turn.
      const evicted = oldest![1];
      this.closing.add(evicted);
      setImmediate(() => this.discard(evicted));
    }
  }

  private discard(view: CachedView): void {
    this.closing.delete(view);
    if (!view.db.open) return;
    // Closing a view over a snapshot rolls its replay back: the snapshot file stays as it was.
    view.db.close();
    removeDatabaseFiles(view.path);
  }
}

function minimum(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** Removes the view folders of processes that no longer run (views are scratch copies, rebuilt on demand). */
function removeAbandonedViews(parent: string): void {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(/^(\d+)-/.exec(entry)?.[1]);
    if (Number.isInteger(pid) && (pid === process.pid || processIsAlive(pid))) continue;
    rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
