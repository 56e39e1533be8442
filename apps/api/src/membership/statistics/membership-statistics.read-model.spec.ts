import Database from 'better-sqlite3';
import type { RecordedEvent } from '../../../../../libs/event-store/src';
import { StatisticsPeriod } from '../../../../../libs/membership/src';
import { dumpTables, membershipStatisticsProjection } from '../../../../../libs/projections/src';
import { testMetadata } from '../../../../../libs/testing/src';
import { MembershipStatisticsReadModel } from './membership-statistics.read-model';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();
const periodsEnding = (...minutes: number[]): StatisticsPeriod[] =>
  minutes.map((minute) => ({ start: at(0), end: at(minute) }));

/** Events as the log would hand them to the projection, in order, accepted at the given minutes. */
function log(events: Array<[minute: number, type: string, data: Record<string, unknown>]>): RecordedEvent[] {
  return events.map(([minute, type, data], index) => ({
    id: `event-${index}`,
    streamName: 'test',
    revision: 0n,
    position: BigInt(index + 1),
    type,
    data,
    metadata: testMetadata({ acceptedAt: at(minute) }),
  }));
}

function project(events: readonly RecordedEvent[]): Database.Database {
  const db = new Database(':memory:');
  db.exec(membershipStatisticsProjection.schema);
  const apply = membershipStatisticsProjection.bind(db);
  for (const event of events) apply(event);
  return db;
}

const member = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const enrolled = (n: number, region: string | null) => ({
  memberId: member(n),
  pseudonym: `M${n}`,
  region,
  acceptedCommitmentsVersion: null,
  enrolledAt: 'ignored',
});

const events = log([
  [1, 'BranchFounded', { branchId: 'pt', name: 'Portugal', countryCode: 'PT', foundedAt: 'ignored' }],
  [1, 'ChapterFoundingStarted', { chapterId: 'lisboa', name: 'Lisboa', place: { kind: 'online' }, branchId: 'pt' }],
  [1, 'ChapterFoundingStarted', { chapterId: 'porto', name: 'Porto', place: { kind: 'online' }, branchId: 'pt' }],
  ...[1, 2, 3, 4, 5, 6].map((n): [number, string, Record<string, unknown>] => [
    2,
    'MemberEnrolled',
    enrolled(n, 'North'),
  ]),
  ...[1, 2, 3, 4, 5, 6].map((n): [number, string, Record<string, unknown>] => [
    3,
    'MemberJoinedChapter',
    { memberId: member(n), chapterId: 'lisboa' },
  ]),
  [5, 'MemberTransferredChapter', { memberId: member(6), fromChapterId: 'lisboa', toChapterId: 'porto' }],
  [6, 'MemberRegionChanged', { memberId: member(5), region: 'South' }],
  [7, 'MemberResigned', { memberId: member(4), chapterId: 'lisboa' }],
  // Accepted before the previous event by another process, applied after it: it counts from 7.
  [4, 'MemberLeftChapter', { memberId: member(3), chapterId: 'lisboa' }],
  [9, 'ChapterMergedInto', { chapterId: 'porto', intoChapterId: 'lisboa' }],
  [9, 'MemberMovedByMerger', { memberId: member(6), fromChapterId: 'porto', toChapterId: 'lisboa' }],
]);

describe('membership statistics read model', () => {
  const db = project(events);
  const readModel = new MembershipStatisticsReadModel({ db });
  const names = readModel.names();
  const chapters = async (minutes: number[], k = 3) =>
    (await readModel.snapshots(periodsEnding(...minutes), k, names)).map((snapshot) =>
      Object.fromEntries([...snapshot.table.chapters].map(([key, cell]) => [key, cell.count])),
    );

  it('counts members in good standing per chapter as of each instant, following every move', async () => {
    expect(await chapters([1, 2, 3, 5, 6, 7, 8, 9], 3)).toEqual([
      {},
      { 'no-chapter': 6 },
      { 'chapter:lisboa': 6 },
      // Transfer to Porto (1 member, withheld, with Lisboa as its complement).
      { 'chapter:lisboa': null, 'chapter:porto': null },
      { 'chapter:lisboa': null, 'chapter:porto': null },
      // Member 4 resigned and member 3 left, both counted from minute 7.
      { 'chapter:lisboa': 3, 'no-chapter': null, 'chapter:porto': null },
      { 'chapter:lisboa': 3, 'no-chapter': null, 'chapter:porto': null },
      // The merger moved member 6 back into Lisboa (4); the one member in no chapter is hidden
      // beside the branch, which is Lisboa alone.
      { 'chapter:lisboa': null, 'no-chapter': null },
    ]);
  });

  it('hides the total when the branch line and the total line together would pin the branch', async () => {
    // At minute 7: Lisboa 3 (published), Porto 1, no chapter 1, branch 4, total 5. With the total
    // published, the branch line says branch = 3 + Porto (4 or 5) and the total line says
    // branch = 5 − no chapter (3 or 4): the branch is 4, and Porto and no chapter 1 each.
    const [atSeven] = await readModel.snapshots(periodsEnding(7), 3, names);
    expect(atSeven.table.total).toEqual({ count: null, suppressed: 'COMPLEMENTARY' });
    expect(atSeven.table.branches.get('branch:pt')).toEqual({ count: null, suppressed: 'COMPLEMENTARY' });
  });

  it('counts regions as members change them, and lists a region from the instant it first had k members', async () => {
    const [, , atSix] = await readModel.snapshots(periodsEnding(2, 5, 6), 3, names);
    expect(Object.fromEntries([...atSix.table.regions].map(([key, cell]) => [key, cell]))).toEqual({
      // South has one member: not listed yet, counted among the other regions (and withheld).
      'other-regions': { count: null, suppressed: 'PRIMARY' },
      'region:North': { count: null, suppressed: 'COMPLEMENTARY' },
    });
    expect(atSix.listed('North')).toBe(true);
    expect(atSix.listed('South')).toBe(false);
  });

  it('keeps spells well formed and no member id in the history', () => {
    const spells = db.prepare('SELECT * FROM stats_spells WHERE ended_at < started_at').all();
    expect(spells).toEqual([]);
    const columns = db.prepare("SELECT name FROM pragma_table_info('stats_spells')").pluck().all();
    expect(columns).not.toContain('member_id');
    // The left-chapter event accepted at minute 4 but applied after minute 7 starts its spell at 7.
    expect(db.prepare('SELECT max(started_at) FROM stats_spells WHERE chapter_id IS NULL').pluck().get()).toBe(at(7));
  });

  it('rebuilds to the same tables from the same log', () => {
    expect(dumpTables(project(events), membershipStatisticsProjection.tables)).toBe(
      dumpTables(db, membershipStatisticsProjection.tables),
    );
  });
});
