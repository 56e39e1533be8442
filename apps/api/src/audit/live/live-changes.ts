import type { RecordedEvent } from '../../../../../libs/event-store/src';
import { DecisionKind } from '../tracker/tracker.types';
import { DecisionChangeKind } from './live.types';

/** What a recorded event means to live subscribers; read from the stored event alone. */
export type LiveChange =
  | { readonly topic: 'phase'; readonly conventionId: string; readonly from: string; readonly to: string }
  | {
      readonly topic: 'decision';
      readonly kind: DecisionKind;
      readonly id: string;
      readonly change: DecisionChangeKind;
    }
  | { readonly topic: 'ballot'; readonly voteId: string };

const DECISION_CHANGES: Readonly<Record<string, { kind: DecisionKind; change: DecisionChangeKind; id: string }>> = {
  InterimDecisionProposed: { kind: DecisionKind.INTERIM_DECISION, change: DecisionChangeKind.OPENED, id: 'decisionId' },
  InterimDecisionAdopted: { kind: DecisionKind.INTERIM_DECISION, change: DecisionChangeKind.CLOSED, id: 'decisionId' },
  InterimDecisionLapsed: { kind: DecisionKind.INTERIM_DECISION, change: DecisionChangeKind.CLOSED, id: 'decisionId' },
  ConventionVoteOpened: { kind: DecisionKind.CONVENTION_VOTE, change: DecisionChangeKind.OPENED, id: 'voteId' },
  ConventionVoteClosed: { kind: DecisionKind.CONVENTION_VOTE, change: DecisionChangeKind.CLOSED, id: 'voteId' },
  ConventionVoteCancelled: { kind: DecisionKind.CONVENTION_VOTE, change: DecisionChangeKind.CLOSED, id: 'voteId' },
  DelegateElectionStarted: {
    kind: DecisionKind.DELEGATE_ELECTION,
    change: DecisionChangeKind.OPENED,
    id: 'electionId',
  },
  DelegateElectionTallied: {
    kind: DecisionKind.DELEGATE_ELECTION,
    change: DecisionChangeKind.CLOSED,
    id: 'electionId',
  },
  ReferendumOpened: { kind: DecisionKind.REFERENDUM, change: DecisionChangeKind.OPENED, id: 'referendumId' },
  ReferendumCounted: { kind: DecisionKind.REFERENDUM, change: DecisionChangeKind.CLOSED, id: 'referendumId' },
  // How stores written before the paged count closed a referendum.
  ReferendumClosed: { kind: DecisionKind.REFERENDUM, change: DecisionChangeKind.CLOSED, id: 'referendumId' },
};

/**
 * The live change an event is, if any. Secret ballots (referendum, delegate election) are
 * never a change: only roll-call ballots are, and only as participation.
 */
export function liveChangeOf(event: RecordedEvent): LiveChange | undefined {
  const data = event.data as Record<string, unknown>;
  if (event.type === 'ConventionPhaseAdvanced')
    return { topic: 'phase', conventionId: String(data.conventionId), from: String(data.from), to: String(data.to) };
  if (event.type === 'ConventionBallotCast') return { topic: 'ballot', voteId: String(data.voteId) };
  const decision = DECISION_CHANGES[event.type];
  if (decision === undefined) return undefined;
  return { topic: 'decision', kind: decision.kind, change: decision.change, id: String(data[decision.id]) };
}
