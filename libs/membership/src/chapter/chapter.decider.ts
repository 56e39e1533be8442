import { Decider, FieldProblem, InvalidInputError, assertNever, normalizeLine } from '../../../core/src';
import {
  InAnotherChapterError,
  MemberNotFoundError,
  MemberResignedError,
  ChapterNotFoundError,
} from '../member/member.errors';
import { checkChapterName, checkRegion } from '../names';
import { ChapterCommand, FounderFacts, OtherChapterFacts } from './chapter.commands';
import {
  AlreadySignedFoundingError,
  BranchNotFoundError,
  ChapterAlreadyFoundedError,
  ChapterClosedError,
  ChapterIntoItselfError,
  ChapterNotActiveError,
  ChapterNotFormingError,
} from './chapter.errors';
import { ChapterEvent, ChapterPlace } from './chapter.events';
import { ChapterState, evolveChapter, initialChapterState } from './chapter.state';

function checkPlace(place: ChapterPlace): FieldProblem[] {
  if (place.kind === 'online') return [];
  if (place.region === null || place.region === undefined) {
    return [{ field: 'region', message: 'A local chapter needs a region' }];
  }
  return checkRegion(place.region);
}

/** Who may found or co-found a chapter: an enrolled, non-resigned member in no chapter. */
function checkFounder(founderId: string, founder: FounderFacts | null): void {
  if (founder === null) throw new MemberNotFoundError(founderId);
  if (founder.status === 'resigned') throw new MemberResignedError(founderId);
  if (founder.chapterId !== null) throw new InAnotherChapterError(founder.chapterId);
}

function checkMinimum(foundersMinimum: number): void {
  // A configuration value, checked when it is loaded; a bad one here is a bug, not user input.
  if (!Number.isInteger(foundersMinimum) || foundersMinimum < 1) {
    throw new Error(`The founders minimum must be a positive integer, not ${foundersMinimum}`);
  }
}

/**
 * The signature that reaches the minimum starts the founding's completion (one at a time): the
 * founding workflow then holds each founder and founds the chapter with those it could hold.
 */
function completionIfReached(
  chapterId: string,
  founderIds: readonly string[],
  foundersMinimum: number,
  at: string,
): ChapterEvent[] {
  return founderIds.length >= foundersMinimum
    ? [
        {
          type: 'ChapterFoundingCompletionStarted',
          data: { chapterId, founderIds: [...founderIds], foundersMinimum, startedAt: at },
        },
      ]
    : [];
}

/** The chapter that receives the members of a closed one must exist, be active and be another. */
function checkReceivingChapter(
  field: string,
  chapterId: string,
  receiving: OtherChapterFacts | null,
  receivingId: string,
) {
  if (receivingId === chapterId) throw new ChapterIntoItselfError(field);
  if (receiving === null) throw new ChapterNotFoundError(receivingId);
  if (receiving.status !== 'active') throw new ChapterNotActiveError(receivingId, receiving.status);
}

function decide(command: ChapterCommand, state: ChapterState): ChapterEvent[] {
  switch (command.type) {
    case 'FoundChapter': {
      const { chapterId, name, place, branchId, branchExists, founderId, founder, foundersMinimum, startedAt } =
        command.data;
      const problems = [...checkChapterName(name), ...checkPlace(place)];
      if (problems.length > 0) throw new InvalidInputError(problems);
      checkMinimum(foundersMinimum);
      if (state.status !== 'unknown') throw new ChapterAlreadyFoundedError(chapterId);
      if (branchId !== null && !branchExists) throw new BranchNotFoundError(branchId);
      checkFounder(founderId, founder);
      const normalizedPlace: ChapterPlace =
        place.kind === 'local' ? { kind: 'local', region: normalizeLine(place.region) } : { kind: 'online' };
      return [
        {
          type: 'ChapterFoundingStarted',
          data: {
            chapterId,
            name: normalizeLine(name),
            place: normalizedPlace,
            branchId,
            startedBy: founderId,
            startedAt,
          },
        },
        { type: 'ChapterFoundingSigned', data: { chapterId, memberId: founderId, signedAt: startedAt } },
        ...completionIfReached(chapterId, [founderId], foundersMinimum, startedAt),
      ];
    }
    case 'SignChapterFounding': {
      const { chapterId, founderId, founder, foundersMinimum, signedAt } = command.data;
      const unavailable = command.data.unavailableFounderIds ?? [];
      checkMinimum(foundersMinimum);
      if (state.status === 'unknown') throw new ChapterNotFoundError(chapterId);
      if (state.status !== 'forming') throw new ChapterNotFormingError(chapterId, state.status);
      if (state.founderIds.includes(founderId)) throw new AlreadySignedFoundingError(chapterId);
      checkFounder(founderId, founder);
      return [
        { type: 'ChapterFoundingSigned', data: { chapterId, memberId: founderId, signedAt } },
        // Only founders still free to join count: signing several forming chapters, or signing and
        // then joining elsewhere, cannot make up a chapter nobody will be in. While a completion
        // runs, a signature only adds a founder; the completion decides with those it started with.
        ...(state.completing === null
          ? completionIfReached(
              chapterId,
              [...state.founderIds.filter((id) => !unavailable.includes(id)), founderId],
              foundersMinimum,
              signedAt,
            )
          : []),
      ];
    }
    case 'CompleteChapterFounding': {
      const { chapterId, heldFounderIds, unavailableFounderIds, completedAt } = command.data;
      if (state.status === 'unknown') throw new ChapterNotFoundError(chapterId);
      // Founded, closed or no completion running: a replayed or superseded step, nothing to do.
      if (state.status !== 'forming' || state.completing === null) return [];
      const { founderIds, foundersMinimum } = state.completing;
      if (heldFounderIds.length >= foundersMinimum) {
        return [
          { type: 'ChapterFounded', data: { chapterId, founderIds: [...heldFounderIds], foundedAt: completedAt } },
        ];
      }
      // Founders who signed while this completion ran were not in it: with them the chapter may
      // reach the minimum after all, so another completion starts with everyone not found
      // unavailable. It starts only when someone new is in it, so this never goes round for ever.
      const available = state.founderIds.filter((id) => !unavailableFounderIds.includes(id));
      const newcomers = available.some((id) => !founderIds.includes(id));
      return [
        {
          type: 'ChapterFoundingCompletionFailed',
          data: { chapterId, unavailableFounderIds: [...unavailableFounderIds], failedAt: completedAt },
        },
        ...(newcomers ? completionIfReached(chapterId, available, foundersMinimum, completedAt) : []),
      ];
    }
    case 'MergeChapter': {
      const { chapterId, intoChapterId, into, mergedBy, mergedAt } = command.data;
      if (state.status === 'unknown') throw new ChapterNotFoundError(chapterId);
      if (state.status === 'closed') throw new ChapterClosedError(chapterId);
      checkReceivingChapter('intoChapterId', chapterId, into, intoChapterId);
      return [{ type: 'ChapterMergedInto', data: { chapterId, intoChapterId, mergedBy, mergedAt } }];
    }
    case 'DissolveChapter': {
      const { chapterId, successorChapterId, successor, dissolvedBy, dissolvedAt } = command.data;
      if (state.status === 'unknown') throw new ChapterNotFoundError(chapterId);
      if (state.status === 'closed') throw new ChapterClosedError(chapterId);
      if (successorChapterId !== null) {
        checkReceivingChapter('successorChapterId', chapterId, successor, successorChapterId);
      }
      return [{ type: 'ChapterDissolved', data: { chapterId, successorChapterId, dissolvedBy, dissolvedAt } }];
    }
    case 'RecordMembersMoved': {
      const { chapterId, memberIds, movedAt } = command.data;
      if (state.status === 'unknown') throw new ChapterNotFoundError(chapterId);
      // Only the closing command records this, right after the close; anything else is a bug.
      if (state.status !== 'closed') throw new Error(`Chapter ${chapterId} is not closed`);
      return [{ type: 'ChapterMembersMoved', data: { chapterId, memberIds: [...memberIds], movedAt } }];
    }
    default:
      return assertNever(command);
  }
}

export const chapterDecider: Decider<ChapterCommand, ChapterEvent, ChapterState> = {
  decide,
  evolve: evolveChapter,
  initialState: initialChapterState,
};
