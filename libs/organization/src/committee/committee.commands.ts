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

/** Everything that can be asked of the committee. */
export type CommitteeCommand = AppointCommitteeMember | RetireCommitteeMember;
