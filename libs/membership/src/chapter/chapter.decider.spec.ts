import { InvalidInputError } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { chapterDecider } from './chapter.decider';
import { ChapterAlreadyFoundedError } from './chapter.errors';

const chapterId = 'c1000000-0000-4000-8000-000000000001';
const at = '2026-03-01T10:00:00.000Z';
const spec = DeciderSpecification(chapterDecider);

describe('chapter decider', () => {
  it('founds a local chapter in a region', () => {
    spec
      .given([])
      .when({
        type: 'FoundChapter',
        data: { chapterId, name: ' Lyon  Croix-Rousse ', place: { kind: 'local', region: 'Lyon' }, foundedAt: at },
      })
      .then([
        {
          type: 'ChapterFounded',
          data: { chapterId, name: 'Lyon Croix-Rousse', place: { kind: 'local', region: 'Lyon' }, foundedAt: at },
        },
      ]);
  });

  it('founds an online chapter with no place', () => {
    spec
      .given([])
      .when({
        type: 'FoundChapter',
        data: { chapterId, name: 'Online Europe', place: { kind: 'online' }, foundedAt: at },
      })
      .then([
        {
          type: 'ChapterFounded',
          data: { chapterId, name: 'Online Europe', place: { kind: 'online' }, foundedAt: at },
        },
      ]);
  });

  it('rejects a local chapter without a usable region and a too-short name, naming both', () => {
    const error = spec
      .given([])
      .when({
        type: 'FoundChapter',
        data: { chapterId, name: 'L', place: { kind: 'local', region: '  ' }, foundedAt: at },
      })
      .thenThrows(InvalidInputError) as InvalidInputError;
    expect(error.problems.map((problem) => problem.field)).toEqual(['name', 'region']);
  });

  it('refuses to found the same chapter twice', () => {
    spec
      .given([
        {
          type: 'ChapterFounded',
          data: { chapterId, name: 'Online Europe', place: { kind: 'online' }, foundedAt: at },
        },
      ])
      .when({
        type: 'FoundChapter',
        data: { chapterId, name: 'Online Europe', place: { kind: 'online' }, foundedAt: at },
      })
      .thenThrows(ChapterAlreadyFoundedError, 'CHAPTER_ALREADY_FOUNDED');
  });
});
