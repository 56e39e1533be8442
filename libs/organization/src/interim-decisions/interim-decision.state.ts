import { assertNever } from '../../../core/src';
import {
  InterimDecisionEvent,
  InterimDecisionRules,
  InterimDecisionTally,
  InterimVote,
  ProposedInterimRules,
} from './interim-decision.events';

/** What a proposal fixed once and for all. */
export type InterimDecisionProposal = {
  decisionId: string;
  kind: string;
  title: string;
  text: string;
  proposedBy: string;
  committee: readonly string[];
  rules: InterimDecisionRules;
  interimRules?: ProposedInterimRules;
  deadline: string;
  proposedAt: string;
};

/** An interim decision: not yet proposed, open for votes, or closed with its final tally. */
export type InterimDecisionState =
  | { status: 'unknown' }
  | ({ status: 'open'; votes: Readonly<Record<string, InterimVote>> } & InterimDecisionProposal)
  | ({
      status: 'adopted' | 'lapsed';
      votes: Readonly<Record<string, InterimVote>>;
      tally: InterimDecisionTally;
      closedAt: string;
    } & InterimDecisionProposal);

export const initialInterimDecisionState = (): InterimDecisionState => ({ status: 'unknown' });

export function evolveInterimDecision(state: InterimDecisionState, event: InterimDecisionEvent): InterimDecisionState {
  switch (event.type) {
    case 'InterimDecisionProposed':
      return { status: 'open', ...event.data, votes: {} };
    case 'InterimDecisionVoteCast':
      return state.status === 'open'
        ? { ...state, votes: { ...state.votes, [event.data.memberId]: event.data.vote } }
        : state;
    case 'InterimDecisionAdopted':
      return state.status === 'open'
        ? { ...state, status: 'adopted', tally: event.data.tally, closedAt: event.data.adoptedAt }
        : state;
    case 'InterimDecisionLapsed':
      return state.status === 'open'
        ? { ...state, status: 'lapsed', tally: event.data.tally, closedAt: event.data.lapsedAt }
        : state;
    default:
      return assertNever(event);
  }
}

/** Counts the latest vote of each committee member; votes of anyone else never count. */
export function tallyInterimVotes(
  committee: readonly string[],
  votes: Readonly<Record<string, InterimVote>>,
): InterimDecisionTally {
  const tally: InterimDecisionTally = {
    committeeSize: committee.length,
    supports: 0,
    objections: 0,
    abstentions: 0,
    absent: 0,
  };
  for (const memberId of committee) {
    const vote = Object.prototype.hasOwnProperty.call(votes, memberId) ? votes[memberId] : undefined;
    if (vote === 'support') tally.supports += 1;
    else if (vote === 'object') tally.objections += 1;
    else if (vote === 'abstain') tally.abstentions += 1;
    else tally.absent += 1;
  }
  return tally;
}

/**
 * Whether a tally carries the decision: supports / committeeSize >= numerator / denominator,
 * cross-multiplied in BigInt so no rounding can let 79.99% pass for 80%.
 */
export function meetsInterimRules(tally: InterimDecisionTally, rules: InterimDecisionRules): boolean {
  const { numerator, denominator } = rules.minimumSupport;
  const enoughSupport = BigInt(tally.supports) * BigInt(denominator) >= BigInt(numerator) * BigInt(tally.committeeSize);
  return enoughSupport && tally.objections <= rules.maximumObjections;
}

/**
 * Whether no vote still to come could stop adoption: the support is already there, and even if
 * every member who has not supported objected, the objections would stay within the limit.
 */
export function isAdoptionCertain(tally: InterimDecisionTally, rules: InterimDecisionRules): boolean {
  const possibleObjections = tally.committeeSize - tally.supports;
  return meetsInterimRules(tally, rules) && possibleObjections <= rules.maximumObjections;
}

/**
 * Whether no vote still to come could bring adoption, the mirror of `isAdoptionCertain`: more
 * members object than the rules allow, or even if every member who has not objected supported,
 * the support would fall short.
 */
export function isLapseCertain(tally: InterimDecisionTally, rules: InterimDecisionRules): boolean {
  if (tally.objections > rules.maximumObjections) return true;
  const possibleSupports = tally.committeeSize - tally.objections;
  return !meetsInterimRules({ ...tally, supports: possibleSupports, objections: 0 }, rules);
}

/** Whether the outcome is settled before the deadline, either way. */
export function isOutcomeCertain(tally: InterimDecisionTally, rules: InterimDecisionRules): boolean {
  return isAdoptionCertain(tally, rules) || isLapseCertain(tally, rules);
}
