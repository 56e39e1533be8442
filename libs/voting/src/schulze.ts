import { ballotCount, CandidateId, checkBallotList, indexCandidates, markPosition, readOptions } from './ballots';
import { Lot, LotBook } from './tie-break';
import { VotingError } from './voting.errors';

/**
 * A ranked ballot, most preferred first. An inner array ranks its candidates equal. Candidates the
 * voter left out are ranked equal to each other and below every candidate the voter ranked.
 */
export type Ranking = readonly (CandidateId | readonly CandidateId[])[];

/** Identical ranked ballots, grouped: the ranking and how many voters cast it (one if absent). */
export interface RankedBallot {
  readonly ranking: Ranking;
  readonly count?: number;
}

/** Options of a Schulze count. */
export interface SchulzeOptions {
  /** Seed for the lot that orders candidates Schulze ranks equal; without it `order` is null on a tie. */
  readonly seed?: string;
}

/** A Schulze count and its full working. */
export interface SchulzeResult {
  readonly method: 'schulze';
  /** The candidates, in the order given; matrices are indexed the same way. */
  readonly candidates: readonly CandidateId[];
  /** Voters counted, and how many of them handed in an empty ranking (which weighs nothing). */
  readonly ballots: { readonly voters: number; readonly blank: number };
  /** pairwise[i][j]: voters who ranked candidates[i] above candidates[j]. */
  readonly pairwise: readonly (readonly number[])[];
  /** strongestPaths[i][j]: strength (winning votes) of the strongest path from candidates[i] to candidates[j]. */
  readonly strongestPaths: readonly (readonly number[])[];
  /** The Schulze winners: every candidate no other candidate beats by a stronger path. */
  readonly winners: readonly CandidateId[];
  /** Candidates in Schulze order, level by level; a level holds candidates the method cannot separate. */
  readonly ranking: readonly (readonly CandidateId[])[];
  /** A single order: `ranking` with each level ordered by lot; null when a level ties and no seed was given. */
  readonly order: readonly CandidateId[] | null;
  /** Lots drawn for `order`. */
  readonly lots: readonly Lot[];
}

/**
 * Counts ranked ballots by the Schulze method (Schulze 2011, "A new monotonic, clone-independent,
 * reversal symmetric, and Condorcet-consistent single-winner election method"), measuring the
 * strength of a pairwise defeat by winning votes: d[i][j] if d[i][j] > d[j][i], otherwise 0.
 * Candidate X ranks above Y when the strongest path from X to Y is stronger than from Y to X; that
 * relation is a strict partial order, and `ranking` lists its levels: first the candidates nobody
 * beats (the winners), then those beaten only by the first level, and so on.
 */
export function countSchulze(
  candidates: readonly CandidateId[],
  ballots: readonly RankedBallot[],
  options: SchulzeOptions = {},
): SchulzeResult {
  const { seed } = readOptions(options);
  const index = indexCandidates(candidates);
  checkBallotList(ballots);
  const n = candidates.length;
  // A ranked candidate beats everyone except those ranked at its level or above. So each ballot
  // adds its count to the ranked candidate's whole row (rowAdd, applied once at the end) and takes
  // it back from the few entries of candidates ranked at or above it: O(ranked²) work per ballot,
  // with no data-dependent branches, however many candidates stand.
  const d = new Float64Array(n * n);
  const rowAdd = new Float64Array(n);
  const ranked = new Int32Array(n);
  const seen = new Int32Array(n);
  let voters = 0;
  let blank = 0;

  for (let b = 0; b < ballots.length; b++) {
    const ballot = ballots[b];
    const ranking = ballot?.ranking;
    if (!Array.isArray(ranking)) {
      throw new VotingError('INVALID_BALLOT', `Ballot ${b + 1} has no ranking`, { ballot: b });
    }
    const count = ballotCount(ballot.count, b);
    voters += count;
    if (ranking.length === 0) {
      blank += count;
      continue;
    }
    const token = b + 1;
    let filled = 0;
    for (let rank = 0; rank < ranking.length; rank++) {
      const entry = ranking[rank];
      const levelStart = filled;
      if (typeof entry === 'string') {
        ranked[filled++] = markPosition(index, entry, seen, token, b);
      } else if (Array.isArray(entry) && entry.length > 0) {
        for (const candidate of entry) ranked[filled++] = markPosition(index, candidate, seen, token, b);
      } else {
        throw new VotingError('INVALID_BALLOT', `Ballot ${b + 1} has an empty or malformed rank ${rank + 1}`, {
          ballot: b,
          rank,
        });
      }
      if (count === 0) continue;
      for (let p = levelStart; p < filled; p++) {
        const x = ranked[p];
        rowAdd[x] += count;
        const row = x * n;
        for (let q = 0; q < filled; q++) d[row + ranked[q]] -= count;
      }
    }
  }
  for (let x = 0; x < n; x++) {
    const row = x * n;
    for (let y = 0; y < n; y++) d[row + y] = x === y ? 0 : d[row + y] + rowAdd[x];
  }
  if (!Number.isSafeInteger(voters)) {
    throw new VotingError('TOO_MANY_BALLOTS', 'More voters than can be counted exactly', { voters });
  }

  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j && d[i * n + j] > d[j * n + i]) p[i * n + j] = d[i * n + j];
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const ji = p[j * n + i];
      if (ji === 0) continue;
      for (let k = 0; k < n; k++) {
        if (k === i || k === j) continue;
        const through = ji < p[i * n + k] ? ji : p[i * n + k];
        if (through > p[j * n + k]) p[j * n + k] = through;
      }
    }
  }

  const beats = (i: number, j: number): boolean => p[i * n + j] > p[j * n + i];
  const ranking: CandidateId[][] = [];
  let remaining = candidates.map((_, position) => position);
  while (remaining.length > 0) {
    const top = remaining.filter((i) => !remaining.some((j) => beats(j, i)));
    ranking.push(top.map((i) => candidates[i]));
    remaining = remaining.filter((i) => !top.includes(i));
  }

  const book = new LotBook(seed);
  const tied = ranking.some((group) => group.length > 1);
  const order =
    tied && seed === undefined ? null : ranking.flatMap((group, rank) => book.order(`schulze/rank-${rank + 1}`, group));

  const matrix = (values: Float64Array): number[][] =>
    candidates.map((_, i) => Array.from(values.subarray(i * n, (i + 1) * n)));

  return {
    method: 'schulze',
    candidates: [...candidates],
    ballots: { voters, blank },
    pairwise: matrix(d),
    strongestPaths: matrix(p),
    winners: ranking[0],
    ranking,
    order,
    lots: book.lots,
  };
}
