import { ChapterClosure } from '../chapter/chapter.state';

/**
 * Events of the organization's one register of chapter closures, ChapterClosures-organization.
 * Every merger and dissolution is reserved here before the chapter's own stream is touched, so
 * closures are decided one after another against everything already closing: two mergers in
 * opposite directions, or a closure into a chapter that is itself being closed, cannot both
 * pass. The reservation is also the start of the closure workflow, which a process manager
 * carries to its end (the chapter closed, every member moved, the move recorded).
 */

/** A chapter's closure is decided: its members go where `closure` says. */
export type ChapterClosureReserved = {
  type: 'ChapterClosureReserved';
  data: { chapterId: string; closure: ChapterClosure; closedBy: string; reservedAt: string };
};
/** The closure could not be carried out after all (a compensation): the chapter stays as it was. */
export type ChapterClosureReleased = {
  type: 'ChapterClosureReleased';
  data: { chapterId: string; reason: string; releasedAt: string };
};

export type ChapterClosuresEvent = ChapterClosureReserved | ChapterClosureReleased;

export const chapterClosuresStream = (): string => 'ChapterClosures-organization';
