/** Where a chapter meets: in a region, or online with no place at all. */
export type ChapterPlace = { kind: 'local'; region: string } | { kind: 'online' };

/** Events of one chapter's stream, Chapter-<chapterId>. */

/** A member started founding a chapter; it is FORMING until enough founders have signed. */
export type ChapterFoundingStarted = {
  type: 'ChapterFoundingStarted';
  data: {
    chapterId: string;
    name: string;
    place: ChapterPlace;
    /** The national branch the chapter belongs to; null for an international chapter. */
    branchId: string | null;
    startedBy: string;
    startedAt: string;
  };
};
/** A member signed as a founder (the one who started the founding signs first). */
export type ChapterFoundingSigned = {
  type: 'ChapterFoundingSigned';
  data: { chapterId: string; memberId: string; signedAt: string };
};
/**
 * Enough founders signed: the founding completes in a workflow that first holds each of these
 * founders on their own stream (so another chapter's founding cannot count them too), then
 * founds the chapter with those it could hold, or records that it could not.
 */
export type ChapterFoundingCompletionStarted = {
  type: 'ChapterFoundingCompletionStarted';
  data: { chapterId: string; founderIds: string[]; foundersMinimum: number; startedAt: string };
};
/** Too few of the founders could be held (they joined or were held elsewhere): still FORMING. */
export type ChapterFoundingCompletionFailed = {
  type: 'ChapterFoundingCompletionFailed';
  data: { chapterId: string; unavailableFounderIds: string[]; failedAt: string };
};
/** Enough founders signed and were held: the chapter is ACTIVE and its founders join it. */
export type ChapterFounded = {
  type: 'ChapterFounded';
  data: { chapterId: string; founderIds: string[]; foundedAt: string };
};
/** The committee merged this chapter into another; its members move there. */
export type ChapterMergedInto = {
  type: 'ChapterMergedInto';
  data: { chapterId: string; intoChapterId: string; mergedBy: string; mergedAt: string };
};
/** The committee dissolved this chapter; its members move to the successor or to no chapter. */
export type ChapterDissolved = {
  type: 'ChapterDissolved';
  data: { chapterId: string; successorChapterId: string | null; dissolvedBy: string; dissolvedAt: string };
};

/**
 * After a close, the members who were in the chapter have been moved (each on their own stream);
 * records who, so the chapter's own stream shows that nobody was lost, and marks the close done.
 */
export type ChapterMembersMoved = {
  type: 'ChapterMembersMoved';
  data: { chapterId: string; memberIds: string[]; movedAt: string };
};

export type ChapterEvent =
  | ChapterFoundingStarted
  | ChapterFoundingSigned
  | ChapterFoundingCompletionStarted
  | ChapterFoundingCompletionFailed
  | ChapterFounded
  | ChapterMergedInto
  | ChapterDissolved
  | ChapterMembersMoved;

export const chapterStream = (chapterId: string): string => `Chapter-${chapterId}`;
