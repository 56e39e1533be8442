import { Actor, ForbiddenError } from '../../../../libs/core/src';
import { CommandRunner } from '../../../../libs/event-store/src';
import { CommitteeActor, committeeDecider, committeeStream, isOnCommittee } from '../../../../libs/organization/src';

/** The committee's view of a token's actor: operators are anonymous to it, members keep their id. */
export function committeeActorOf(actor: Actor): CommitteeActor {
  return actor.kind === 'operator' ? { kind: 'operator' } : { kind: 'member', memberId: actor.memberId };
}

/**
 * Who may act for the organization during the interim phase: an operator while nobody sits on
 * the committee, afterwards only a sitting committee member.
 */
export async function requireCommitteeAuthority(runner: CommandRunner, actor: CommitteeActor): Promise<void> {
  const committee = await runner.load(committeeDecider, committeeStream());
  if (committee.members.length === 0) {
    if (actor.kind === 'operator') return;
    throw new ForbiddenError(
      'NOT_A_COMMITTEE_MEMBER',
      'Only an operator may do this before the first committee member is appointed',
    );
  }
  if (actor.kind === 'member' && isOnCommittee(committee, actor.memberId)) return;
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
  const committee = await runner.load(committeeDecider, committeeStream());
  if (actor.kind === 'member' && isOnCommittee(committee, actor.memberId)) {
    return { memberId: actor.memberId, committee: committee.members };
  }
  throw new ForbiddenError('NOT_A_COMMITTEE_MEMBER', 'Only a sitting committee member may do this');
}
