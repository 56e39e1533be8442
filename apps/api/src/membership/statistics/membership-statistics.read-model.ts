import { Inject, Injectable } from '@nestjs/common';
import {
  MembershipCount,
  MembershipSnapshot,
  StatisticsPeriod,
  suppressMembershipSnapshot,
} from '../../../../../libs/membership/src';
import { ReadModelSource, ReadModels } from '../../infrastructure/read-models.service';

interface SpellRow {
  chapter_id: string | null;
  region: string | null;
  started_at: string;
  ended_at: string | null;
}

/** How long the computation runs before it lets other requests in. */
const YIELD_AFTER_MS = 20;

/** Names for the rows: branches and chapters by id. */
export interface StatisticsNames {
  readonly branches: ReadonlyMap<string, string>;
  readonly chapters: ReadonlyMap<string, { name: string; branchId: string | null }>;
}

/** The published counts as of one instant, and which regions were listed by name by then. */
export interface InstantStatistics {
  readonly instant: string;
  readonly listed: (region: string) => boolean;
  readonly table: MembershipSnapshot;
}

/** Queries over the membership statistics tables (`stats_*`). */
@Injectable()
export class MembershipStatisticsReadModel {
  private readonly spells;
  private readonly branches;
  private readonly chapters;
  private readonly listings;

  constructor(@Inject(ReadModels) source: ReadModelSource) {
    const { db } = source;
    this.spells = db.prepare<{ first: string; last: string }, SpellRow>(
      `SELECT chapter_id, region, started_at, ended_at FROM stats_spells
        WHERE started_at <= @last AND (ended_at IS NULL OR ended_at > @first)`,
    );
    this.branches = db.prepare<[], { branch_id: string; name: string }>('SELECT branch_id, name FROM stats_branches');
    this.chapters = db.prepare<[], { chapter_id: string; name: string; branch_id: string | null }>(
      'SELECT chapter_id, name, branch_id FROM stats_chapters',
    );
    this.listings = db.prepare<[number], { region: string; reached_at: string }>(
      'SELECT region, reached_at FROM stats_region_milestones WHERE members = ?',
    );
  }

  names(): StatisticsNames {
    return {
      branches: new Map(this.branches.all().map((row) => [row.branch_id, row.name])),
      chapters: new Map(
        this.chapters.all().map((row) => [row.chapter_id, { name: row.name, branchId: row.branch_id }]),
      ),
    };
  }

  /**
   * The suppressed counts as of the end of each period, oldest first. The spells that overlap
   * the periods are read at once (one consistent read), then passed in time order, counting as
   * it goes. Suppressing one instant of a large organization takes milliseconds (about 18 ms
   * for 2,000 chapters), so the event loop is given back between instants.
   */
  async snapshots(
    periods: readonly StatisticsPeriod[],
    k: number,
    names: StatisticsNames,
  ): Promise<InstantStatistics[]> {
    if (periods.length === 0) return [];
    const instants = periods.map((period) => period.end);
    const changes: { at: string; chapterId: string | null; region: string | null; delta: 1 | -1 }[] = [];
    for (const spell of this.spells.all({ first: instants[0], last: instants[instants.length - 1] })) {
      changes.push({ at: spell.started_at, chapterId: spell.chapter_id, region: spell.region, delta: 1 });
      if (spell.ended_at !== null)
        changes.push({ at: spell.ended_at, chapterId: spell.chapter_id, region: spell.region, delta: -1 });
    }
    changes.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    // A region is listed by name from the instant it first had k members.
    const listedFrom = new Map(this.listings.all(k).map((row) => [row.region, row.reached_at]));

    const counts = new Map<string, { chapterId: string | null; region: string | null; members: number }>();
    let next = 0;
    const results: InstantStatistics[] = [];
    let since = Date.now();
    for (const instant of instants) {
      if (Date.now() - since > YIELD_AFTER_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        since = Date.now();
      }
      for (; next < changes.length && changes[next].at <= instant; next++) {
        const change = changes[next];
        const key = JSON.stringify([change.chapterId, change.region]);
        const entry = counts.get(key) ?? { chapterId: change.chapterId, region: change.region, members: 0 };
        entry.members += change.delta;
        if (entry.members === 0) counts.delete(key);
        else counts.set(key, entry);
      }
      const snapshot: MembershipCount[] = [...counts.values()].map((entry) => ({
        ...entry,
        branchId: entry.chapterId === null ? null : (names.chapters.get(entry.chapterId)?.branchId ?? null),
      }));
      const listed = (region: string) => {
        const from = listedFrom.get(region);
        return from !== undefined && from <= instant;
      };
      results.push({ instant, listed, table: suppressMembershipSnapshot(snapshot, listed, k) });
    }
    return results;
  }
}
