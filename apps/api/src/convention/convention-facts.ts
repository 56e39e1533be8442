import { Injectable } from '@nestjs/common';
import { Actor } from '../../../../libs/core/src';
import {
  ConventionState,
  DelegateBallotChoice,
  DelegateElectionState,
  ElectionContext,
  chaptersWithSeats,
  conventionDecider,
  conventionNamed,
  conventionStream,
  delegateBallotStreamPrefix,
  delegateElectionDecider,
  delegateElectionId,
  delegateElectionStream,
  electionContextOf,
  holdsCredentialedSeat,
} from '../../../../libs/convention/src';
import { CommandRunner, EventStore, scanLogBetween } from '../../../../libs/event-store/src';
import { memberDecider, memberStream } from '../../../../libs/membership/src';

/**
 * Reading facts from other streams for the convention's commands. Every role comes from events:
 * the committee stream, the convention stream (secretariat), a member's own stream (chapter),
 * the chapter's election stream (delegates) — never from the token beyond the member id.
 */

/** The id an actor acts under in the convention's events; an operator is on no secretariat. */
export function conventionActorId(actor: Actor): string {
  return actor.kind === 'member' ? actor.memberId : `operator:${actor.name}`;
}

export function loadConventions(runner: CommandRunner): Promise<ConventionState> {
  return runner.load(conventionDecider, conventionStream());
}

/** The member's chapter now, from the member's own stream; null for no chapter or no such member. */
export async function chapterOfMember(runner: CommandRunner, memberId: string): Promise<string | null> {
  const member = await runner.load(memberDecider, memberStream(memberId));
  return member.status === 'enrolled' ? member.chapterId : null;
}

export interface ElectionFacts {
  readonly electionId: string;
  readonly stream: string;
  readonly context: ElectionContext;
}

export async function loadElectionFacts(
  runner: CommandRunner,
  conventionId: string,
  chapterId: string,
): Promise<ElectionFacts> {
  const context = electionContextOf(await loadConventions(runner), conventionId, chapterId);
  const electionId = delegateElectionId(conventionId, chapterId);
  return { electionId, stream: delegateElectionStream(electionId), context };
}

export function loadElection(runner: CommandRunner, electionId: string): Promise<DelegateElectionState> {
  return runner.load(delegateElectionDecider, delegateElectionStream(electionId));
}

/** Chapters with seats whose election has been tallied: a condition for leaving DELEGATE_SELECTION. */
export async function talliedElections(runner: CommandRunner, state: ConventionState, conventionId: string) {
  const convention = conventionNamed(state, conventionId);
  const tallied: string[] = [];
  for (const chapterId of chaptersWithSeats(convention)) {
    const election = await loadElection(runner, delegateElectionId(conventionId, chapterId));
    if (election.status === 'TALLIED') tallied.push(chapterId);
  }
  return tallied;
}

/**
 * Each voter's latest ballot cast between voting opening and closing, read from the global log.
 * Positions decide: a ballot appended after the close event does not count, even if its command
 * was accepted while voting looked open to it (see README). Sorted by voter, so the count never
 * depends on the order ballots arrived (voter keys are opaque HMACs, so the order reveals nothing).
 */
export async function ballotsCastBetween(
  store: EventStore,
  conventionId: string,
  electionId: string,
  openedAt: bigint,
  closedAt: bigint,
): Promise<DelegateBallotChoice[]> {
  const latest = new Map<string, DelegateBallotChoice>();
  await scanLogBetween(
    store,
    // The close itself is not a ballot: everything strictly before it counts.
    {
      after: openedAt,
      upTo: closedAt - 1n,
      streamPrefix: delegateBallotStreamPrefix(conventionId),
      type: 'DelegateBallotCast',
    },
    (recorded) => {
      const data = recorded.data as { electionId: string; voterKey: string; choice: DelegateBallotChoice };
      if (data.electionId === electionId) latest.set(data.voterKey, data.choice);
    },
  );
  return [...latest.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, choice]) => choice);
}

/** For other slices: whether a member may act as a delegate of a convention. */
@Injectable()
export class DelegateCredentials {
  constructor(private readonly runner: CommandRunner) {}

  /**
   * True when the member holds a seat (as delegate, or as an alternate who took a vacated one),
   * is credentialed and has not withdrawn. Reads the convention stream and the elections of the
   * chapters with seats: one stream per such chapter.
   */
  async isCredentialedDelegate(conventionId: string, memberId: string): Promise<boolean> {
    const state = await loadConventions(this.runner);
    const convention = state.current;
    if (convention === null || convention.conventionId !== conventionId || convention.phase === 'CLOSED') return false;
    for (const chapterId of chaptersWithSeats(convention)) {
      const election = await loadElection(this.runner, delegateElectionId(conventionId, chapterId));
      if (holdsCredentialedSeat(election, memberId)) return true;
    }
    return false;
  }
}
