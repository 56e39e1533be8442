import { ballotCount, checkBallotList, readOptions } from './ballots';
import { Rational, RationalInput } from './rational';
import { show, VotingError } from './voting.errors';

/** A voter's answer to a yes/no question. */
export type YesNoChoice = 'yes' | 'no' | 'abstain';

/** One voter's choice, or identical choices grouped by count; `weight` (rational, default 1) is each voter's weight. */
export interface YesNoBallot {
  readonly choice: YesNoChoice;
  readonly count?: number;
  readonly weight?: RationalInput;
}

/**
 * What a threshold is a fraction of: yes + no ("cast", abstentions excluded), yes + no + abstain,
 * those present, or the whole electorate.
 */
export type ThresholdBase = 'cast' | 'cast-and-abstentions' | 'present' | 'electorate';

/** The share of yes votes a motion needs. */
export type Threshold =
  /** More than half of the votes cast (yes > no), abstentions excluded. */
  | { readonly kind: 'simple-majority' }
  /** At least two thirds of the votes cast, abstentions excluded. */
  | { readonly kind: 'two-thirds' }
  /** More than half of the electorate. */
  | { readonly kind: 'absolute-majority' }
  /** Any fraction of any base: yes must be more than (or at least) fraction × base. */
  | {
      readonly kind: 'fraction';
      readonly fraction: RationalInput;
      readonly of: ThresholdBase;
      readonly comparison: 'more-than' | 'at-least';
    };

/** Participation (yes + no + abstain) needed for the vote to count at all. */
export interface Quorum {
  readonly fraction: RationalInput;
  readonly of: 'electorate' | 'present';
}

/** Options of a yes/no count. */
export interface YesNoOptions {
  readonly threshold: Threshold;
  readonly quorum?: Quorum;
  /** Size (total weight) of the electorate; needed by thresholds and quorums that refer to it. */
  readonly electorate?: RationalInput;
  /** Number (total weight) of those present; needed by thresholds and quorums that refer to it. */
  readonly present?: RationalInput;
}

/** A yes/no/abstain count and how its outcome follows from the rules. */
export interface YesNoResult {
  readonly method: 'yes-no';
  /** 'no-quorum' when participation fell short; otherwise whether the threshold was met. */
  readonly outcome: 'adopted' | 'rejected' | 'no-quorum';
  /** Weighted totals, as exact rationals ("n" or "n/d"). */
  readonly tally: { readonly yes: string; readonly no: string; readonly abstain: string };
  /** Voters behind each choice, unweighted. */
  readonly voters: { readonly yes: number; readonly no: number; readonly abstain: number };
  /** yes + no. */
  readonly cast: string;
  /** yes + no + abstain. */
  readonly participation: string;
  readonly quorum: {
    readonly fraction: string;
    readonly of: 'electorate' | 'present';
    readonly base: string;
    /** fraction × base: participation must reach it. */
    readonly required: string;
    readonly met: boolean;
  } | null;
  readonly threshold: {
    readonly kind: Threshold['kind'];
    readonly fraction: string;
    readonly of: ThresholdBase;
    readonly comparison: 'more-than' | 'at-least';
    readonly base: string;
    /** fraction × base: yes must exceed it ('more-than') or reach it ('at-least'). */
    readonly required: string;
    readonly met: boolean;
  };
}

const HALF = Rational.of(1, 2);
const TWO_THIRDS = Rational.of(2, 3);

const normalizeThreshold = (
  threshold: Threshold,
): { fraction: Rational; of: ThresholdBase; comparison: 'more-than' | 'at-least' } => {
  switch (threshold?.kind) {
    case 'simple-majority':
      return { fraction: HALF, of: 'cast', comparison: 'more-than' };
    case 'two-thirds':
      return { fraction: TWO_THIRDS, of: 'cast', comparison: 'at-least' };
    case 'absolute-majority':
      return { fraction: HALF, of: 'electorate', comparison: 'more-than' };
    case 'fraction': {
      const fraction = Rational.from(threshold.fraction);
      const bases: readonly ThresholdBase[] = ['cast', 'cast-and-abstentions', 'present', 'electorate'];
      if (fraction.isNegative() || fraction.gt(Rational.ONE) || !bases.includes(threshold.of)) {
        throw new VotingError('INVALID_THRESHOLD', 'A threshold is a fraction from 0 to 1 of a known base', {
          fraction: fraction.toString(),
          of: threshold.of,
        });
      }
      if (threshold.comparison !== 'more-than' && threshold.comparison !== 'at-least') {
        throw new VotingError('INVALID_THRESHOLD', 'A threshold compares as "more-than" or "at-least"');
      }
      return { fraction, of: threshold.of, comparison: threshold.comparison };
    }
    default:
      throw new VotingError('INVALID_THRESHOLD', `Unknown threshold ${show(threshold)}`);
  }
};

/**
 * The single pass over the ballots, kept apart from the rational arithmetic that follows so that
 * the engine optimizes this loop on its own.
 */
function tallyChoices(ballots: readonly YesNoBallot[]): {
  plain: number[];
  voters: number[];
  weighted: Map<unknown, { weight: Rational; voters: number[] }>;
} {
  const plain = [0, 0, 0];
  const voters = [0, 0, 0];
  const weighted = new Map<unknown, { weight: Rational; voters: number[] }>();
  for (let b = 0; b < ballots.length; b++) {
    const ballot = ballots[b];
    const choice = ballot?.choice;
    const slot = choice === 'yes' ? 0 : choice === 'no' ? 1 : choice === 'abstain' ? 2 : -1;
    if (slot < 0) {
      throw new VotingError('INVALID_BALLOT', `Ballot ${b + 1} has choice ${show(choice)}; use yes, no or abstain`, {
        ballot: b,
      });
    }
    const count = ballot.count === undefined ? 1 : ballotCount(ballot.count, b);
    voters[slot] += count;
    if (ballot.weight === undefined) {
      plain[slot] += count;
      continue;
    }
    // Primitive weights key the map as they are (no string building per ballot); "1/2" and "0.5"
    // land in separate groups of the same weight, which sums the same.
    const raw = ballot.weight;
    const key = typeof raw === 'object' && raw !== null ? Rational.from(raw).toString() : raw;
    let group = weighted.get(key);
    if (group === undefined) {
      const weight = Rational.from(ballot.weight);
      if (weight.isNegative() || weight.isZero()) {
        throw new VotingError('INVALID_WEIGHT', `Ballot ${b + 1} has weight ${weight}; a weight must be positive`, {
          ballot: b,
        });
      }
      group = { weight, voters: [0, 0, 0] };
      weighted.set(key, group);
    }
    group.voters[slot] += count;
  }
  if (!voters.every(Number.isSafeInteger)) {
    throw new VotingError('TOO_MANY_BALLOTS', 'More voters than can be counted exactly');
  }
  return { plain, voters, weighted };
}

/**
 * Counts yes/no/abstain ballots exactly. Unweighted voters are summed as integers and weighted ones
 * grouped by weight before any rational arithmetic, so a million ballots cost a single pass.
 */
export function countYesNo(ballots: readonly YesNoBallot[], options: YesNoOptions): YesNoResult {
  const { threshold, quorum: quorumRule, electorate, present } = readOptions(options);
  const rule = normalizeThreshold(threshold as Threshold);
  checkBallotList(ballots);
  const { plain, voters, weighted } = tallyChoices(ballots);
  const totals = plain.map((value) => Rational.of(value));
  for (const { weight, voters: byChoice } of weighted.values()) {
    byChoice.forEach((count, slot) => {
      if (count > 0) totals[slot] = totals[slot].add(weight.mul(Rational.of(count)));
    });
  }
  const [yes, no, abstain] = totals;
  const cast = yes.add(no);
  const participation = cast.add(abstain);

  const known = (input: RationalInput | undefined, name: 'electorate' | 'present'): Rational => {
    if (input === undefined) {
      throw new VotingError('INVALID_ELECTORATE', `This vote's rules refer to the ${name}; give its size`, {
        field: name,
      });
    }
    const size = Rational.from(input);
    if (size.lt(participation)) {
      throw new VotingError(
        'INVALID_ELECTORATE',
        `The ${name} (${size}) is smaller than participation (${participation})`,
        {
          field: name,
          size: size.toString(),
          participation: participation.toString(),
        },
      );
    }
    return size;
  };
  const baseOf = (of: ThresholdBase): Rational =>
    of === 'cast'
      ? cast
      : of === 'cast-and-abstentions'
        ? participation
        : known(of === 'electorate' ? electorate : present, of);

  const base = baseOf(rule.of);
  const required = rule.fraction.mul(base);
  const met = rule.comparison === 'more-than' ? yes.gt(required) : yes.gte(required);

  let quorum: YesNoResult['quorum'] = null;
  if (quorumRule !== undefined) {
    if (quorumRule === null || typeof quorumRule !== 'object') {
      throw new VotingError('INVALID_QUORUM', 'A quorum is { fraction, of }');
    }
    const fraction = Rational.from(quorumRule.fraction);
    const of = quorumRule.of;
    if (fraction.isNegative() || fraction.gt(Rational.ONE) || (of !== 'electorate' && of !== 'present')) {
      throw new VotingError(
        'INVALID_QUORUM',
        'A quorum is a fraction from 0 to 1 of the electorate or of those present',
        {
          fraction: fraction.toString(),
          of,
        },
      );
    }
    const quorumBase = known(of === 'electorate' ? electorate : present, of);
    const needed = fraction.mul(quorumBase);
    quorum = {
      fraction: fraction.toString(),
      of,
      base: quorumBase.toString(),
      required: needed.toString(),
      met: participation.gte(needed),
    };
  }

  return {
    method: 'yes-no',
    outcome: quorum !== null && !quorum.met ? 'no-quorum' : met ? 'adopted' : 'rejected',
    tally: { yes: yes.toString(), no: no.toString(), abstain: abstain.toString() },
    voters: { yes: voters[0], no: voters[1], abstain: voters[2] },
    cast: cast.toString(),
    participation: participation.toString(),
    quorum,
    threshold: {
      kind: (threshold as Threshold).kind,
      fraction: rule.fraction.toString(),
      of: rule.of,
      comparison: rule.comparison,
      base: base.toString(),
      required: required.toString(),
      met,
    },
  };
}
