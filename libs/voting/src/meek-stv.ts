import { CandidateId, formatFixed, readOptions } from './ballots';
import { readStvBallots, StvBallot, StvOptions, TieBreak } from './stv';
import { Lot, LotBook } from './tie-break';

/** Nine decimal places, as the PR Foundation reference rule prescribes: one vote is 10^9 units. */
const DECIMALS = 9;
const ONE = 1_000_000_000;
const BIG_ONE = 1_000_000_000n;
/** Iteration stops once the total surplus is below omega = 10^-6. */
const OMEGA = 1_000;
/**
 * Votes are sums of (units ≤ 10^9) × (voters); keeping every sum below 2^53 caps the voters a
 * count can take at nine million. Above that a count would need bigint sums throughout.
 */
const MAX_VOTERS = 9_000_000;

/** A candidate's state in a Meek count. */
export type MeekStatus = 'hopeful' | 'elected' | 'defeated';

/** One candidate's line at the end of a round. */
export interface MeekTally {
  readonly candidate: CandidateId;
  readonly status: MeekStatus;
  /** Votes kept, to nine decimal places. */
  readonly votes: string;
  /** The share of each vote reaching the candidate that the candidate keeps. */
  readonly keepFactor: string;
}

/** One round of a Meek count: iterate to a stable state, then elect or defeat. */
export interface MeekRound {
  readonly round: number;
  /** Distributions of the ballots made in this round. */
  readonly iterations: number;
  /** Why iterating stopped: someone reached the quota, the surplus fell below omega, or it stopped shrinking. */
  readonly stoppedBecause: 'elected' | 'omega' | 'stable';
  readonly quota: string;
  /** Votes held by hopeful and elected candidates. */
  readonly votes: string;
  /** Total surplus of the elected candidates. */
  readonly surplus: string;
  /** Value left on ballots with no further preference (exhausted). */
  readonly residual: string;
  readonly tally: readonly MeekTally[];
  /** Elected in this round, in order of election. */
  readonly elected: readonly CandidateId[];
  /** Defeated in this round, if nobody was elected. */
  readonly defeated: CandidateId | null;
  readonly tieBreaks: readonly TieBreak[];
}

/** A Meek STV count and its full working. */
export interface MeekStvResult {
  readonly method: 'meek-stv';
  readonly seats: number;
  readonly candidates: readonly CandidateId[];
  readonly ballots: { readonly valid: number; readonly blank: number };
  /** Fixed-point decimals used throughout (9) and the iteration limit omega ("0.000001"). */
  readonly precision: { readonly decimals: number; readonly omega: string };
  readonly rounds: readonly MeekRound[];
  /** Count complete (rule step C): hopefuls elected to fill remaining seats, or defeated once seats are full. */
  readonly completion: { readonly elected: readonly CandidateId[]; readonly defeated: readonly CandidateId[] };
  readonly elected: readonly CandidateId[];
  readonly alternates: readonly CandidateId[];
  readonly order: readonly CandidateId[];
  readonly finalOrderTieBreaks: readonly TieBreak[];
  readonly lots: readonly Lot[];
}

const HOPEFUL = 0;
const ELECTED = 1;
const DEFEATED = 2;
const STATUS: readonly MeekStatus[] = ['hopeful', 'elected', 'defeated'];

/**
 * ceil(a × b / 10^9) for integers 0 ≤ a ≤ 10^9 and 0 ≤ b < 2^31, exactly, without bigint: the
 * product is split so that no intermediate passes 2^53.
 */
export function mulUp(a: number, b: number): number {
  const high = Math.floor(b / 100_000);
  const low = b - high * 100_000;
  const p1 = a * high;
  const q1 = Math.floor(p1 / 10_000);
  const r1 = p1 - q1 * 10_000;
  const rest = r1 * 100_000 + a * low;
  const q2 = Math.floor(rest / ONE);
  return q1 + q2 + (rest - q2 * ONE > 0 ? 1 : 0);
}

const ceilDiv = (numerator: bigint, denominator: bigint): bigint => (numerator + denominator - 1n) / denominator;

/**
 * Counts STV ballots by Meek's method as fixed by the Proportional Representation Foundation's
 * "Meek STV reference rule": nine-decimal fixed point; a ballot gives each candidate in turn its
 * weight times the candidate's keep factor, rounded up; quota = (votes of hopeful and elected
 * candidates) / (seats + 1), truncated, plus 10^-9; keep factors updated as kf × quota (rounded up)
 * / votes (rounded up); iteration ends when someone reaches the quota, when the total surplus is
 * below omega = 10^-6, or when it stops shrinking. Then the hopeful with fewest votes is defeated;
 * every hopeful within the total surplus of that lowest vote counts as tied, and as in the
 * reference rule a tie is settled by lot. The final order is: the elected in order of election,
 * then hopefuls left when the seats were full (most votes first), then the defeated, last first.
 */
export function countMeekStv(
  candidates: readonly CandidateId[],
  ballots: readonly StvBallot[],
  options: StvOptions,
): MeekStvResult {
  const { seed, ...rest } = readOptions(options);
  // Validated by readStvBallots before any use.
  const seats = rest.seats as number;
  const profile = readStvBallots(candidates, ballots, seats, MAX_VOTERS);
  const { preferences, starts, counts } = profile;
  const n = candidates.length;
  const groups = counts.length;
  const book = new LotBook(seed);
  const names = (positions: readonly number[]): CandidateId[] => positions.map((c) => candidates[c]);

  const status = new Uint8Array(n);
  const keep = new Float64Array(n).fill(ONE);
  const votes = new Float64Array(n);
  const electedOrder: number[] = [];
  const defeatedOrder: number[] = [];
  const rounds: MeekRound[] = [];

  // Ballots that share the same run of non-defeated candidates, up to and including the first
  // hopeful one, distribute identically; a trie of those runs lets each iteration visit every run
  // once instead of every ballot. It is rebuilt whenever a candidate changes state.
  let nodeCandidate: number[] = [];
  let nodePass: number[] = [];
  let nodeEnd: number[] = [];
  let nodeChildren: number[][] = [];
  const buildTrie = (): void => {
    nodeCandidate = [-1];
    nodePass = [0];
    nodeEnd = [0];
    nodeChildren = [[]];
    const childOf = new Map<number, number>();
    for (let g = 0; g < groups; g++) {
      const count = counts[g];
      let node = 0;
      nodePass[0] += count;
      for (let p = starts[g]; p < starts[g + 1]; p++) {
        const c = preferences[p];
        if (status[c] === DEFEATED) continue;
        const key = node * n + c;
        let child = childOf.get(key);
        if (child === undefined) {
          child = nodeCandidate.length;
          childOf.set(key, child);
          nodeCandidate.push(c);
          nodePass.push(0);
          nodeEnd.push(0);
          nodeChildren.push([]);
          nodeChildren[node].push(child);
        }
        node = child;
        nodePass[node] += count;
        if (status[c] === HOPEFUL) break;
      }
      nodeEnd[node] += count;
    }
  };

  /** Step B.2.a: distributes every ballot; returns the value left on exhausted ballots. */
  const distribute = (): number => {
    votes.fill(0);
    let residual = nodeEnd[0] * ONE;
    const stack: number[] = [];
    const weights: number[] = [];
    for (const child of nodeChildren[0]) {
      stack.push(child);
      weights.push(ONE);
    }
    while (stack.length > 0) {
      const node = stack.pop() as number;
      const weight = weights.pop() as number;
      const c = nodeCandidate[node];
      // Keep factors do not exceed one in practice; the cap keeps a ballot's weight from going negative if one did.
      const kept = Math.min(weight, keep[c] < 2 ** 31 ? mulUp(weight, keep[c]) : weight);
      votes[c] += kept * nodePass[node];
      const left = weight - kept;
      if (left === 0) continue;
      residual += left * nodeEnd[node];
      for (const child of nodeChildren[node]) {
        stack.push(child);
        weights.push(left);
      }
    }
    return residual;
  };

  const snapshot = (): MeekTally[] =>
    candidates.map((candidate, c) => ({
      candidate,
      status: STATUS[status[c]],
      votes: formatFixed(votes[c], DECIMALS),
      keepFactor: formatFixed(keep[c], DECIMALS),
    }));

  /**
   * Most votes first. Equal votes are ordered by lot only where the order decides something
   * (`decides(from, to)`: whether the tied places from..to-1 of the result straddle a line, such
   * as the last seat); elsewhere, e.g. candidates elected together, in the order the candidates
   * were listed, so a count that needs no lot asks for no seed.
   */
  const orderByVotes = (
    group: number[],
    context: string,
    purpose: TieBreak['purpose'],
    tieBreaks: TieBreak[],
    decides: (from: number, to: number) => boolean,
  ) => {
    const sorted = [...group].sort((a, b) => votes[b] - votes[a] || a - b);
    const result: number[] = [];
    for (let i = 0; i < sorted.length;) {
      let j = i + 1;
      while (j < sorted.length && votes[sorted[j]] === votes[sorted[i]]) j++;
      const tied = sorted.slice(i, j);
      if (tied.length > 1 && !decides(i, j)) {
        tieBreaks.push({ purpose, tied: names(tied), order: names(tied), stagesConsulted: [], lot: null });
        result.push(...tied);
      } else if (tied.length > 1) {
        const lot = `${context}/${purpose}`;
        const drawn = book.order(lot, names(tied)).map((name) => profile.index.get(name) as number);
        tieBreaks.push({ purpose, tied: names(tied), order: names(drawn), stagesConsulted: [], lot });
        result.push(...drawn);
      } else {
        result.push(tied[0]);
      }
      i = j;
    }
    return result;
  };

  const count = (predicate: (c: number) => boolean): number => {
    let total = 0;
    for (let c = 0; c < n; c++) if (predicate(c)) total++;
    return total;
  };

  // Step B.1: go on while more hopefuls than seats left, and seats are left.
  while (count((c) => status[c] === HOPEFUL) > seats - electedOrder.length && electedOrder.length < seats) {
    const round = rounds.length + 1;
    const context = `meek-stv/round-${round}`;
    const tieBreaks: TieBreak[] = [];
    buildTrie();
    let stoppedBecause: MeekRound['stoppedBecause'] | null = null;
    let lastSurplus = Infinity;
    let iterations = 0;
    let quota = 0;
    let total = 0;
    let surplus = 0;
    let residual = 0;
    const electedNow: number[] = [];
    while (stoppedBecause === null) {
      iterations++;
      residual = distribute();
      total = 0;
      for (let c = 0; c < n; c++) if (status[c] !== DEFEATED) total += votes[c];
      quota = Math.floor(total / (seats + 1)) + 1;

      const reaching: number[] = [];
      for (let c = 0; c < n; c++) if (status[c] === HOPEFUL && votes[c] >= quota) reaching.push(c);
      if (reaching.length > 0) {
        // Everyone reaching the quota is elected, whatever their order: it decides nothing.
        for (const c of orderByVotes(reaching, context, 'election-order', tieBreaks, () => false)) {
          status[c] = ELECTED;
          electedOrder.push(c);
          electedNow.push(c);
        }
        stoppedBecause = 'elected';
      }

      surplus = 0;
      for (let c = 0; c < n; c++) if (status[c] === ELECTED) surplus += votes[c] - quota;
      if (surplus < 0) surplus = 0;
      if (stoppedBecause === null) {
        if (surplus < OMEGA) stoppedBecause = 'omega';
        else if (surplus >= lastSurplus) stoppedBecause = 'stable';
      }
      if (stoppedBecause !== null) break;
      lastSurplus = surplus;

      // Step B.2.f: kf ← (kf × quota, rounded up) / votes, rounded up.
      const bigQuota = BigInt(quota);
      for (let c = 0; c < n; c++) {
        if (status[c] !== ELECTED) continue;
        const scaled = ceilDiv(BigInt(keep[c]) * bigQuota, BIG_ONE);
        keep[c] = Number(ceilDiv(scaled * BIG_ONE, BigInt(votes[c])));
      }
    }

    let defeated: number | null = null;
    if (stoppedBecause !== 'elected') {
      // Step B.3: defeat the lowest hopeful; anyone within the total surplus of it is tied.
      let low = Infinity;
      for (let c = 0; c < n; c++) if (status[c] === HOPEFUL && votes[c] < low) low = votes[c];
      const tied: number[] = [];
      for (let c = 0; c < n; c++) if (status[c] === HOPEFUL && votes[c] <= low + surplus) tied.push(c);
      if (tied.length > 1) {
        const lot = `${context}/exclusion`;
        const drawn = book.order(lot, names(tied));
        defeated = profile.index.get(drawn[0]) as number;
        tieBreaks.push({ purpose: 'exclusion', tied: names(tied), order: drawn, stagesConsulted: [], lot });
      } else {
        defeated = tied[0];
      }
      status[defeated] = DEFEATED;
      defeatedOrder.push(defeated);
    }

    rounds.push({
      round,
      iterations,
      stoppedBecause,
      quota: formatFixed(quota, DECIMALS),
      votes: formatFixed(total, DECIMALS),
      surplus: formatFixed(surplus, DECIMALS),
      residual: formatFixed(residual, DECIMALS),
      tally: snapshot(),
      elected: names(electedNow),
      defeated: defeated === null ? null : candidates[defeated],
      tieBreaks,
    });
    if (defeated !== null) {
      keep[defeated] = 0;
      votes[defeated] = 0;
    }
  }

  // Step C: fill the seats left with the remaining hopefuls, or defeat them if the seats are full.
  const finalOrderTieBreaks: TieBreak[] = [];
  const hopefuls: number[] = [];
  for (let c = 0; c < n; c++) if (status[c] === HOPEFUL) hopefuls.push(c);
  // A tie decides something unless every tied hopeful is elected: it straddles the last seat,
  // or orders the alternates.
  const seatsLeft = seats - electedOrder.length;
  const ordered = orderByVotes(
    hopefuls,
    'meek-stv/completion',
    'final-order',
    finalOrderTieBreaks,
    (_from, to) => to > seatsLeft,
  );
  const completion = { elected: [] as number[], defeated: [] as number[] };
  for (const c of ordered) {
    if (electedOrder.length < seats) {
      status[c] = ELECTED;
      electedOrder.push(c);
      completion.elected.push(c);
    } else {
      status[c] = DEFEATED;
      completion.defeated.push(c);
    }
  }
  const alternates = [...completion.defeated, ...[...defeatedOrder].reverse()];

  return {
    method: 'meek-stv',
    seats,
    candidates: [...candidates],
    ballots: { valid: profile.valid, blank: profile.blank },
    precision: { decimals: DECIMALS, omega: formatFixed(OMEGA, DECIMALS) },
    rounds,
    completion: { elected: names(completion.elected), defeated: names(completion.defeated) },
    elected: names(electedOrder),
    alternates: names(alternates),
    order: names([...electedOrder, ...alternates]),
    finalOrderTieBreaks,
    lots: book.lots,
  };
}
