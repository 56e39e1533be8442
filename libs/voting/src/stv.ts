import { ballotCount, CandidateId, checkBallotList, checkSeats, indexCandidates, markPosition } from './ballots';
import { VotingError } from './voting.errors';

/** An STV ballot: distinct candidates, most preferred first; identical ballots grouped by count. */
export interface StvBallot {
  readonly ranking: readonly CandidateId[];
  readonly count?: number;
}

/** Options shared by the STV counts. */
export interface StvOptions {
  /** Seats to fill: a whole number from 1 to the number of candidates. */
  readonly seats: number;
  /**
   * Seed for a lot the count has to draw, and it draws one only where the lot decides who is
   * elected, excluded or ranked as an alternate (candidates elected together keep the order
   * they were listed in); a count that needs one and has none throws LOT_SEED_REQUIRED.
   */
  readonly seed?: string;
}

/** How a tie was settled, so a member can follow the decision. */
export interface TieBreak {
  /** What was being decided. */
  readonly purpose: 'exclusion' | 'surplus-order' | 'election-order' | 'final-order';
  /** The tied candidates. */
  readonly tied: readonly CandidateId[];
  /** The resulting order of the tied candidates; the first is the one chosen. */
  readonly order: readonly CandidateId[];
  /** Earlier stages (1-based) whose totals separated some of the tied candidates. */
  readonly stagesConsulted: readonly number[];
  /** The lot's context when a lot was drawn (see `lots` in the result). */
  readonly lot: string | null;
}

/** Ballots as flat typed arrays: what both STV counts iterate over. */
export interface StvProfile {
  readonly index: ReadonlyMap<CandidateId, number>;
  /** All valid rankings back to back, as candidate positions. */
  readonly preferences: Int32Array;
  /** Where ballot group g starts in `preferences`; g's ranking ends where g + 1 starts. */
  readonly starts: Int32Array;
  /** Voters behind each ballot group. */
  readonly counts: Float64Array;
  /** Voters with a non-empty ranking. */
  readonly valid: number;
  /** Voters with an empty ranking: counted as blank, not as valid papers. */
  readonly blank: number;
}

/** Validates candidates, seats and ballots and lays the valid ballots out for counting. */
export function readStvBallots(
  candidates: readonly CandidateId[],
  ballots: readonly StvBallot[],
  seats: number,
  maxVoters: number,
): StvProfile {
  const index = indexCandidates(candidates);
  checkSeats(seats, candidates.length);
  checkBallotList(ballots);
  const seen = new Int32Array(candidates.length);
  let totalMarks = 0;
  for (let b = 0; b < ballots.length; b++) {
    const ranking = ballots[b]?.ranking;
    if (!Array.isArray(ranking))
      throw new VotingError('INVALID_BALLOT', `Ballot ${b + 1} has no ranking`, { ballot: b });
    totalMarks += ranking.length;
  }
  const preferences = new Int32Array(totalMarks);
  const starts: number[] = [];
  const counts: number[] = [];
  let cursor = 0;
  let valid = 0;
  let blank = 0;
  for (let b = 0; b < ballots.length; b++) {
    const { ranking, count } = ballots[b];
    const voters = ballotCount(count, b);
    const from = cursor;
    for (const candidate of ranking) {
      if (typeof candidate !== 'string') {
        throw new VotingError('INVALID_BALLOT', `Ballot ${b + 1}: STV ballots rank one candidate per preference`, {
          ballot: b,
        });
      }
      preferences[cursor++] = markPosition(index, candidate, seen, b + 1, b);
    }
    if (ranking.length === 0) {
      blank += voters;
    } else if (voters > 0) {
      starts.push(from);
      counts.push(voters);
      valid += voters;
    } else {
      cursor = from;
    }
  }
  if (valid > maxVoters || !Number.isSafeInteger(blank)) {
    throw new VotingError('TOO_MANY_BALLOTS', `At most ${maxVoters} valid ballots can be counted exactly`, {
      valid,
    });
  }
  starts.push(cursor);
  return {
    index,
    preferences: preferences.subarray(0, cursor),
    starts: Int32Array.from(starts),
    counts: Float64Array.from(counts),
    valid,
    blank,
  };
}
