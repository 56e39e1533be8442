/** Where a chapter meets: in a region, or online with no place at all. */
export type ChapterPlace = { kind: 'local'; region: string } | { kind: 'online' };

/** Events of one chapter's stream, Chapter-<chapterId>. */
export type ChapterFounded = {
  type: 'ChapterFounded';
  data: { chapterId: string; name: string; place: ChapterPlace; foundedAt: string };
};

export type ChapterEvent = ChapterFounded;

export const chapterStream = (chapterId: string): string => `Chapter-${chapterId}`;
