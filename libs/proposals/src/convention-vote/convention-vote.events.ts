import { SchulzeResult, YesNoChoice, YesNoResult } from '../../../voting/src';
import { VoteRules } from '../facts';

/** What a convention vote decides. */
export type ConventionVoteSubject =
  | { kind: 'amendment'; amendmentId: string; proposalId: string }
  | { kind: 'proposal'; proposalId: string }
  /** Proposals on one subject, put to one ranked (Schulze) vote; the winner is adopted, the others rejected. */
  | { kind: 'competing-proposals'; subject: string; proposalIds: string[] };

/** A delegate's ballot: yes/no/abstain on an amendment or proposal, or a ranking of competing proposals. */
export type ConventionBallot = { method: 'yes-no'; choice: YesNoChoice } | { method: 'ranked'; ranking: string[] };

/** Who may vote: the seats (each a credentialed delegate or the alternate seated for them) and their total weight. */
export type ConventionElectorate = {
  seats: number;
  totalWeight: string;
  /**
   * The seats that may vote, fixed when the vote opens: a seat credentialed later cannot push
   * the ballots beyond the electorate the count is made against. Absent: any credentialed seat.
   */
  seatIds?: string[];
  /**
   * Each seat's vote weight, fixed when the vote opens from the rules of procedure; a ballot
   * weighs its seat's weight. Absent: every ballot weighs what its voter facts say (1).
   */
  seatWeights?: Record<string, string>;
};

/** The count of a ranked vote, with its Schulze working. */
export type RankedTally = {
  method: 'ranked';
  outcome: 'decided' | 'no-quorum';
  /**
   * The adopted proposal: the leader, if it beat "none of these" by the threshold; null without
   * quorum, when "none of these" leads, or when the leader fell short of the threshold.
   */
  winner: string | null;
  /**
   * First in Schulze's order among the proposals and "none of these" (`none-of-these`), ties
   * settled by a lot seeded with the vote id. Absent from votes counted before the status quo
   * stood as a candidate.
   */
  leader?: string | null;
  /** The leading proposal against "none of these", counted as yes/no with the kind's threshold; null when no proposal leads. */
  againstStatusQuo?: YesNoResult | null;
  /**
   * Schulze counts voters; weighted ballots are counted as weight × weightScale voters, where
   * weightScale is the least common denominator of the weights, so the count stays exact.
   */
  weightScale: string;
  quorum: {
    fraction: string;
    of: 'electorate' | 'present';
    base: string;
    required: string;
    participation: string;
    met: boolean;
  } | null;
  schulze: SchulzeResult;
};

/** The tally and its working, as recorded at the close (libs/voting's result for yes/no votes). */
export type ConventionVoteTally = YesNoResult | RankedTally;

/** Events of one vote's stream, ConventionVote-<voteId>. */
export type ConventionVoteOpened = {
  type: 'ConventionVoteOpened';
  data: {
    voteId: string;
    conventionId: string;
    subject: ConventionVoteSubject;
    method: ConventionBallot['method'];
    rules: VoteRules;
    electorate: ConventionElectorate;
    openedBy: string;
    openedAt: string;
  };
};
/** A roll-call ballot for a seat; a later one for the same seat replaces it. */
export type ConventionBallotCast = {
  type: 'ConventionBallotCast';
  data: { voteId: string; seatId: string; memberId: string; weight: string; ballot: ConventionBallot; castAt: string };
};
/**
 * The line: voting has ended at this event's log position and the count takes exactly the
 * seats' ballots below it. Appended before the count, so a ballot that lands later (cast by a
 * process that read the vote as open) is late, never counted, and its cast answers VOTE_CLOSED.
 */
export type ConventionVotingEnded = {
  type: 'ConventionVotingEnded';
  data: { voteId: string; endedBy: string; endedAt: string };
};
/** The count, after the line (or, in stores written before the line existed, the line itself). */
export type ConventionVoteClosed = {
  type: 'ConventionVoteClosed';
  data: { voteId: string; tally: ConventionVoteTally; closedBy: string; closedAt: string };
};

/** The vote did not go ahead (see CancelConventionVote); it takes no ballots and decides nothing. */
export type ConventionVoteCancelled = {
  type: 'ConventionVoteCancelled';
  data: { voteId: string; reason: string; message: string; cancelledAt: string };
};

/** Everything that can happen to a convention vote. */
export type ConventionVoteEvent =
  ConventionVoteOpened | ConventionBallotCast | ConventionVotingEnded | ConventionVoteClosed | ConventionVoteCancelled;

export const conventionVoteStream = (voteId: string): string => `ConventionVote-${voteId}`;
