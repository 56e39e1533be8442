import { assertNever } from '../../../core/src';
import { MemberEvent } from './member.events';

export type MemberState =
  | { status: 'unknown' }
  | {
      status: 'enrolled';
      memberId: string;
      pseudonym: string;
      region: string | null;
      chapterId: string | null;
      acceptedCommitmentsVersion: number | null;
      personalDataErased: boolean;
      /** A forming chapter whose founding is completing and holds this member; null otherwise. */
      foundingReservation: string | null;
    }
  | { status: 'resigned'; memberId: string; pseudonym: string; personalDataErased: boolean };

export const initialMemberState = (): MemberState => ({ status: 'unknown' });

/** Entering or leaving a chapter ends any founding reservation: the member's place is settled. */
function inChapter(state: MemberState, chapterId: string | null): MemberState {
  return state.status === 'enrolled' ? { ...state, chapterId, foundingReservation: null } : state;
}

export function evolveMember(state: MemberState, event: MemberEvent): MemberState {
  switch (event.type) {
    case 'MemberEnrolled':
      return {
        status: 'enrolled',
        memberId: event.data.memberId,
        pseudonym: event.data.pseudonym,
        region: event.data.region,
        chapterId: null,
        // Enrolments recorded before commitments were accepted carry no version.
        acceptedCommitmentsVersion: event.data.acceptedCommitmentsVersion ?? null,
        personalDataErased: false,
        foundingReservation: null,
      };
    case 'MemberJoinedChapter':
      return inChapter(state, event.data.chapterId);
    case 'MemberLeftChapter':
    case 'MemberReleasedByDissolution':
      return inChapter(state, null);
    case 'MemberTransferredChapter':
    case 'MemberMovedByMerger':
    case 'MemberMovedToSuccessorChapter':
      return inChapter(state, event.data.toChapterId);
    case 'MemberRegionChanged':
      return state.status === 'enrolled' ? { ...state, region: event.data.region } : state;
    case 'MemberResigned':
      return state.status === 'enrolled'
        ? {
            status: 'resigned',
            memberId: state.memberId,
            pseudonym: state.pseudonym,
            personalDataErased: state.personalDataErased,
          }
        : state;
    case 'MemberReservedForFounding':
      return state.status === 'enrolled' ? { ...state, foundingReservation: event.data.chapterId } : state;
    case 'MemberFoundingReservationReleased':
      return state.status === 'enrolled' && state.foundingReservation === event.data.chapterId
        ? { ...state, foundingReservation: null }
        : state;
    case 'MemberFounderJoinSkipped':
    case 'MemberContactDetailsChanged':
      return state;
    case 'MemberPersonalDataErased':
      return state.status === 'unknown' ? state : { ...state, personalDataErased: true };
    default:
      return assertNever(event);
  }
}
