import {
  ballotCount,
  CandidateId,
  checkBallotList,
  checkSeats,
  indexCandidates,
  markPosition,
  readOptions,
} from './ballots';
import { Lot, LotBook } from './tie-break';
import { VotingError } from './voting.errors';

/** An approval ballot: the candidates the voter approves of, in any order; identical ballots grouped by count. */
export interface ApprovalBallot {
  readonly approved: readonly CandidateId[];
  readonly count?: number;
}

/** Options of an approval count. */
export interface ApprovalOptions {
  /** Candidates to elect (one if absent). */
  readonly seats?: number;
  /** Seed for the lot that orders candidates with equal approvals; a tie without one throws LOT_SEED_REQUIRED. */
  readonly seed?: string;
}

/** An approval count and its working. */
export interface ApprovalResult {
  readonly method: 'approval';
  readonly seats: number;
  readonly candidates: readonly CandidateId[];
  /** Voters counted, and how many approved of nobody. */
  readonly ballots: { readonly voters: number; readonly blank: number };
  /** Approvals per candidate, in the order the candidates were given. */
  readonly approvals: readonly { readonly candidate: CandidateId; readonly approvals: number }[];
  /** Candidates grouped by approvals, most approved first. */
  readonly ranking: readonly (readonly CandidateId[])[];
  /** The `seats` most approved candidates, in order. */
  readonly elected: readonly CandidateId[];
  /** Everyone else in order: the first is the first alternate. */
  readonly alternates: readonly CandidateId[];
  readonly order: readonly CandidateId[];
  /** Lots drawn to order candidates with equal approvals (context names the tied group's rank). */
  readonly lots: readonly Lot[];
}

/**
 * Counts approval ballots: each approval is one vote for that candidate; the most approved are
 * elected (block approval when more than one seat is filled). Candidates with equal approvals are
 * ordered by lot wherever they stand in the order, since alternates are taken from it.
 */
export function countApproval(
  candidates: readonly CandidateId[],
  ballots: readonly ApprovalBallot[],
  options: ApprovalOptions = {},
): ApprovalResult {
  const { seats = 1, seed } = readOptions(options);
  const index = indexCandidates(candidates);
  checkBallotList(ballots);
  checkSeats(seats, candidates.length);
  const n = candidates.length;
  const tally = new Float64Array(n);
  const seen = new Int32Array(n);
  let voters = 0;
  let blank = 0;
  for (let b = 0; b < ballots.length; b++) {
    const approved = ballots[b]?.approved;
    if (!Array.isArray(approved)) {
      throw new VotingError('INVALID_BALLOT', `Ballot ${b + 1} has no list of approved candidates`, { ballot: b });
    }
    const count = ballotCount(ballots[b].count, b);
    voters += count;
    if (approved.length === 0) blank += count;
    for (const candidate of approved) tally[markPosition(index, candidate, seen, b + 1, b)] += count;
  }
  if (!Number.isSafeInteger(voters)) {
    throw new VotingError('TOO_MANY_BALLOTS', 'More voters than can be counted exactly', { voters });
  }

  const positions = candidates.map((_, c) => c).sort((a, b) => tally[b] - tally[a] || a - b);
  const ranking: CandidateId[][] = [];
  for (let i = 0; i < positions.length;) {
    let j = i + 1;
    while (j < positions.length && tally[positions[j]] === tally[positions[i]]) j++;
    ranking.push(positions.slice(i, j).map((c) => candidates[c]));
    i = j;
  }
  const book = new LotBook(seed);
  const order = ranking.flatMap((group, rank) => book.order(`approval/rank-${rank + 1}`, group));

  return {
    method: 'approval',
    seats,
    candidates: [...candidates],
    ballots: { voters, blank },
    approvals: candidates.map((candidate, c) => ({ candidate, approvals: tally[c] })),
    ranking,
    elected: order.slice(0, seats),
    alternates: order.slice(seats),
    order,
    lots: book.lots,
  };
}
