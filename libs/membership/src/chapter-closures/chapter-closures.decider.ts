import { Decider, assertNever } from '../../../core/src';
import { ChapterClosedError, ChapterIntoItselfError, ChapterNotActiveError } from '../chapter/chapter.errors';
import { ChapterNotFoundError } from '../member/member.errors';
import { ChapterClosuresCommand } from './chapter-closures.commands';
import { ChapterClosuresEvent } from './chapter-closures.events';
import { ChapterClosuresState, evolveChapterClosures, initialChapterClosuresState } from './chapter-closures.state';

function receivingIdOf(command: Extract<ChapterClosuresCommand, { type: 'ReserveChapterClosure' }>) {
  const { closure } = command.data;
  return closure.kind === 'merger'
    ? { field: 'intoChapterId', receivingId: closure.intoChapterId }
    : { field: 'successorChapterId', receivingId: closure.successorChapterId };
}

function decide(command: ChapterClosuresCommand, state: ChapterClosuresState): ChapterClosuresEvent[] {
  switch (command.type) {
    case 'ReserveChapterClosure': {
      const { chapterId, chapter, closure, receiving, closedBy, reservedAt } = command.data;
      if (chapter === null) throw new ChapterNotFoundError(chapterId);
      if (chapter.status === 'closed' || state.closing[chapterId] !== undefined)
        throw new ChapterClosedError(chapterId);
      const { field, receivingId } = receivingIdOf(command);
      if (receivingId !== null) {
        if (receivingId === chapterId) throw new ChapterIntoItselfError(field);
        if (receiving === null) throw new ChapterNotFoundError(receivingId);
        // A chapter whose own closure is reserved is as good as closed: members sent there would
        // only be sent on, and two closures into each other would send them round for ever.
        if (state.closing[receivingId] !== undefined) throw new ChapterNotActiveError(receivingId, 'closed');
        if (receiving.status !== 'active') throw new ChapterNotActiveError(receivingId, receiving.status);
      }
      return [{ type: 'ChapterClosureReserved', data: { chapterId, closure, closedBy, reservedAt } }];
    }
    case 'ReleaseChapterClosure': {
      const { chapterId, reason, releasedAt } = command.data;
      if (state.closing[chapterId] === undefined) return [];
      return [{ type: 'ChapterClosureReleased', data: { chapterId, reason, releasedAt } }];
    }
    default:
      return assertNever(command);
  }
}

export const chapterClosuresDecider: Decider<ChapterClosuresCommand, ChapterClosuresEvent, ChapterClosuresState> = {
  decide,
  evolve: evolveChapterClosures,
  initialState: initialChapterClosuresState,
};
