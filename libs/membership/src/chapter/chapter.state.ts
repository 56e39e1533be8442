import { assertNever } from '../../../core/src';
import { ChapterEvent, ChapterPlace } from './chapter.events';

export type ChapterState =
  { status: 'unknown' } | { status: 'founded'; chapterId: string; name: string; place: ChapterPlace };

export const initialChapterState = (): ChapterState => ({ status: 'unknown' });

export function evolveChapter(_state: ChapterState, event: ChapterEvent): ChapterState {
  switch (event.type) {
    case 'ChapterFounded':
      return { status: 'founded', chapterId: event.data.chapterId, name: event.data.name, place: event.data.place };
    default:
      return assertNever(event.type);
  }
}
