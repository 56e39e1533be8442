import { CommitteeActor } from './committee.events';

/** Seats a member on the committee. */
export type AppointCommitteeMember = {
  type: 'AppointCommitteeMember';
  data: { memberId: string; appointedBy: CommitteeActor; appointedAt: string };
};
/** Takes a member off the committee. */
export type RetireCommitteeMember = {
  type: 'RetireCommitteeMember';
  data: { memberId: string; retiredBy: CommitteeActor; retiredAt: string };
};

/**
 * Takes a member who resigned from the organization off the committee. No one else's authority
 * is needed (the resignation is it), and it may leave the committee empty: members who resigned
 * cannot govern, and an empty committee is set up again by an operator.
 */
export type LeaveCommitteeOnResignation = {
  type: 'LeaveCommitteeOnResignation';
  data: { memberId: string; memberResigned: boolean; resignedAt: string };
};

/** Everything that can be asked of the committee. */
export type CommitteeCommand = AppointCommitteeMember | RetireCommitteeMember | LeaveCommitteeOnResignation;
