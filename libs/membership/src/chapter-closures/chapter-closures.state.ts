import { assertNever } from '../../../core/src';
import { ChapterClosure } from '../chapter/chapter.state';
import { ChapterClosuresEvent } from './chapter-closures.events';

/** Chapters whose closure has been reserved (and not released), with where their members go. */
export interface ChapterClosuresState {
  readonly closing: Readonly<Record<string, ChapterClosure>>;
}

export const initialChapterClosuresState = (): ChapterClosuresState => ({ closing: {} });

export function evolveChapterClosures(state: ChapterClosuresState, event: ChapterClosuresEvent): ChapterClosuresState {
  switch (event.type) {
    case 'ChapterClosureReserved':
      return { closing: { ...state.closing, [event.data.chapterId]: event.data.closure } };
    case 'ChapterClosureReleased': {
      const { [event.data.chapterId]: _released, ...closing } = state.closing;
      return { closing };
    }
    default:
      return assertNever(event);
  }
}
