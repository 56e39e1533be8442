import { Decider, FieldProblem, InvalidInputError, assertNever } from '../../../core/src';
import { checkChapterName, checkRegion, normalizeName } from '../names';
import { ChapterCommand } from './chapter.commands';
import { ChapterAlreadyFoundedError } from './chapter.errors';
import { ChapterEvent, ChapterPlace } from './chapter.events';
import { ChapterState, evolveChapter, initialChapterState } from './chapter.state';

function checkPlace(place: ChapterPlace): FieldProblem[] {
  if (place.kind === 'online') return [];
  if (place.region === null || place.region === undefined) {
    return [{ field: 'region', message: 'A local chapter needs a region' }];
  }
  return checkRegion(place.region);
}

function decide(command: ChapterCommand, state: ChapterState): ChapterEvent[] {
  switch (command.type) {
    case 'FoundChapter': {
      const { chapterId, name, place, foundedAt } = command.data;
      const problems = [...checkChapterName(name), ...checkPlace(place)];
      if (problems.length > 0) throw new InvalidInputError(problems);
      if (state.status !== 'unknown') throw new ChapterAlreadyFoundedError(chapterId);
      const normalizedPlace: ChapterPlace =
        place.kind === 'local' ? { kind: 'local', region: normalizeName(place.region) } : { kind: 'online' };
      return [
        { type: 'ChapterFounded', data: { chapterId, name: normalizeName(name), place: normalizedPlace, foundedAt } },
      ];
    }
    default:
      return assertNever(command.type);
  }
}

export const chapterDecider: Decider<ChapterCommand, ChapterEvent, ChapterState> = {
  decide,
  evolve: evolveChapter,
  initialState: initialChapterState,
};
