import { OtherChapterFacts } from '../chapter/chapter.commands';
import { ChapterClosure } from '../chapter/chapter.state';

export type ReserveChapterClosure = {
  type: 'ReserveChapterClosure';
  data: {
    chapterId: string;
    /** The chapter to close as its own stream showed it; null when it was never started. */
    chapter: OtherChapterFacts | null;
    closure: ChapterClosure;
    /** The chapter that receives the members (merger target or successor) as its stream showed it. */
    receiving: OtherChapterFacts | null;
    closedBy: string;
    reservedAt: string;
  };
};
export type ReleaseChapterClosure = {
  type: 'ReleaseChapterClosure';
  data: { chapterId: string; reason: string; releasedAt: string };
};

export type ChapterClosuresCommand = ReserveChapterClosure | ReleaseChapterClosure;
