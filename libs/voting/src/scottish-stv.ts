import { CandidateId, formatFixed, readOptions } from './ballots';
import { readStvBallots, StvBallot, StvOptions, TieBreak } from './stv';
import { Lot, LotBook, narrowByHistory } from './tie-break';

/** Votes are fixed-point with five decimal places: one vote is 100000 units (rule 48(3)). */
const ONE = 100_000;
const DECIMALS = 5;

/** Where a candidate stands at the end of a stage. */
export type StvStatus = 'continuing' | 'elected' | 'excluded';

/** One candidate's line in a stage of a Scottish STV count. */
export interface ScottishStvTally {
  readonly candidate: CandidateId;
  readonly status: StvStatus;
  /** Votes credited at the end of the stage, to five decimal places. */
  readonly votes: string;
  /** Votes gained (or, for the transferring candidate, given up) in this stage. */
  readonly change: string;
}

/** Ballot papers of one value in a transfer. */
export interface ScottishStvParcel {
  /** The value each paper had when the transferring candidate received it. */
  readonly value: string;
  /** Papers of that value. */
  readonly papers: number;
  /** The value each paper carries onward (for an exclusion, the same value). */
  readonly transferValue: string;
}

/** What a stage did. */
export type ScottishStvAction =
  | { readonly kind: 'first-preferences' }
  | {
      readonly kind: 'surplus';
      readonly candidate: CandidateId;
      /** The surplus transferred: votes credited minus the quota. */
      readonly surplus: string;
      /** The transferring candidate's votes, the B of rule 48(3). */
      readonly votes: string;
      readonly parcels: readonly ScottishStvParcel[];
      /** Papers with no next available preference. */
      readonly nonTransferablePapers: number;
    }
  | {
      readonly kind: 'exclusion';
      readonly candidate: CandidateId;
      readonly votes: string;
      readonly parcels: readonly ScottishStvParcel[];
      readonly nonTransferablePapers: number;
    };

/** A candidate deemed elected, and why. */
export interface ScottishStvElection {
  readonly candidate: CandidateId;
  /** 'quota': reached the quota (rule 47); 'last-vacancies': as many continuing candidates as seats left (rule 52). */
  readonly reason: 'quota' | 'last-vacancies';
}

/** One stage of the count (rule 2: first preferences, one surplus transfer, or one exclusion). */
export interface ScottishStvStage {
  readonly stage: number;
  readonly action: ScottishStvAction;
  readonly tally: readonly ScottishStvTally[];
  /** Value of all non-transferable papers so far. */
  readonly nonTransferable: string;
  /** Value lost so far by truncating transfer values to five decimal places. */
  readonly lossOfFractions: string;
  /** Candidates deemed elected at the end of this stage, in order of election. */
  readonly elected: readonly ScottishStvElection[];
  readonly tieBreaks: readonly TieBreak[];
}

/** A Scottish STV count and its full working. */
export interface ScottishStvResult {
  readonly method: 'scottish-stv';
  readonly seats: number;
  readonly candidates: readonly CandidateId[];
  /** Valid papers (a first preference given) and blank ones (no preference, not counted). */
  readonly ballots: { readonly valid: number; readonly blank: number };
  /** floor(valid / (seats + 1)) + 1 votes (rule 46). */
  readonly quota: number;
  readonly stages: readonly ScottishStvStage[];
  /** Candidates elected, in order of election. */
  readonly elected: readonly CandidateId[];
  /** The candidates not elected, in the final order: the first is the first alternate. */
  readonly alternates: readonly CandidateId[];
  /** `elected` followed by `alternates`. */
  readonly order: readonly CandidateId[];
  /** Ties settled while ordering the alternates. */
  readonly finalOrderTieBreaks: readonly TieBreak[];
  readonly lots: readonly Lot[];
}

const CONTINUING = 0;
const ELECTED = 1;
const EXCLUDED = 2;
const STATUS: readonly StvStatus[] = ['continuing', 'elected', 'excluded'];

/**
 * Counts STV ballots under the Scottish Local Government Elections Order 2007 (SSI 2007/42),
 * schedule 1, rules 45 to 52: the weighted inclusive Gregory method with a Droop quota of whole
 * votes and transfer values truncated to five decimal places. One stage transfers one surplus
 * (the largest first) or excludes one candidate (the lowest); surpluses are always transferred
 * before anyone is excluded.
 *
 * Ties follow rules 49 and 51: look back to the most recent earlier stage at which the tied
 * candidates had unequal votes (if that only separates some of them, look further back among
 * those still tied), then draw a lot from the seed. Candidates reaching the quota at the same stage
 * are elected in order of votes, ties settled the same way. The final order is: the elected in order
 * of election, then candidates still continuing when the seats were filled (most votes first),
 * then excluded candidates, the last excluded first; alternates are the next candidates in it.
 */
export function countScottishStv(
  candidates: readonly CandidateId[],
  ballots: readonly StvBallot[],
  options: StvOptions,
): ScottishStvResult {
  const { seed, ...rest } = readOptions(options);
  // Validated by readStvBallots before any use.
  const seats = rest.seats as number;
  const profile = readStvBallots(candidates, ballots, seats, Math.floor(Number.MAX_SAFE_INTEGER / ONE));
  const { preferences, starts, counts } = profile;
  const n = candidates.length;
  const groups = counts.length;
  const quota = Math.floor(profile.valid / (seats + 1)) + 1;
  const quotaUnits = quota * ONE;
  const book = new LotBook(seed);

  const status = new Uint8Array(n);
  const votes = new Float64Array(n);
  const position = new Int32Array(groups);
  const value = new Float64Array(groups).fill(ONE);
  const piles: number[][] = Array.from({ length: n }, () => []);
  const history: Float64Array[] = [];
  const stages: ScottishStvStage[] = [];
  const electedOrder: number[] = [];
  const excludedOrder: number[] = [];
  const surplusDone = new Uint8Array(n);
  let nonTransferable = 0;
  let loss = 0;

  const names = (positions: readonly number[]): CandidateId[] => positions.map((c) => candidates[c]);

  /**
   * Orders candidates with equal votes by earlier stages (rules 49(2), 51(2)(a)), then by lot.
   * With `full` false only the first place is settled, so no lot is drawn that the rules do not need.
   * With `decides` false (candidates elected together: their order changes no outcome) what
   * earlier stages leave tied keeps the order the candidates were listed in, and no lot is drawn.
   */
  const settle = (
    purpose: TieBreak['purpose'],
    tied: readonly number[],
    prefer: 'lowest' | 'highest',
    context: string,
    full: boolean,
    tieBreaks: TieBreak[],
    decides = true,
  ): number[] => {
    if (tied.length === 1) return [...tied];
    const order: number[] = [];
    const consulted = new Set<number>();
    let lot: string | null = null;
    let rest = [...tied];
    while (rest.length > 0) {
      if (rest.length === 1) {
        order.push(rest[0]);
        break;
      }
      const { remaining, stagesUsed } = narrowByHistory(rest, history, history.length - 1, prefer);
      stagesUsed.forEach((stage) => consulted.add(stage + 1));
      if (remaining.length > 1 && !decides) {
        order.push(...[...remaining].sort((a, b) => a - b));
      } else if (remaining.length > 1) {
        lot = `${context}/${purpose}`;
        order.push(...book.order(lot, names(remaining)).map((name) => profile.index.get(name) as number));
      } else {
        order.push(remaining[0]);
      }
      rest = rest.filter((candidate) => !remaining.includes(candidate));
      if (!full) break;
    }
    tieBreaks.push({
      purpose,
      tied: names([...tied].sort((a, b) => a - b)),
      order: names(order),
      stagesConsulted: [...consulted].sort((a, b) => b - a),
      lot,
    });
    return order;
  };

  /** The candidate with the most (or fewest) votes, ties settled by `settle`. */
  const pickOne = (
    group: readonly number[],
    prefer: 'lowest' | 'highest',
    context: string,
    purpose: TieBreak['purpose'],
    tieBreaks: TieBreak[],
  ): number => {
    let best = votes[group[0]];
    for (const c of group) if (prefer === 'lowest' ? votes[c] < best : votes[c] > best) best = votes[c];
    return settle(
      purpose,
      group.filter((c) => votes[c] === best),
      prefer,
      context,
      false,
      tieBreaks,
    )[0];
  };

  /** All of `group`, most votes first, every tie settled by `settle` (by lot only if `decides`). */
  const orderAll = (
    group: readonly number[],
    context: string,
    purpose: TieBreak['purpose'],
    tieBreaks: TieBreak[],
    decides = true,
  ): number[] => {
    const sorted = [...group].sort((a, b) => votes[b] - votes[a] || a - b);
    const result: number[] = [];
    for (let i = 0; i < sorted.length;) {
      let j = i + 1;
      while (j < sorted.length && votes[sorted[j]] === votes[sorted[i]]) j++;
      result.push(...settle(purpose, sorted.slice(i, j), 'highest', context, true, tieBreaks, decides));
      i = j;
    }
    return result;
  };

  /** Moves every paper of `from` to its next continuing preference, each at `carry(its value)`. */
  const transfer = (from: number, carry: (old: number) => number) => {
    const parcels = new Map<number, { papers: number; carried: number }>();
    let papers = 0;
    let exhaustedPapers = 0;
    let carriedValue = 0;
    // Papers of one value tend to lie together in a pile; remembering the last value's parcel
    // spares a map lookup and a bigint division for almost every paper.
    let lastOld = -1;
    let next = 0;
    let parcel = { papers: 0, carried: 0 };
    for (const g of piles[from]) {
      const old = value[g];
      if (old !== lastOld) {
        lastOld = old;
        const known = parcels.get(old);
        if (known === undefined) {
          next = carry(old);
          parcel = { papers: 0, carried: next };
          parcels.set(old, parcel);
        } else {
          next = known.carried;
          parcel = known;
        }
      }
      parcel.papers += counts[g];
      papers += counts[g];
      carriedValue += counts[g] * next;
      let p = position[g] + 1;
      const end = starts[g + 1];
      while (p < end && status[preferences[p]] !== CONTINUING) p++;
      value[g] = next;
      position[g] = p;
      if (p < end) {
        piles[preferences[p]].push(g);
        votes[preferences[p]] += counts[g] * next;
      } else {
        exhaustedPapers += counts[g];
        nonTransferable += counts[g] * next;
      }
    }
    piles[from] = [];
    const described: ScottishStvParcel[] = [...parcels.entries()]
      .sort(([a], [b]) => b - a)
      .map(([old, entry]) => ({
        value: formatFixed(old, DECIMALS),
        papers: entry.papers,
        transferValue: formatFixed(entry.carried, DECIMALS),
      }));
    return { parcels: described, papers, exhaustedPapers, carriedValue };
  };

  const before = new Float64Array(n);
  const recordStage = (action: ScottishStvAction, tieBreaks: TieBreak[]): ScottishStvStage => {
    history.push(Float64Array.from(votes));
    const context = `scottish-stv/stage-${history.length}`;
    const reaching: number[] = [];
    for (let c = 0; c < n; c++) if (status[c] === CONTINUING && votes[c] >= quotaUnits) reaching.push(c);
    const elected: ScottishStvElection[] = [];
    // Everyone reaching the quota is elected; the order they are declared in decides nothing
    // (surpluses are taken largest first, ties there settled on their own, 'surplus-order').
    for (const c of orderAll(reaching, context, 'election-order', tieBreaks, false)) {
      status[c] = ELECTED;
      electedOrder.push(c);
      elected.push({ candidate: candidates[c], reason: 'quota' });
    }
    const record: ScottishStvStage = {
      stage: history.length,
      action,
      tally: candidates.map((candidate, c) => ({
        candidate,
        status: STATUS[status[c]],
        votes: formatFixed(votes[c], DECIMALS),
        change: signedFixed(votes[c] - before[c]),
      })),
      nonTransferable: formatFixed(nonTransferable, DECIMALS),
      lossOfFractions: formatFixed(loss, DECIMALS),
      elected,
      tieBreaks,
    };
    stages.push(record);
    before.set(votes);
    return record;
  };

  // Stage 1 (rule 45): each paper counts one vote for its first preference.
  for (let g = 0; g < groups; g++) {
    const first = preferences[starts[g]];
    position[g] = starts[g];
    piles[first].push(g);
    votes[first] += counts[g] * ONE;
  }
  let last = recordStage({ kind: 'first-preferences' }, []);

  for (;;) {
    const vacancies = seats - electedOrder.length;
    if (vacancies === 0) break;
    const continuing: number[] = [];
    for (let c = 0; c < n; c++) if (status[c] === CONTINUING) continuing.push(c);
    if (continuing.length <= vacancies) {
      // Rule 52: the continuing candidates fill the last vacancies; no further transfer is made.
      const tieBreaks = last.tieBreaks as TieBreak[];
      const ordered = orderAll(
        continuing,
        `scottish-stv/stage-${history.length}/last-vacancies`,
        'election-order',
        tieBreaks,
        false,
      );
      const elected = last.elected as ScottishStvElection[];
      const tally = last.tally as ScottishStvTally[];
      for (const c of ordered) {
        status[c] = ELECTED;
        electedOrder.push(c);
        elected.push({ candidate: candidates[c], reason: 'last-vacancies' });
        tally[c] = { ...tally[c], status: 'elected' };
      }
      break;
    }

    const context = `scottish-stv/stage-${history.length + 1}`;
    const tieBreaks: TieBreak[] = [];
    const pending: number[] = [];
    for (let c = 0; c < n; c++) if (status[c] === ELECTED && !surplusDone[c] && votes[c] > quotaUnits) pending.push(c);

    if (pending.length > 0) {
      // Rules 48 and 49: transfer the largest surplus; each paper carries A / B, truncated.
      const from = pickOne(pending, 'highest', context, 'surplus-order', tieBreaks);
      surplusDone[from] = 1;
      const total = votes[from];
      const surplus = total - quotaUnits;
      const bigSurplus = BigInt(surplus);
      const bigTotal = BigInt(total);
      const moved = transfer(from, (old) => Number((bigSurplus * BigInt(old)) / bigTotal));
      loss += surplus - moved.carriedValue;
      votes[from] = quotaUnits;
      last = recordStage(
        {
          kind: 'surplus',
          candidate: candidates[from],
          surplus: formatFixed(surplus, DECIMALS),
          votes: formatFixed(total, DECIMALS),
          parcels: moved.parcels,
          nonTransferablePapers: moved.exhaustedPapers,
        },
        tieBreaks,
      );
      continue;
    }

    // Rules 50 and 51: exclude the continuing candidate with the fewest votes; papers keep their value.
    const excluded = pickOne(continuing, 'lowest', context, 'exclusion', tieBreaks);
    status[excluded] = EXCLUDED;
    excludedOrder.push(excluded);
    const held = votes[excluded];
    const moved = transfer(excluded, (old) => old);
    votes[excluded] = 0;
    last = recordStage(
      {
        kind: 'exclusion',
        candidate: candidates[excluded],
        votes: formatFixed(held, DECIMALS),
        parcels: moved.parcels,
        nonTransferablePapers: moved.exhaustedPapers,
      },
      tieBreaks,
    );
  }

  const finalOrderTieBreaks: TieBreak[] = [];
  const unelected: number[] = [];
  for (let c = 0; c < n; c++) if (status[c] === CONTINUING) unelected.push(c);
  const alternates = [
    ...orderAll(unelected, 'scottish-stv/end', 'final-order', finalOrderTieBreaks),
    ...[...excludedOrder].reverse(),
  ];

  return {
    method: 'scottish-stv',
    seats,
    candidates: [...candidates],
    ballots: { valid: profile.valid, blank: profile.blank },
    quota,
    stages,
    elected: names(electedOrder),
    alternates: names(alternates),
    order: names([...electedOrder, ...alternates]),
    finalOrderTieBreaks,
    lots: book.lots,
  };
}

const signedFixed = (units: number): string =>
  units < 0 ? `-${formatFixed(-units, DECIMALS)}` : `+${formatFixed(units, DECIMALS)}`;
