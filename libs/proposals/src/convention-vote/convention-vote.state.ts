import { assertNever } from '../../../core/src';
import { VoteRules } from '../facts';
import {
  ConventionBallot,
  ConventionElectorate,
  ConventionVoteEvent,
  ConventionVoteSubject,
  ConventionVoteTally,
} from './convention-vote.events';

/** One seat's current ballot. */
export type RollCallBallot = { seatId: string; memberId: string; weight: string; ballot: ConventionBallot };

export type ConventionVoteState =
  | { status: 'unknown' }
  | {
      /** `counting`: voting has ended (the line is recorded) and the tally is not yet. */
      status: 'open' | 'counting' | 'closed' | 'cancelled';
      voteId: string;
      conventionId: string;
      subject: ConventionVoteSubject;
      method: ConventionBallot['method'];
      rules: VoteRules;
      electorate: ConventionElectorate;
      /** By seat id; a changed vote replaces the seat's ballot. */
      ballots: Readonly<Record<string, RollCallBallot>>;
      tally: ConventionVoteTally | null;
    };

export const initialConventionVoteState = (): ConventionVoteState => ({ status: 'unknown' });

export function evolveConventionVote(state: ConventionVoteState, event: ConventionVoteEvent): ConventionVoteState {
  switch (event.type) {
    case 'ConventionVoteOpened': {
      const { voteId, conventionId, subject, method, rules, electorate } = event.data;
      return { status: 'open', voteId, conventionId, subject, method, rules, electorate, ballots: {}, tally: null };
    }
    case 'ConventionBallotCast': {
      if (state.status !== 'open') return state;
      const { seatId, memberId, weight, ballot } = event.data;
      return { ...state, ballots: { ...state.ballots, [seatId]: { seatId, memberId, weight, ballot } } };
    }
    case 'ConventionVotingEnded':
      return state.status === 'open' ? { ...state, status: 'counting' } : state;
    case 'ConventionVoteClosed':
      return state.status === 'open' || state.status === 'counting'
        ? { ...state, status: 'closed', tally: event.data.tally }
        : state;
    case 'ConventionVoteCancelled':
      return state.status === 'open' ? { ...state, status: 'cancelled' } : state;
    default:
      return assertNever(event);
  }
}

/** The seats' ballots in a fixed order (by seat id), so anything derived from them never depends on arrival order. */
export function ballotList(ballots: Readonly<Record<string, RollCallBallot>>): RollCallBallot[] {
  return Object.keys(ballots)
    .sort()
    .map((seatId) => ballots[seatId]);
}
