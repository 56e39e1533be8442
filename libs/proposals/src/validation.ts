import { FieldProblem, InvalidInputError } from '../../core/src';
import { checkInstant, checkText, normalizeLine } from '../../core/src';

export { canonicalInstant, checkInstant, compareInstants, normalizeLine, normalizeText } from '../../core/src';

export const TITLE_MAX_LENGTH = 200;
export const CLAUSE_MAX_LENGTH = 5000;
export const CLAUSES_MAX_COUNT = 500;

export function checkId(field: string, value: string): FieldProblem[] {
  return typeof value !== 'string' || value.trim().length === 0 ? [{ field, message: 'must not be empty' }] : [];
}

export function checkTitle(field: string, value: string): FieldProblem[] {
  return checkText(field, normalizeLine(value), 1, TITLE_MAX_LENGTH, 'A title');
}

export function checkCount(field: string, value: number, min: number): FieldProblem[] {
  return Number.isSafeInteger(value) && value >= min
    ? []
    : [{ field, message: `must be a whole number of at least ${min}` }];
}

/** Throws every collected problem at once, so a caller fixes them in one round trip. */
export function rejectProblems(...lists: FieldProblem[][]): void {
  const problems = lists.flat();
  if (problems.length > 0) throw new InvalidInputError(problems);
}

export function checkAt(field: string, value: string): FieldProblem[] {
  return checkInstant(field, value);
}
