import { Decider, FieldProblem, InvalidInputError, assertNever } from '../../../core/src';
import { checkInstant } from '../../../core/src';
import { CommitteeCommand } from './committee.commands';
import {
  AlreadyOnCommitteeError,
  CommitteeSetupNeedsOperatorError,
  CommitteeWouldBeEmptyError,
  NotACommitteeMemberError,
  NotOnCommitteeError,
} from './committee.errors';
import { CommitteeActor, CommitteeEvent } from './committee.events';
import { CommitteeState, evolveCommittee, initialCommitteeState, isOnCommittee } from './committee.state';

function checkMemberId(field: string, memberId: string): FieldProblem[] {
  return memberId.trim().length === 0 ? [{ field, message: 'A member id must not be empty' }] : [];
}

/**
 * An operator only bootstraps the committee; once anyone sits on it, the committee is
 * self-governing and an operator has no more say than any other non-member.
 */
function authorize(actor: CommitteeActor, state: CommitteeState): void {
  if (state.members.length === 0) {
    if (actor.kind !== 'operator') throw new CommitteeSetupNeedsOperatorError();
    return;
  }
  if (actor.kind !== 'member') throw new NotACommitteeMemberError(null);
  if (!isOnCommittee(state, actor.memberId)) throw new NotACommitteeMemberError(actor.memberId);
}

function decide(command: CommitteeCommand, state: CommitteeState): CommitteeEvent[] {
  switch (command.type) {
    case 'AppointCommitteeMember': {
      const { memberId, appointedBy, appointedAt } = command.data;
      const problems = [...checkMemberId('memberId', memberId), ...checkInstant('appointedAt', appointedAt)];
      if (problems.length > 0) throw new InvalidInputError(problems);
      authorize(appointedBy, state);
      if (isOnCommittee(state, memberId)) throw new AlreadyOnCommitteeError(memberId);
      return [{ type: 'CommitteeMemberAppointed', data: { memberId, appointedBy, appointedAt } }];
    }
    case 'RetireCommitteeMember': {
      const { memberId, retiredBy, retiredAt } = command.data;
      const problems = [...checkMemberId('memberId', memberId), ...checkInstant('retiredAt', retiredAt)];
      if (problems.length > 0) throw new InvalidInputError(problems);
      // Before setup nobody sits, and asking for an operator here would suggest one could retire someone.
      if (state.members.length === 0) throw new NotOnCommitteeError(memberId);
      authorize(retiredBy, state);
      if (!isOnCommittee(state, memberId)) throw new NotOnCommitteeError(memberId);
      // Without a sitting member nobody could ever appoint again: the interim phase would be stuck.
      if (state.members.length === 1) throw new CommitteeWouldBeEmptyError(memberId);
      return [{ type: 'CommitteeMemberRetired', data: { memberId, retiredBy, retiredAt } }];
    }
    case 'LeaveCommitteeOnResignation': {
      const { memberId, memberResigned, resignedAt } = command.data;
      // Only the resignation workflow asks this, after the member's own stream recorded it.
      if (!memberResigned) throw new Error(`Member ${memberId} has not resigned`);
      if (!isOnCommittee(state, memberId)) return [];
      // Retired by themself: the event every reader of the committee already understands.
      return [
        {
          type: 'CommitteeMemberRetired',
          data: { memberId, retiredBy: { kind: 'member', memberId }, retiredAt: resignedAt },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

/** Seats and retires the members of the consultative committee that runs the interim phase. */
export const committeeDecider: Decider<CommitteeCommand, CommitteeEvent, CommitteeState> = {
  decide,
  evolve: evolveCommittee,
  initialState: initialCommitteeState,
};
