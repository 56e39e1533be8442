import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../../../libs/core/src';
import type { EventStore } from '../../../../libs/event-store/src';
import { ProjectionRunner, allProjections, openReadModelDatabase } from '../../../../libs/projections/src';
import { PLENARY_CONFIG, PlenaryConfig } from '../config/plenary-config';
import { ReadModelSource, ReadModels } from './read-models.service';
import { EVENT_STORE } from './tokens';

/** Read models as they stood at one log position. */
export interface PastReadModels {
  readonly db: Database.Database;
  readonly position: bigint;
}

interface CachedView extends PastReadModels {
  readonly path: string;
  lastUsed: number;
}

/** Past views kept open; each is a small SQLite file, rebuilt on demand when evicted. */
const MAX_CACHED_VIEWS = 4;

const POSITION = /^(0|[1-9][0-9]{0,18})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/**
 * Time travel for queries: the read models as of a log position or an instant, built by
 * replaying the log into a scratch database up to that position with the same projections as
 * the live read models, so a past view can never disagree with what the live ones showed then.
 * A view starts from the nearest cached earlier view when there is one, else from position 0.
 */
@Injectable()
export class ReadModelHistory implements OnApplicationShutdown {
  private readonly directory: string;
  private readonly building = new Map<string, Promise<CachedView>>();
  private readonly built = new Map<string, CachedView>();
  private sequence = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly live: ReadModels,
    @Inject(PLENARY_CONFIG) config: PlenaryConfig,
  ) {
    this.directory = join(config.dataDir, 'as-of');
    rmSync(this.directory, { recursive: true, force: true });
  }

  /**
   * The read models to answer from: the live ones when `asOf` is absent, else a past view.
   * Use the returned database right away, without awaiting anything first: only the most
   * recently used views stay open.
   */
  async at(asOf: string | null | undefined): Promise<PastReadModels> {
    if (asOf === undefined || asOf === null) return { db: this.live.db, position: this.live.position };
    const position = await this.positionOf(asOf);
    if (position === this.live.position) return { db: this.live.db, position };
    const key = position.toString();
    let view = this.built.get(key);
    if (view === undefined) {
      let pending = this.building.get(key);
      if (pending === undefined) {
        pending = this.build(position).finally(() => this.building.delete(key));
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
    const base = this.nearestEarlierView(position);
    if (base !== undefined) base.db.exec(`VACUUM INTO '${path.replace(/'/g, "''")}'`);
    const db = openReadModelDatabase(path);
    const view: CachedView = { db, position, path, lastUsed: ++this.sequence };
    try {
      await new ProjectionRunner(this.store, db, allProjections).catchUp({ until: position });
    } catch (error) {
      this.discard(view);
      throw error;
    }
    return view;
  }

  private nearestEarlierView(position: bigint): CachedView | undefined {
    let best: CachedView | undefined;
    for (const view of this.built.values()) {
      if (view.position <= position && (best === undefined || view.position > best.position)) best = view;
    }
    return best;
  }

  private evictLeastRecentlyUsed(): void {
    while (this.built.size > MAX_CACHED_VIEWS) {
      let oldest: [string, CachedView] | undefined;
      for (const entry of this.built)
        if (oldest === undefined || entry[1].lastUsed < oldest[1].lastUsed) oldest = entry;
      this.built.delete(oldest![0]);
      this.discard(oldest![1]);
    }
  }

  private discard(view: CachedView): void {
    if (view.db.open) view.db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${view.path}${suffix}`, { force: true });
  }
}
