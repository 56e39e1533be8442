import { ChapterPlace } from './chapter.events';

export type FoundChapter = {
  type: 'FoundChapter';
  data: { chapterId: string; name: string; place: ChapterPlace; foundedAt: string };
};

export type ChapterCommand = FoundChapter;
