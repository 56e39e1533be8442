import { Decider, InvalidInputError, assertNever } from '../../../core/src';
import { checkPseudonym, checkRegion, normalizeName } from '../names';
import { MemberCommand } from './member.commands';
import {
  AlreadyInChapterError,
  ChapterNotFoundError,
  InAnotherChapterError,
  MemberAlreadyEnrolledError,
  MemberNotFoundError,
  NotInAChapterError,
} from './member.errors';
import { MemberEvent } from './member.events';
import { MemberState, evolveMember, initialMemberState } from './member.state';

function normalizeRegion(region: string | null): string | null {
  return region === null ? null : normalizeName(region);
}

function decide(command: MemberCommand, state: MemberState): MemberEvent[] {
  switch (command.type) {
    case 'EnrollMember': {
      const { memberId, pseudonym, region, enrolledAt } = command.data;
      const problems = [...checkPseudonym(pseudonym), ...checkRegion(region)];
      if (problems.length > 0) throw new InvalidInputError(problems);
      if (state.status !== 'unknown') throw new MemberAlreadyEnrolledError(memberId);
      return [
        {
          type: 'MemberEnrolled',
          data: { memberId, pseudonym: normalizeName(pseudonym), region: normalizeRegion(region), enrolledAt },
        },
      ];
    }
    case 'JoinChapter': {
      const { memberId, chapterId, chapter, joinedAt } = command.data;
      if (state.status !== 'enrolled') throw new MemberNotFoundError(memberId);
      if (chapter === null) throw new ChapterNotFoundError(chapterId);
      if (state.chapterId === chapterId) throw new AlreadyInChapterError(chapterId);
      if (state.chapterId !== null) throw new InAnotherChapterError(state.chapterId);
      return [{ type: 'MemberJoinedChapter', data: { memberId, chapterId, joinedAt } }];
    }
    case 'LeaveChapter': {
      const { memberId, leftAt } = command.data;
      if (state.status !== 'enrolled') throw new MemberNotFoundError(memberId);
      if (state.chapterId === null) throw new NotInAChapterError();
      return [{ type: 'MemberLeftChapter', data: { memberId, chapterId: state.chapterId, leftAt } }];
    }
    case 'ChangeMemberRegion': {
      const { memberId, region, changedAt } = command.data;
      const problems = checkRegion(region);
      if (problems.length > 0) throw new InvalidInputError(problems);
      if (state.status !== 'enrolled') throw new MemberNotFoundError(memberId);
      const normalized = normalizeRegion(region);
      if (normalized === state.region) return [];
      return [{ type: 'MemberRegionChanged', data: { memberId, region: normalized, changedAt } }];
    }
    default:
      return assertNever(command);
  }
}

export const memberDecider: Decider<MemberCommand, MemberEvent, MemberState> = {
  decide,
  evolve: evolveMember,
  initialState: initialMemberState,
};
