import { assertNever, foldEvents } from '../../../core/src';
import { CommitteeEvent } from './committee.events';

/**
 * The sitting members in order of appointment. An empty committee is one not yet set up or one
 * whose members all resigned from the organization (the last member can never just retire).
 */
export type CommitteeState = { members: readonly string[] };

export const initialCommitteeState = (): CommitteeState => ({ members: [] });

export function evolveCommittee(state: CommitteeState, event: CommitteeEvent): CommitteeState {
  switch (event.type) {
    case 'CommitteeMemberAppointed':
      return state.members.includes(event.data.memberId) ? state : { members: [...state.members, event.data.memberId] };
    case 'CommitteeMemberRetired':
      return { members: state.members.filter((memberId) => memberId !== event.data.memberId) };
    default:
      return assertNever(event);
  }
}

/** Whether the member sits on the committee in this state; the committee role is derived from this alone. */
export function isOnCommittee(state: CommitteeState, memberId: string): boolean {
  return state.members.includes(memberId);
}

/** The members sitting after the given history, e.g. to snapshot the committee into a proposal. */
export function sittingCommitteeMembers(events: readonly CommitteeEvent[]): readonly string[] {
  return foldEvents({ evolve: evolveCommittee, initialState: initialCommitteeState }, events).members;
}
