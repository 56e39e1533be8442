import { FieldProblem } from '../../../core/src';
import { canonicalInstant, checkText, compareInstants, normalizeLine } from '../../../core/src';
import { Rational } from '../../../voting/src';

/** The phases of a convention, in the only order it may pass through them. */
export const CONVENTION_PHASES = [
  'CALLED',
  'DELEGATE_SELECTION',
  'PROPOSAL_SUBMISSION',
  'AMENDMENT',
  'DELIBERATION',
  'VOTING',
  'RATIFICATION',
  'CLOSED',
] as const;
export type ConventionPhase = (typeof CONVENTION_PHASES)[number];

/** The phase after `phase`, or null for CLOSED. */
export function nextPhase(phase: ConventionPhase): ConventionPhase | null {
  return CONVENTION_PHASES[CONVENTION_PHASES.indexOf(phase) + 1] ?? null;
}

/** The kinds of proposal a convention decides on, each with its own adoption threshold. */
export const PROPOSAL_KINDS = [
  'ADOPT_RULE',
  'AMEND_RULE',
  'REPEAL_RULE',
  'CREATE_BODY',
  'ADOPT_COMMITMENT',
  'ADOPT_CAMPAIGN',
  'RESOLUTION',
] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export const APPORTIONMENT_METHODS = ['SAINTE_LAGUE', 'DHONDT', 'HAMILTON'] as const;
export type ConventionApportionmentMethod = (typeof APPORTIONMENT_METHODS)[number];

export const DELEGATE_ELECTION_METHODS = ['STV', 'APPROVAL'] as const;
export type DelegateElectionMethod = (typeof DELEGATE_ELECTION_METHODS)[number];

/** The share of votes a proposal of one kind needs, as an exact fraction such as "2/3". */
export interface ProposalThreshold {
  readonly kind: ProposalKind;
  readonly threshold: string;
}

/** The weight of each seat a chapter holds at the convention's votes, as an exact number such as "3/2". */
export interface ChapterSeatWeight {
  readonly chapterId: string;
  readonly weight: string;
}

/** The latest instant a phase may last; it can be left only once this has passed. */
export interface PhaseDeadline {
  readonly phase: ConventionPhase;
  readonly deadline: string;
}

/** The rules of procedure a convention is called with; they do not change while it runs. */
export interface RulesOfProcedure {
  /** One threshold per proposal kind, every kind listed once. */
  readonly thresholds: readonly ProposalThreshold[];
  /** Share of the credentialed delegates that must take part for a vote to count, in (0, 1]. */
  readonly quorum: string;
  /** How deep amendments may nest: 0 none, 1 primary only, 2 also secondary, … */
  readonly amendmentDepth: number;
  /** Whether a sponsor may accept an amendment as friendly, without a vote. */
  readonly friendlyAmendments: boolean;
  /** Delegates who must second a proposal before it is put on the agenda. */
  readonly seconders: number;
  /** Deadlines of the phases that have one, in phase order; CLOSED has none. */
  readonly deadlines: readonly PhaseDeadline[];
  readonly totalSeats: number;
  readonly minimumSeatsPerChapter: number;
  readonly apportionmentMethod: ConventionApportionmentMethod;
  readonly electionMethod: DelegateElectionMethod;
  /** Alternates each chapter elects beyond its delegates. */
  readonly alternatesPerChapter: number;
  /** Public seed of every lot the convention draws (apportionment ties, election ties). */
  readonly lotSeed: string;
  /**
   * Share of the votes cast (yes + no) the members' ratification referendum needs, in (0, 1].
   * Conventions called before it existed have none: `ratificationThresholdOf` then falls back.
   */
  readonly ratificationThreshold?: string;
  /**
   * Vote weights of the seats at the convention's votes, by chapter: each seat of a listed
   * chapter weighs its chapter's weight, every other seat 1. Absent: every seat weighs 1.
   */
  readonly seatWeights?: readonly ChapterSeatWeight[];
}

export const CONVENTION_TITLE_MAX_LENGTH = 200;
export const LOT_SEED_MAX_LENGTH = 200;
/** Far above any real assembly; keeps a typo from asking for a count nobody could run. */
export const MAX_SEATS = 100_000;

/** A heavier seat than this is surely a typo (a thousand times an ordinary seat). */
export const MAX_SEAT_WEIGHT = 1000;

/** Parses a positive number up to MAX_SEAT_WEIGHT and returns it in lowest terms, or null. */
function readSeatWeight(text: string): string | null {
  let value: Rational;
  try {
    value = Rational.parse(text);
  } catch {
    return null;
  }
  return value.gt(Rational.ZERO) && value.lte(Rational.from(MAX_SEAT_WEIGHT)) ? value.toString() : null;
}

function checkSeatWeights(weights: readonly ChapterSeatWeight[] | null | undefined): FieldProblem[] {
  if (weights == null) return [];
  const problems: FieldProblem[] = [];
  weights.forEach((entry, index) => {
    if (typeof entry.chapterId !== 'string' || entry.chapterId.trim().length === 0) {
      problems.push({ field: `rules.seatWeights[${index}].chapterId`, message: 'must name a chapter' });
    }
    if (readSeatWeight(entry.weight) === null) {
      problems.push({
        field: `rules.seatWeights[${index}].weight`,
        message: `must be a positive number such as "2" or "3/2", at most ${MAX_SEAT_WEIGHT}`,
      });
    }
  });
  if (problems.length > 0) return problems;
  const chapters = weights.map((entry) => entry.chapterId.trim());
  return new Set(chapters).size === chapters.length
    ? []
    : [{ field: 'rules.seatWeights', message: 'must name each chapter once' }];
}

/** The vote weight of each seat the chapter holds: the rules' weight for it, or 1. */
export function seatWeightOf(rules: RulesOfProcedure, chapterId: string): string {
  return rules.seatWeights?.find((entry) => entry.chapterId === chapterId)?.weight ?? '1';
}

/** Parses a fraction in (0, 1] and returns it in lowest terms, or null. */
export function readShare(text: string): string | null {
  let value: Rational;
  try {
    value = Rational.parse(text);
  } catch {
    return null;
  }
  return value.gt(Rational.ZERO) && value.lte(Rational.ONE) ? value.toString() : null;
}

function checkCount(field: string, value: number, min: number, max = MAX_SEATS): FieldProblem[] {
  return Number.isSafeInteger(value) && value >= min && value <= max
    ? []
    : [{ field, message: `must be a whole number from ${min} to ${max}` }];
}

function checkOneOf<T extends string>(field: string, value: T, allowed: readonly T[]): FieldProblem[] {
  return allowed.includes(value) ? [] : [{ field, message: `must be one of ${allowed.join(', ')}` }];
}

function checkThresholds(thresholds: readonly ProposalThreshold[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  thresholds.forEach((entry, index) => {
    problems.push(...checkOneOf(`rules.thresholds[${index}].kind`, entry.kind, PROPOSAL_KINDS));
    if (readShare(entry.threshold) === null) {
      problems.push({
        field: `rules.thresholds[${index}].threshold`,
        message: 'must be a fraction in (0, 1] such as "2/3"',
      });
    }
  });
  const kinds = thresholds.map((entry) => entry.kind);
  const missing = PROPOSAL_KINDS.filter((kind) => !kinds.includes(kind));
  if (new Set(kinds).size !== kinds.length) {
    problems.push({ field: 'rules.thresholds', message: 'must list each proposal kind once' });
  } else if (missing.length > 0) {
    problems.push({ field: 'rules.thresholds', message: `must also set a threshold for ${missing.join(', ')}` });
  }
  return problems;
}

function checkDeadlines(deadlines: readonly PhaseDeadline[], calledAt: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  deadlines.forEach((entry, index) => {
    if (!CONVENTION_PHASES.includes(entry.phase) || entry.phase === 'CLOSED') {
      problems.push({ field: `rules.deadlines[${index}].phase`, message: 'must be a phase before CLOSED' });
    }
    if (canonicalInstant(entry.deadline) === null) {
      problems.push({ field: `rules.deadlines[${index}].deadline`, message: 'must be an ISO-8601 UTC time' });
    }
  });
  if (problems.length > 0) return problems;
  const phases = deadlines.map((entry) => entry.phase);
  if (new Set(phases).size !== phases.length)
    return [{ field: 'rules.deadlines', message: 'must name each phase once' }];
  const ordered = sortDeadlines(deadlines);
  for (let index = 0; index < ordered.length; index += 1) {
    const earlier = index === 0 ? calledAt : ordered[index - 1].deadline;
    if (canonicalInstant(earlier) !== null && compareInstants(ordered[index].deadline, earlier) <= 0) {
      return [
        {
          field: 'rules.deadlines',
          message: `the deadline of ${ordered[index].phase} must be later than ${index === 0 ? 'the call' : `that of ${ordered[index - 1].phase}`}`,
        },
      ];
    }
  }
  return [];
}

function sortDeadlines(deadlines: readonly PhaseDeadline[]): PhaseDeadline[] {
  return [...deadlines].sort((a, b) => CONVENTION_PHASES.indexOf(a.phase) - CONVENTION_PHASES.indexOf(b.phase));
}

/** Every problem with a set of rules, field by field. */
export function checkRulesOfProcedure(rules: RulesOfProcedure, calledAt: string): FieldProblem[] {
  return [
    ...checkThresholds(rules.thresholds),
    ...(readShare(rules.quorum) === null
      ? [{ field: 'rules.quorum', message: 'must be a fraction in (0, 1] such as "1/2"' }]
      : []),
    ...checkCount('rules.amendmentDepth', rules.amendmentDepth, 0, 10),
    ...(typeof rules.friendlyAmendments === 'boolean'
      ? []
      : [{ field: 'rules.friendlyAmendments', message: 'must be true or false' }]),
    ...checkCount('rules.seconders', rules.seconders, 0),
    ...checkDeadlines(rules.deadlines, calledAt),
    ...checkCount('rules.totalSeats', rules.totalSeats, 1),
    ...checkCount('rules.minimumSeatsPerChapter', rules.minimumSeatsPerChapter, 0),
    ...checkOneOf('rules.apportionmentMethod', rules.apportionmentMethod, APPORTIONMENT_METHODS),
    ...checkOneOf('rules.electionMethod', rules.electionMethod, DELEGATE_ELECTION_METHODS),
    ...checkCount('rules.alternatesPerChapter', rules.alternatesPerChapter, 0),
    ...checkText('rules.lotSeed', rules.lotSeed.trim(), 1, LOT_SEED_MAX_LENGTH, 'A lot seed'),
    ...(rules.ratificationThreshold == null || readShare(rules.ratificationThreshold) !== null
      ? []
      : [{ field: 'rules.ratificationThreshold', message: 'must be a fraction in (0, 1] such as "2/3"' }]),
    ...checkSeatWeights(rules.seatWeights),
  ];
}

/** Rules in the one form events carry: fractions in lowest terms, lists in a fixed order. */
export function normalizeRules(rules: RulesOfProcedure): RulesOfProcedure {
  return {
    thresholds: PROPOSAL_KINDS.map((kind) => ({
      kind,
      threshold: readShare(rules.thresholds.find((entry) => entry.kind === kind)?.threshold ?? '') as string,
    })),
    quorum: readShare(rules.quorum) as string,
    amendmentDepth: rules.amendmentDepth,
    friendlyAmendments: rules.friendlyAmendments,
    seconders: rules.seconders,
    deadlines: sortDeadlines(rules.deadlines).map(({ phase, deadline }) => ({ phase, deadline })),
    totalSeats: rules.totalSeats,
    minimumSeatsPerChapter: rules.minimumSeatsPerChapter,
    apportionmentMethod: rules.apportionmentMethod,
    electionMethod: rules.electionMethod,
    alternatesPerChapter: rules.alternatesPerChapter,
    lotSeed: rules.lotSeed.trim(),
    // Left out when not set, so rules called without it keep the exact form they always had.
    ...(rules.ratificationThreshold == null
      ? {}
      : { ratificationThreshold: readShare(rules.ratificationThreshold) as string }),
    // Likewise: rules without weights keep their form, and weights are stored sorted by chapter.
    ...(rules.seatWeights == null || rules.seatWeights.length === 0
      ? {}
      : {
          seatWeights: rules.seatWeights
            .map((entry) => ({ chapterId: entry.chapterId.trim(), weight: readSeatWeight(entry.weight) as string }))
            .sort((a, b) => (a.chapterId < b.chapterId ? -1 : a.chapterId > b.chapterId ? 1 : 0)),
        }),
  };
}

/**
 * The share of votes cast the ratification referendum needs: the rules' own ratification
 * threshold, or, for rules that set none, the threshold for adopting a rule, since ratifying
 * the charter confirms the rules the convention adopted.
 */
export function ratificationThresholdOf(rules: RulesOfProcedure): string {
  return (
    rules.ratificationThreshold ??
    rules.thresholds.find((entry) => entry.kind === 'ADOPT_RULE')?.threshold ??
    (readShare('1/2') as string)
  );
}

/** A convention's title: one line. */
export function checkConventionTitle(title: string): FieldProblem[] {
  return checkText('title', normalizeLine(title), 1, CONVENTION_TITLE_MAX_LENGTH, 'A title');
}

/** The deadline the rules set for a phase, or null. */
export function deadlineOf(rules: RulesOfProcedure, phase: ConventionPhase): string | null {
  return rules.deadlines.find((entry) => entry.phase === phase)?.deadline ?? null;
}
