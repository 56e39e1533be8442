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
    };

export const initialMemberState = (): MemberState => ({ status: 'unknown' });

export function evolveMember(state: MemberState, event: MemberEvent): MemberState {
  switch (event.type) {
    case 'MemberEnrolled':
      return {
        status: 'enrolled',
        memberId: event.data.memberId,
        pseudonym: event.data.pseudonym,
        region: event.data.region,
        chapterId: null,
      };
    case 'MemberJoinedChapter':
      return state.status === 'enrolled' ? { ...state, chapterId: event.data.chapterId } : state;
    case 'MemberLeftChapter':
      return state.status === 'enrolled' ? { ...state, chapterId: null } : state;
    case 'MemberRegionChanged':
      return state.status === 'enrolled' ? { ...state, region: event.data.region } : state;
    default:
      return assertNever(event);
  }
}
