import { Actor, ForbiddenError } from '../../../../libs/core/src';
import { CommandRunner } from '../../../../libs/event-store/src';
import { memberDecider, memberStream } from '../../../../libs/membership/src';
import { CommitteeActor, committeeDecider, committeeStream } from '../../../../libs/organization/src';

/** The committee's view of a token's actor: operators are anonymous to it, members keep their id. */
export function committeeActorOf(actor: Actor): CommitteeActor {
  return actor.kind === 'operator' ? { kind: 'operator' } : { kind: 'member', memberId: actor.memberId };
}

/** Whether a member has resigned, read from their own stream: the same answer in every process. */
async function hasResigned(runner: CommandRunner, memberId: string): Promise<boolean> {
  return (await runner.load(memberDecider, memberStream(memberId))).status === 'resigned';
}

/**
 * The committee members who may act for it: those on the committee's stream who have not
 * resigned from the organization. A resignation takes the member off the committee in a step
 * of its own (the resignation workflow); until that step is recorded, this is what keeps a
 * member who resigned from acting, in any process.
 */
export async function sittingMembersInGoodStanding(runner: CommandRunner): Promise<readonly string[]> {
  const committee = await runner.load(committeeDecider, committeeStream());
  const sitting: string[] = [];
  for (const memberId of committee.members) if (!(await hasResigned(runner, memberId))) sitting.push(memberId);
  return sitting;
}

/** Refuses a member who resigned: whatever the committee's stream says, they hold no role on it. */
export async function refuseResignedCommitteeActor(runner: CommandRunner, actor: CommitteeActor): Promise<void> {
  if (actor.kind === 'member' && (await hasResigned(runner, actor.memberId))) {
    throw new ForbiddenError('NOT_A_COMMITTEE_MEMBER', 'A member who resigned holds no committee role');
  }
}

/**
 * Who may act for the organization during the interim phase: an operator while nobody sits on
 * the committee, afterwards only a sitting committee member.
 */
export async function requireCommitteeAuthority(runner: CommandRunner, actor: CommitteeActor): Promise<void> {
  const sitting = await sittingMembersInGoodStanding(runner);
  if (sitting.length === 0) {
    if (actor.kind === 'operator') return;
    throw new ForbiddenError(
      'NOT_A_COMMITTEE_MEMBER',
      'Only an operator may do this before the first committee member is appointed',
    );
  }
  if (actor.kind === 'member' && sitting.includes(actor.memberId)) return;
  throw new ForbiddenError(
    'NOT_A_COMMITTEE_MEMBER',
    'Only a sitting committee member may do this once the committee is set up',
  );
}

/**
 * Only a sitting committee member may do this, whatever the phase; returns the member's id and
 * the sitting members, e.g. to snapshot the committee into an interim decision.
 */
export async function requireSittingCommitteeMember(
  runner: CommandRunner,
  actor: CommitteeActor,
): Promise<{ memberId: string; committee: readonly string[] }> {
  const sitting = await sittingMembersInGoodStanding(runner);
  if (actor.kind === 'member' && sitting.includes(actor.memberId)) {
    return { memberId: actor.memberId, committee: sitting };
  }
  throw new ForbiddenError('NOT_A_COMMITTEE_MEMBER', 'Only a sitting committee member may do this');
}
