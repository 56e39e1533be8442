import { FieldProblem } from '../../../core/src';
import { checkText, normalizeLine } from '../../../core/src';
import { InterimDecisionRules, ProposedInterimRules } from './interim-decision.events';

export const DECISION_KIND_MAX_LENGTH = 64;
export const MAX_CHAPTER_FOUNDERS = 100;

function isNonNegativeInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** What is wrong with a set of decision rules, field by field, under the given field prefix. */
export function checkInterimDecisionRules(rules: InterimDecisionRules, prefix = 'rules'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { numerator, denominator } = rules.minimumSupport;
  if (!isNonNegativeInteger(denominator) || denominator === 0) {
    problems.push({ field: `${prefix}.minimumSupport.denominator`, message: 'must be a positive integer' });
  } else if (!isNonNegativeInteger(numerator) || numerator > denominator) {
    problems.push({
      field: `${prefix}.minimumSupport.numerator`,
      message: 'must be an integer from 0 to the denominator',
    });
  }
  if (!isNonNegativeInteger(rules.maximumObjections)) {
    problems.push({ field: `${prefix}.maximumObjections`, message: 'must be a non-negative integer' });
  }
  rules.allowedKinds?.forEach((kind, index) => {
    problems.push(
      ...checkText(`${prefix}.allowedKinds[${index}]`, normalizeLine(kind), 1, DECISION_KIND_MAX_LENGTH, 'A kind'),
    );
  });
  return problems;
}

/** What is wrong with a whole set of interim rules, field by field. */
export function checkInterimRules(rules: ProposedInterimRules, prefix = ''): FieldProblem[] {
  const problems = checkInterimDecisionRules(rules.decisions, `${prefix}decisions`);
  const founders = rules.minimumChapterFounders;
  if (!Number.isSafeInteger(founders) || founders < 1 || founders > MAX_CHAPTER_FOUNDERS) {
    problems.push({
      field: `${prefix}minimumChapterFounders`,
      message: `must be an integer from 1 to ${MAX_CHAPTER_FOUNDERS}`,
    });
  }
  return problems;
}

/** Interim rules in their one stored form: kinds trimmed and without repeats. */
export function normalizeInterimRules(rules: ProposedInterimRules): ProposedInterimRules {
  const allowedKinds = rules.decisions.allowedKinds?.map(normalizeLine) ?? null;
  return {
    decisions: {
      minimumSupport: { ...rules.decisions.minimumSupport },
      maximumObjections: rules.decisions.maximumObjections,
      allowedKinds: allowedKinds === null ? null : [...new Set(allowedKinds)],
    },
    minimumChapterFounders: rules.minimumChapterFounders,
  };
}

/** Whether two sets of interim rules say the same (after normalizing; the order of kinds does not matter). */
export function sameInterimRules(a: ProposedInterimRules, b: ProposedInterimRules): boolean {
  const canonical = (rules: ProposedInterimRules) => {
    const normalized = normalizeInterimRules(rules);
    const kinds = normalized.decisions.allowedKinds;
    return JSON.stringify({
      ...normalized,
      decisions: { ...normalized.decisions, allowedKinds: kinds === null ? null : [...kinds].sort() },
    });
  };
  return canonical(a) === canonical(b);
}
