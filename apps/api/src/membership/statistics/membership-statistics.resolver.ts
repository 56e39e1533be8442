import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { InvalidInputError } from '../../../../../libs/core/src';
import {
  INTERNATIONAL,
  MembershipSnapshot,
  NO_CHAPTER,
  NO_REGION,
  OTHER_REGIONS,
  PublishedCount,
  StatisticsInterval,
  statisticsPeriods,
} from '../../../../../libs/membership/src';
import { PLENARY_CONFIG, PlenaryConfig } from '../../config/plenary-config';
import { PageArgs, decodeCursor, pageOf, pageSize } from '../../graphql/connection';
import { WAIT_FOR_POSITION } from '../../graphql/query-arguments';
import { DateTime } from '../../graphql/scalars';
import { ReadModels } from '../../infrastructure/read-models.service';
import { MembershipStatisticsReadModel, StatisticsNames } from './membership-statistics.read-model';
import {
  MembershipStatistics,
  StatisticsCell,
  StatisticsDimension,
  StatisticsGroup,
  StatisticsGroupKind,
  StatisticsIntervalValue,
  StatisticsRow,
  SuppressionReasonValue,
} from './membership-statistics.types';

/** A row's cursor: a digest of its group key, so any group name fits in a cursor. */
const ROW_CURSOR = /^[0-9a-f]{32}$/;
const rowCursor = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);

const cell = (published: PublishedCount): StatisticsCell => ({
  count: published.count,
  suppressed: published.suppressed !== null,
  reason: published.suppressed === null ? null : SuppressionReasonValue[published.suppressed],
});
const POOLED: StatisticsCell = { count: null, suppressed: true, reason: SuppressionReasonValue.POOLED };
const ZERO: StatisticsCell = { count: 0, suppressed: false, reason: null };

interface RowDraft {
  readonly key: string;
  readonly group: StatisticsGroup;
  /** Named groups first, then the catch-all rows in a fixed order. */
  readonly rank: number;
}

@Resolver()
export class MembershipStatisticsResolver {
  constructor(
    private readonly readModel: MembershipStatisticsReadModel,
    private readonly readModels: ReadModels,
    @Inject(PLENARY_CONFIG) private readonly config: PlenaryConfig,
  ) {}

  @Query(() => MembershipStatistics, {
    description:
      'Members in good standing per branch, chapter or region at the end of each period from `from` to `to`; every count below the minimum cell size is withheld, and so is every count that would let a reader subtract one back from a published total (suppression is computed per instant over the branch, chapter and region tables together, so that no two answers can be combined either). Needs no token.',
  })
  async membershipStatistics(
    @Args('groupBy', { type: () => StatisticsDimension }) groupBy: StatisticsDimension,
    @Args('from', { type: () => DateTime, description: 'Where the first period begins' }) from: string,
    @Args('to', { type: () => DateTime, description: 'Where the last period ends; not later than now' }) to: string,
    @Args('interval', {
      type: () => StatisticsIntervalValue,
      defaultValue: StatisticsIntervalValue.MONTH,
      description: 'The length of each period',
    })
    interval: StatisticsIntervalValue,
    @Args() page: PageArgs,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
  ): Promise<MembershipStatistics> {
    const periods = statisticsPeriods(from, to, interval as StatisticsInterval, new Date().toISOString());
    const after = decodeCursor(page.after, ROW_CURSOR);
    await this.readModels.waitFor(waitForPosition);
    const k = this.config.statisticsMinimumCellSize;
    const names = this.readModel.names();
    // Each instant's suppression is solved over every chapter and branch, whatever the grouping.
    const cells = periods.length * (names.chapters.size + names.branches.size + 1);
    if (cells > this.config.statisticsMaxCells)
      throw new InvalidInputError([
        {
          field: 'interval',
          message: `${periods.length} periods over ${names.chapters.size} chapters and ${names.branches.size} branches make ${cells} cells, more than the ${this.config.statisticsMaxCells} a request may ask for; choose a longer interval or a shorter range`,
          reason: 'TOO_MANY_CELLS',
        },
      ]);
    const snapshots = await this.readModel.snapshots(periods, k, names);

    const drafts = new Map<string, RowDraft>();
    for (const snapshot of snapshots)
      for (const key of groupsOf(snapshot.table, groupBy).keys())
        if (!drafts.has(key)) drafts.set(key, draftOf(key, groupBy, names));
    const ordered = [...drafts.values()].sort(
      (a, b) =>
        a.rank - b.rank ||
        (a.group.name ?? '').localeCompare(b.group.name ?? '', 'en') ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
    let start = 0;
    if (after !== undefined) {
      const index = ordered.findIndex((row) => rowCursor(row.key) === after);
      if (index === -1)
        throw new InvalidInputError([
          { field: 'after', message: 'is not a cursor of this table', reason: 'INVALID_CURSOR' },
        ]);
      start = index + 1;
    }
    const first = pageSize(page);
    const rows = pageOf(
      ordered.slice(start, start + first + 1),
      first,
      ordered.length,
      (row) => rowCursor(row.key),
      (row): StatisticsRow => ({
        group: row.group,
        cells: snapshots.map((snapshot) => {
          const published = groupsOf(snapshot.table, groupBy).get(row.key);
          if (published !== undefined) return cell(published);
          // A region not yet listed by name at that instant is counted among the others.
          if (row.group.kind === StatisticsGroupKind.REGION && !snapshot.listed(row.group.name!)) return POOLED;
          return ZERO;
        }),
      }),
    );
    return {
      groupBy,
      interval,
      minimumCellSize: k,
      periods,
      totals: snapshots.map((snapshot) => cell(snapshot.table.total)),
      rows: rows as MembershipStatistics['rows'],
    };
  }
}

function groupsOf(snapshot: MembershipSnapshot, groupBy: StatisticsDimension): ReadonlyMap<string, PublishedCount> {
  return groupBy === StatisticsDimension.BRANCH
    ? snapshot.branches
    : groupBy === StatisticsDimension.CHAPTER
      ? snapshot.chapters
      : snapshot.regions;
}

function draftOf(key: string, groupBy: StatisticsDimension, names: StatisticsNames): RowDraft {
  const special = (kind: StatisticsGroupKind, rank: number): RowDraft => ({
    key,
    rank,
    group: { kind, id: null, name: null },
  });
  if (key === NO_CHAPTER) return special(StatisticsGroupKind.NO_CHAPTER, 3);
  if (key === INTERNATIONAL) return special(StatisticsGroupKind.INTERNATIONAL, 2);
  if (key === NO_REGION) return special(StatisticsGroupKind.NO_REGION, 2);
  if (key === OTHER_REGIONS) return special(StatisticsGroupKind.OTHER_REGIONS, 3);
  const [prefix, ...rest] = key.split(':');
  const value = rest.join(':');
  if (prefix === 'branch')
    return {
      key,
      rank: 1,
      group: { kind: StatisticsGroupKind.BRANCH, id: value, name: names.branches.get(value) ?? null },
    };
  if (prefix === 'chapter')
    return {
      key,
      rank: 1,
      group: { kind: StatisticsGroupKind.CHAPTER, id: value, name: names.chapters.get(value)?.name ?? null },
    };
  if (groupBy === StatisticsDimension.REGION && prefix === 'region')
    return { key, rank: 1, group: { kind: StatisticsGroupKind.REGION, id: null, name: value } };
  throw new Error(`unknown statistics group ${key}`);
}
