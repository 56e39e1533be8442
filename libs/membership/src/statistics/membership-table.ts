import { LinkedCells, PublishedCount, SumLine, suppressSmallCells } from './cell-suppression';

/**
 * Members in good standing as of one instant, as the published statistics see them: per
 * chapter (or none), the chapter's branch (or international), and the member's region (or
 * none). One row per combination that has members.
 */
export interface MembershipCount {
  readonly chapterId: string | null;
  /** The chapter's branch; null for an international chapter or for members in no chapter. */
  readonly branchId: string | null;
  readonly region: string | null;
  readonly members: number;
}

/** Group keys, one string space per dimension. */
export const NO_CHAPTER = 'no-chapter';
export const INTERNATIONAL = 'international';
export const NO_REGION = 'no-region';
export const OTHER_REGIONS = 'other-regions';
export const branchKey = (chapterId: string | null, branchId: string | null): string =>
  chapterId === null ? NO_CHAPTER : branchId === null ? INTERNATIONAL : `branch:${branchId}`;
export const chapterKey = (chapterId: string | null): string =>
  chapterId === null ? NO_CHAPTER : `chapter:${chapterId}`;
export const regionKey = (region: string | null, listed: boolean): string =>
  region === null ? NO_REGION : listed ? `region:${region}` : OTHER_REGIONS;

/** Every published count of one instant, by group key; a group not listed has 0 members. */
export interface MembershipSnapshot {
  readonly total: PublishedCount;
  readonly branches: ReadonlyMap<string, PublishedCount>;
  readonly chapters: ReadonlyMap<string, PublishedCount>;
  readonly regions: ReadonlyMap<string, PublishedCount>;
}

export const EMPTY_GROUP: PublishedCount = { count: 0, suppressed: null };

/**
 * The counts of one instant by branch, by chapter and by region, with small cells suppressed
 * over all three together: chapters add up to their branch, branches (with members in no
 * chapter) to the whole, regions to the whole too. Whoever reads the three tables side by side
 * cannot subtract a small group back from any of them.
 *
 * Regions are named by members, so a small one's name alone could point at someone: a region is
 * counted under its own name only once `listed` says so (the statistics list a region once it
 * has had k members), and until then within OTHER_REGIONS.
 *
 * The result depends only on the counts (cells are ordered by key), so the same instant always
 * gets the same suppression whatever else a query asks for.
 */
export function suppressMembershipSnapshot(
  counts: readonly MembershipCount[],
  listed: (region: string) => boolean,
  k: number,
): MembershipSnapshot {
  const sum = (keyOf: (count: MembershipCount) => string) => {
    const sums = new Map<string, number>();
    for (const count of counts)
      if (count.members > 0) sums.set(keyOf(count), (sums.get(keyOf(count)) ?? 0) + count.members);
    return new Map([...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  };
  const branchSums = sum((count) => branchKey(count.chapterId, count.branchId));
  const chapterSums = sum((count) => chapterKey(count.chapterId));
  const regionSums = sum((count) => regionKey(count.region, count.region !== null && listed(count.region)));
  const chaptersOf = new Map<string, string[]>();
  for (const count of counts) {
    if (count.members === 0 || count.chapterId === null) continue;
    const branch = branchKey(count.chapterId, count.branchId);
    const chapters = chaptersOf.get(branch) ?? [];
    if (!chapters.includes(chapterKey(count.chapterId))) chapters.push(chapterKey(count.chapterId));
    chaptersOf.set(branch, chapters);
  }

  const values: number[] = [];
  const lines: SumLine[] = [];
  const add = (value: number) => values.push(value) - 1;
  const total = add(counts.reduce((all, count) => all + count.members, 0));
  const branchCells = new Map([...branchSums].map(([key, value]) => [key, add(value)]));
  // Members in no chapter are one group in both tables: one cell, not two tied by a line.
  const chapterCells = new Map<string, number>();
  for (const [key, value] of chapterSums)
    chapterCells.set(key, key === NO_CHAPTER ? branchCells.get(NO_CHAPTER)! : add(value));
  const regionCells = new Map([...regionSums].map(([key, value]) => [key, add(value)]));
  lines.push({ total, parts: [...branchCells.values()] });
  for (const [branch, cell] of branchCells) {
    if (branch === NO_CHAPTER) continue;
    lines.push({
      total: cell,
      parts: [...chaptersOf.get(branch)!].sort().map((chapter) => chapterCells.get(chapter)!),
    });
  }
  lines.push({ total, parts: [...regionCells.values()] });

  const table: LinkedCells = { values, lines };
  const reasons = suppressSmallCells(table, k);
  const published = (cell: number): PublishedCount =>
    reasons[cell] === null ? { count: values[cell], suppressed: null } : { count: null, suppressed: reasons[cell] };
  const publish = (cells: ReadonlyMap<string, number>) =>
    new Map([...cells].map(([key, cell]) => [key, published(cell)]));
  return {
    total: published(total),
    branches: publish(branchCells),
    chapters: publish(chapterCells),
    regions: publish(regionCells),
  };
}
