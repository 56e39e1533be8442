import { FieldProblem } from '../../core/src';
import { Rational, Threshold } from '../../voting/src';
import { VoteRules } from './facts';

function checkFraction(field: string, value: unknown): FieldProblem[] {
  try {
    const fraction = Rational.from(value as string);
    return fraction.isNegative() || fraction.gt(Rational.ONE) ? [{ field, message: 'must be from 0 to 1' }] : [];
  } catch {
    return [{ field, message: 'must be a fraction such as "2/3"' }];
  }
}

export function checkVoteRules(rules: VoteRules): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const threshold = rules.threshold as Threshold;
  const kinds = ['simple-majority', 'two-thirds', 'absolute-majority', 'fraction'];
  if (!kinds.includes(threshold?.kind)) {
    problems.push({ field: 'rules.threshold.kind', message: `must be one of ${kinds.join(', ')}` });
  } else if (threshold.kind === 'fraction') {
    problems.push(...checkFraction('rules.threshold.fraction', threshold.fraction));
    if (!['cast', 'cast-and-abstentions', 'present', 'electorate'].includes(threshold.of)) {
      problems.push({
        field: 'rules.threshold.of',
        message: 'must be cast, cast-and-abstentions, present or electorate',
      });
    }
    if (threshold.comparison !== 'more-than' && threshold.comparison !== 'at-least') {
      problems.push({ field: 'rules.threshold.comparison', message: 'must be more-than or at-least' });
    }
  }
  if (rules.quorum !== null) {
    problems.push(...checkFraction('rules.quorum.fraction', rules.quorum.fraction));
    if (rules.quorum.of !== 'electorate' && rules.quorum.of !== 'present') {
      problems.push({ field: 'rules.quorum.of', message: 'must be electorate or present' });
    }
  }
  return problems;
}
