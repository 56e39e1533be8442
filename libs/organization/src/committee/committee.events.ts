/**
 * Who made a committee change: an operator while the committee is being set up, afterwards a
 * sitting committee member.
 */
export type CommitteeActor = { kind: 'operator' } | { kind: 'member'; memberId: string };

/** Events of the consultative committee's stream, Committee-organization. */
export type CommitteeMemberAppointed = {
  type: 'CommitteeMemberAppointed';
  data: { memberId: string; appointedBy: CommitteeActor; appointedAt: string };
};
/** A member left the committee; they may be appointed again later. */
export type CommitteeMemberRetired = {
  type: 'CommitteeMemberRetired';
  data: { memberId: string; retiredBy: CommitteeActor; retiredAt: string };
};

/** Everything that can happen to the committee. */
export type CommitteeEvent = CommitteeMemberAppointed | CommitteeMemberRetired;

/** There is one interim committee per installation, so its stream has a fixed name. */
export const committeeStream = (): string => 'Committee-organization';
