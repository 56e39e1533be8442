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
  // One pass over the counts: the sums per group of each dimension, and each branch's chapters.
  const branchSums = new Map<string, number>();
  const chapterSums = new Map<string, number>();
  const regionSums = new Map<string, number>();
  const chaptersOf = new Map<string, Set<string>>();
  const listing = new Map<string, boolean>();
  const add = (sums: Map<string, number>, key: string, members: number) =>
    sums.set(key, (sums.get(key) ?? 0) + members);
  for (const count of counts) {
    if (count.members === 0) continue;
    const branch = branchKey(count.chapterId, count.branchId);
    const chapter = chapterKey(count.chapterId);
    add(branchSums, branch, count.members);
    add(chapterSums, chapter, count.members);
    let isListed = false;
    if (count.region !== null) {
      isListed = listing.get(count.region) ?? listed(count.region);
      listing.set(count.region, isListed);
    }
    add(regionSums, regionKey(count.region, isListed), count.members);
    if (count.chapterId !== null) {
      const chapters = chaptersOf.get(branch) ?? new Set<string>();
      chapters.add(chapter);
      chaptersOf.set(branch, chapters);
    }
  }
  const byKey = (sums: Map<string, number>) => [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const values: number[] = [];
  const lines: SumLine[] = [];
  const cellOf = (value: number) => values.push(value) - 1;
  const total = cellOf(counts.reduce((all, count) => all + count.members, 0));
  const branchCells = new Map(byKey(branchSums).map(([key, value]) => [key, cellOf(value)]));
  // Members in no chapter are one group in both tables: one cell, not two tied by a line.
  const chapterCells = new Map<string, number>();
  for (const [key, value] of byKey(chapterSums))
    chapterCells.set(key, key === NO_CHAPTER ? branchCells.get(NO_CHAPTER)! : cellOf(value));
  const regionCells = new Map(byKey(regionSums).map(([key, value]) => [key, cellOf(value)]));
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
