import { FieldProblem, InvalidInputError } from '../../../core/src';
import { checkText } from '../../../core/src';
import { CLAUSE_MAX_LENGTH, CLAUSES_MAX_COUNT, normalizeText } from '../validation';

/**
 * A text made of numbered clauses is kept as a plain list: a clause's number is its position
 * (1-based), so renumbering after an insertion or a strike is implicit and cannot drift.
 */
export type Clauses = readonly string[];

/**
 * One change to a numbered text. Every operation of a set refers to the clause numbers of the
 * same base version, as delegates read them on paper; they are applied together, not one after
 * the other, so the order of replace and strike operations does not matter.
 */
export type ClauseOperation =
  /** Replaces the text of clause `clause`. */
  | { op: 'replace'; clause: number; text: string }
  /** Inserts a new clause after clause `clause`; 0 inserts before the first. Several after the same clause keep their order. */
  | { op: 'insert-after'; clause: number; text: string }
  /** Strikes clause `clause` out. */
  | { op: 'strike'; clause: number };

export const CLAUSE_OPERATIONS_MAX_COUNT = 200;

export function normalizeClauses(clauses: readonly string[]): string[] {
  return clauses.map((clause) => normalizeText(clause));
}

/** Problems with an (already normalized) list of clauses: at least one, none empty, none too long. */
export function checkClauses(field: string, clauses: readonly string[]): FieldProblem[] {
  if (!Array.isArray(clauses) || clauses.length === 0) return [{ field, message: 'must have at least one clause' }];
  if (clauses.length > CLAUSES_MAX_COUNT) return [{ field, message: `must have at most ${CLAUSES_MAX_COUNT} clauses` }];
  return clauses.flatMap((clause, index) =>
    checkText(`${field}[${index}]`, clause, 1, CLAUSE_MAX_LENGTH, 'A clause', true),
  );
}

/** Normalizes the texts an operation set carries (numbers are kept as given and checked on apply). */
export function normalizeOperations(operations: readonly ClauseOperation[]): ClauseOperation[] {
  return operations.map((operation) =>
    operation.op === 'strike'
      ? { op: 'strike', clause: operation.clause }
      : { op: operation.op, clause: operation.clause, text: normalizeText(operation.text) },
  );
}

/** Problems of an operation set against a base of `baseLength` clauses, field by field. */
export function checkOperations(
  field: string,
  operations: readonly ClauseOperation[],
  baseLength: number,
): FieldProblem[] {
  if (!Array.isArray(operations) || operations.length === 0) {
    return [{ field, message: 'must have at least one operation' }];
  }
  if (operations.length > CLAUSE_OPERATIONS_MAX_COUNT) {
    return [{ field, message: `must have at most ${CLAUSE_OPERATIONS_MAX_COUNT} operations` }];
  }
  const problems: FieldProblem[] = [];
  const touched = new Set<number>();
  operations.forEach((operation, index) => {
    const at = `${field}[${index}]`;
    const lowest = operation.op === 'insert-after' ? 0 : 1;
    if (!Number.isSafeInteger(operation.clause) || operation.clause < lowest || operation.clause > baseLength) {
      problems.push({ field: `${at}.clause`, message: `must be a clause number from ${lowest} to ${baseLength}` });
      return;
    }
    if (operation.op === 'replace' || operation.op === 'strike') {
      if (touched.has(operation.clause)) {
        problems.push({
          field: `${at}.clause`,
          message: `clause ${operation.clause} is already replaced or struck by this amendment`,
        });
      }
      touched.add(operation.clause);
    }
    if (operation.op === 'replace' || operation.op === 'insert-after') {
      problems.push(...checkText(`${at}.text`, operation.text, 1, CLAUSE_MAX_LENGTH, 'A clause', true));
    } else if (operation.op !== 'strike') {
      problems.push({ field: `${at}.op`, message: 'must be replace, insert-after or strike' });
    }
  });
  return problems;
}

/**
 * Applies a set of operations to a base text and renumbers: the text a proposal would have if the
 * amendment carried. Throws InvalidInputError (fields under `field`) when an operation does not fit
 * the base, when nothing would change, or when no clause would remain.
 */
export function applyClauseOperations(
  base: Clauses,
  operations: readonly ClauseOperation[],
  field = 'operations',
): string[] {
  const problems = checkOperations(field, operations, base.length);
  if (problems.length > 0) throw new InvalidInputError(problems);
  const insertedAfter = new Map<number, string[]>();
  const replaced = new Map<number, string>();
  const struck = new Set<number>();
  for (const operation of operations) {
    if (operation.op === 'insert-after') {
      insertedAfter.set(operation.clause, [...(insertedAfter.get(operation.clause) ?? []), operation.text]);
    } else if (operation.op === 'replace') {
      replaced.set(operation.clause, operation.text);
    } else {
      struck.add(operation.clause);
    }
  }
  const result: string[] = [...(insertedAfter.get(0) ?? [])];
  base.forEach((text, index) => {
    const number = index + 1;
    if (!struck.has(number)) result.push(replaced.get(number) ?? text);
    result.push(...(insertedAfter.get(number) ?? []));
  });
  if (result.length === 0) {
    throw new InvalidInputError([{ field, message: 'would strike every clause; a text keeps at least one' }]);
  }
  if (sameClauses(result, base)) {
    throw new InvalidInputError([{ field, message: 'would leave the text unchanged' }]);
  }
  return result;
}

export function sameClauses(left: Clauses, right: Clauses): boolean {
  return left.length === right.length && left.every((clause, index) => clause === right[index]);
}

/**
 * The consolidated text: every clause under its number, one clause a paragraph, later lines of a
 * clause indented under its number so the numbering stays unambiguous.
 */
export function consolidateClauses(clauses: Clauses): string {
  return clauses
    .map((text, index) => {
      const label = `${index + 1}. `;
      return label + text.split('\n').join(`\n${' '.repeat(label.length)}`);
    })
    .join('\n');
}
