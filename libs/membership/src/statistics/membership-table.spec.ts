import { MembershipCount, NO_CHAPTER, OTHER_REGIONS, suppressMembershipSnapshot } from './membership-table';

const count = (chapterId: string | null, branchId: string | null, region: string | null, members: number) =>
  ({ chapterId, branchId, region, members }) satisfies MembershipCount;

describe('one instant of membership statistics', () => {
  const counts = [
    count('a', 'pt', 'North', 12),
    count('b', 'pt', 'North', 9),
    count('c', 'pt', 'Tiny', 2),
    count('d', null, 'South', 10),
    count(null, null, 'South', 6),
  ];
  const listed = (region: string) => region !== 'Tiny';

  it('suppresses a small chapter with a complement inside its branch, and the branch table agrees', () => {
    const snapshot = suppressMembershipSnapshot(counts, listed, 5);
    expect(snapshot.total).toEqual({ count: 39, suppressed: null });
    expect(snapshot.chapters.get('chapter:c')).toEqual({ count: null, suppressed: 'PRIMARY' });
    // The smallest other chapter of the branch: b (9).
    expect(snapshot.chapters.get('chapter:b')).toEqual({ count: null, suppressed: 'COMPLEMENTARY' });
    expect(snapshot.chapters.get('chapter:a')).toEqual({ count: 12, suppressed: null });
    // The branch's own total is published: 23 − 12 leaves b + c, neither known.
    expect(snapshot.branches.get('branch:pt')).toEqual({ count: 23, suppressed: null });
    // Members in no chapter are one cell in both tables.
    expect(snapshot.branches.get(NO_CHAPTER)).toEqual(snapshot.chapters.get(NO_CHAPTER));
  });

  it('counts a region not yet listed among the others, and hides that pool when it is small', () => {
    const snapshot = suppressMembershipSnapshot(counts, listed, 5);
    expect(snapshot.regions.has('region:Tiny')).toBe(false);
    expect(snapshot.regions.get(OTHER_REGIONS)).toEqual({ count: null, suppressed: 'PRIMARY' });
    // Its complement: the smallest region whose count exceeds k... South (16) and North (21): South.
    expect(snapshot.regions.get('region:South')).toEqual({ count: null, suppressed: 'COMPLEMENTARY' });
    expect(snapshot.regions.get('region:North')).toEqual({ count: 21, suppressed: null });
  });

  it('gives the same answer whatever order the counts come in', () => {
    const forwards = suppressMembershipSnapshot(counts, listed, 5);
    const backwards = suppressMembershipSnapshot([...counts].reverse(), listed, 5);
    expect(backwards).toEqual(forwards);
  });

  it('publishes an empty organization as zero', () => {
    const snapshot = suppressMembershipSnapshot([], listed, 5);
    expect(snapshot.total).toEqual({ count: 0, suppressed: null });
    expect(snapshot.chapters.size).toBe(0);
  });
});
