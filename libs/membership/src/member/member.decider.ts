import { Decider, FieldProblem, InvalidInputError, SealedValue, assertNever, normalizeLine } from '../../../core/src';
import { ChapterNotActiveError } from '../chapter/chapter.errors';
import { checkPseudonym, checkRegion } from '../names';
import { ChapterFacts, MemberCommand } from './member.commands';
import {
  AlreadyInChapterError,
  ChapterNotFoundError,
  CommitmentsNotAcceptedError,
  CommitmentsVersionOutdatedError,
  CommitmentsVersionUnknownError,
  InAnotherChapterError,
  MemberAlreadyEnrolledError,
  MemberNotFoundError,
  PersonalDataErasedError,
  MemberResignedError,
  NotInAChapterError,
  ReservedForFoundingError,
} from './member.errors';
import { MemberEvent } from './member.events';
import { MemberState, evolveMember, initialMemberState } from './member.state';

type ActiveMember = Extract<MemberState, { status: 'enrolled' }>;

function normalizeRegion(region: string | null): string | null {
  return region === null ? null : normalizeLine(region);
}

/** The member as they must be for any change they ask for themselves: enrolled and not resigned. */
function activeMember(state: MemberState, memberId: string): ActiveMember {
  if (state.status === 'unknown') throw new MemberNotFoundError(memberId);
  if (state.status === 'resigned') throw new MemberResignedError(memberId);
  return state;
}

/** A member held for a completing founding enters no other chapter until it ends. */
function notHeldElsewhere(member: ActiveMember, chapterId: string): void {
  if (member.foundingReservation !== null && member.foundingReservation !== chapterId) {
    throw new ReservedForFoundingError(member.foundingReservation);
  }
}

/** A chapter a member may enter: it exists and is active (not still forming, not closed). */
function enterableChapter(chapterId: string, chapter: ChapterFacts | null): ChapterFacts {
  if (chapter === null) throw new ChapterNotFoundError(chapterId);
  if (chapter.status !== 'active') throw new ChapterNotActiveError(chapterId, chapter.status);
  return chapter;
}

/** Accepting the commitments is a condition of enrolment once a version has been published. */
export function checkCommitments(accepted: number | null, current: number | null): void {
  if (accepted === current) return;
  if (accepted === null) throw new CommitmentsNotAcceptedError(current!);
  if (current === null || accepted > current) throw new CommitmentsVersionUnknownError(accepted, current);
  throw new CommitmentsVersionOutdatedError(accepted, current);
}

/** Sealed data must be bound to this member's own key; anything else was sealed for someone else. */
function checkSealed(memberId: string, contact: SealedValue | null): FieldProblem[] {
  if (contact === null) return [];
  if (contact.scheme !== 'aes-256-gcm' || contact.keyId !== memberId) {
    return [{ field: 'contact', message: "must be sealed under the member's own key" }];
  }
  return [];
}

function decide(command: MemberCommand, state: MemberState): MemberEvent[] {
  switch (command.type) {
    case 'EnrollMember': {
      const {
        memberId,
        pseudonym,
        region,
        acceptedCommitmentsVersion,
        currentCommitmentsVersion,
        contact,
        joining,
        enrolledAt,
      } = command.data;
      const problems = [
        ...checkPseudonym(pseudonym),
        ...checkRegion(region),
        ...checkSealed(memberId, contact ?? null),
      ];
      if (problems.length > 0) throw new InvalidInputError(problems);
      if (state.status !== 'unknown') throw new MemberAlreadyEnrolledError(memberId);
      checkCommitments(acceptedCommitmentsVersion, currentCommitmentsVersion);
      if (joining) enterableChapter(joining.chapterId, joining.chapter);
      return [
        {
          type: 'MemberEnrolled',
          data: {
            memberId,
            pseudonym: normalizeLine(pseudonym),
            region: normalizeRegion(region),
            acceptedCommitmentsVersion,
            contact: contact ?? null,
            enrolledAt,
          },
        },
        // Enrolling into a chapter is one decision: both events or neither.
        ...(joining
          ? [
              {
                type: 'MemberJoinedChapter' as const,
                data: { memberId, chapterId: joining.chapterId, joinedAt: enrolledAt },
              },
            ]
          : []),
      ];
    }
    case 'JoinChapter': {
      const { memberId, chapterId, chapter, joinedAt } = command.data;
      const member = activeMember(state, memberId);
      if (member.chapterId === chapterId) throw new AlreadyInChapterError(chapterId);
      enterableChapter(chapterId, chapter);
      if (member.chapterId !== null) throw new InAnotherChapterError(member.chapterId);
      notHeldElsewhere(member, chapterId);
      return [{ type: 'MemberJoinedChapter', data: { memberId, chapterId, joinedAt } }];
    }
    case 'LeaveChapter': {
      const { memberId, leftAt } = command.data;
      const member = activeMember(state, memberId);
      if (member.chapterId === null) throw new NotInAChapterError();
      return [{ type: 'MemberLeftChapter', data: { memberId, chapterId: member.chapterId, leftAt } }];
    }
    case 'ChangeMemberRegion': {
      const { memberId, region, changedAt } = command.data;
      const problems = checkRegion(region);
      if (problems.length > 0) throw new InvalidInputError(problems);
      const member = activeMember(state, memberId);
      const normalized = normalizeRegion(region);
      if (normalized === member.region) return [];
      return [{ type: 'MemberRegionChanged', data: { memberId, region: normalized, changedAt } }];
    }
    case 'TransferChapter': {
      const { memberId, chapterId, chapter, transferredAt } = command.data;
      const member = activeMember(state, memberId);
      if (member.chapterId === null) throw new NotInAChapterError();
      if (member.chapterId === chapterId) throw new AlreadyInChapterError(chapterId);
      enterableChapter(chapterId, chapter);
      return [
        {
          type: 'MemberTransferredChapter',
          data: { memberId, fromChapterId: member.chapterId, toChapterId: chapterId, transferredAt },
        },
      ];
    }
    case 'ResignMember': {
      const { memberId, resignedAt } = command.data;
      const member = activeMember(state, memberId);
      return [{ type: 'MemberResigned', data: { memberId, chapterId: member.chapterId, resignedAt } }];
    }
    case 'JoinFoundedChapter': {
      // Never rejected: the chapter is already founded, so a founder who can no longer join is
      // recorded as skipped rather than undoing the founding.
      const { memberId, chapterId, joinedAt } = command.data;
      if (state.status === 'unknown') throw new MemberNotFoundError(memberId);
      if (state.status === 'resigned') {
        return [
          { type: 'MemberFounderJoinSkipped', data: { memberId, chapterId, reason: 'RESIGNED', skippedAt: joinedAt } },
        ];
      }
      if (state.chapterId === chapterId) return [];
      if (state.chapterId !== null || (state.foundingReservation ?? chapterId) !== chapterId) {
        return [
          {
            type: 'MemberFounderJoinSkipped',
            data: { memberId, chapterId, reason: 'IN_ANOTHER_CHAPTER', skippedAt: joinedAt },
          },
        ];
      }
      return [{ type: 'MemberJoinedChapter', data: { memberId, chapterId, joinedAt } }];
    }
    case 'MoveFromClosedChapter': {
      // Only members still in the closed chapter move; anyone who left meanwhile is untouched.
      const { memberId, chapterId, closure, movedAt } = command.data;
      if (state.status !== 'enrolled' || state.chapterId !== chapterId) return [];
      if (closure.kind === 'merger') {
        return [
          {
            type: 'MemberMovedByMerger',
            data: { memberId, fromChapterId: chapterId, toChapterId: closure.intoChapterId, movedAt },
          },
        ];
      }
      if (closure.successorChapterId !== null) {
        return [
          {
            type: 'MemberMovedToSuccessorChapter',
            data: { memberId, fromChapterId: chapterId, toChapterId: closure.successorChapterId, movedAt },
          },
        ];
      }
      return [{ type: 'MemberReleasedByDissolution', data: { memberId, chapterId, releasedAt: movedAt } }];
    }
    case 'ReserveForFounding': {
      const { memberId, chapterId, reservedAt } = command.data;
      const member = activeMember(state, memberId);
      if (member.chapterId !== null) throw new InAnotherChapterError(member.chapterId);
      if (member.foundingReservation === chapterId) return [];
      notHeldElsewhere(member, chapterId);
      return [{ type: 'MemberReservedForFounding', data: { memberId, chapterId, reservedAt } }];
    }
    case 'ReleaseFoundingReservation': {
      const { memberId, chapterId, releasedAt } = command.data;
      if (state.status !== 'enrolled' || state.foundingReservation !== chapterId) return [];
      return [{ type: 'MemberFoundingReservationReleased', data: { memberId, chapterId, releasedAt } }];
    }
    case 'ChangeContactDetails': {
      const { memberId, contact, changedAt } = command.data;
      const problems = checkSealed(memberId, contact);
      if (problems.length > 0) throw new InvalidInputError(problems);
      const member = activeMember(state, memberId);
      if (member.personalDataErased) throw new PersonalDataErasedError(memberId);
      return [{ type: 'MemberContactDetailsChanged', data: { memberId, contact, changedAt } }];
    }
    case 'ErasePersonalData': {
      // Allowed after resigning too: leaving must never stand in the way of erasure.
      const { memberId, erasedBy, erasedAt } = command.data;
      if (state.status === 'unknown') throw new MemberNotFoundError(memberId);
      if (state.personalDataErased) return [];
      return [{ type: 'MemberPersonalDataErased', data: { memberId, erasedBy, erasedAt } }];
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
