import { ClauseOperation, Clauses, applyClauseOperations } from './clauses';

/**
 * A clause with an identity that survives renumbering: a clause keeps its identity through a
 * replace (its text changes, it is still the same clause) and loses it only when struck; an
 * inserted clause gets a new identity. `shapedBy` is whatever last set the clause's text (the
 * proposal for an untouched clause, the amendment for a replaced or inserted one).
 */
export interface TrackedClause<Origin> {
  readonly identity: string;
  readonly text: string;
  readonly shapedBy: Origin;
}

/** The clauses of a proposal as adopted unamended: every clause shaped by the proposal. */
export function trackClauses<Origin>(clauses: Clauses, source: string, shapedBy: Origin): TrackedClause<Origin>[] {
  return clauses.map((text, index) => ({ identity: `${source}#${index + 1}`, text, shapedBy }));
}

/**
 * Applies an amendment's operations to tracked clauses, with the same rules (and the same
 * InvalidInputError) as applyClauseOperations; clauses it replaces or inserts are shaped by
 * `shapedBy`, and an inserted clause's identity is `${source}+${operation index}`.
 */
export function applyTrackedOperations<Origin>(
  base: readonly TrackedClause<Origin>[],
  operations: readonly ClauseOperation[],
  source: string,
  shapedBy: Origin,
): TrackedClause<Origin>[] {
  applyClauseOperations(
    base.map((clause) => clause.text),
    operations,
  );
  const insertedAfter = new Map<number, TrackedClause<Origin>[]>();
  const replaced = new Map<number, string>();
  const struck = new Set<number>();
  operations.forEach((operation, index) => {
    if (operation.op === 'insert-after') {
      const inserted = { identity: `${source}+${index}`, text: operation.text, shapedBy };
      insertedAfter.set(operation.clause, [...(insertedAfter.get(operation.clause) ?? []), inserted]);
    } else if (operation.op === 'replace') {
      replaced.set(operation.clause, operation.text);
    } else {
      struck.add(operation.clause);
    }
  });
  const result: TrackedClause<Origin>[] = [...(insertedAfter.get(0) ?? [])];
  base.forEach((clause, index) => {
    const number = index + 1;
    if (!struck.has(number)) {
      const text = replaced.get(number);
      result.push(text === undefined ? clause : { identity: clause.identity, text, shapedBy });
    }
    result.push(...(insertedAfter.get(number) ?? []));
  });
  return result;
}

export type ClauseDiffEntry =
  | { change: 'unchanged'; identity: string; fromNumber: number; toNumber: number; text: string }
  | { change: 'changed'; identity: string; fromNumber: number; toNumber: number; oldText: string; newText: string }
  | { change: 'added'; identity: string; toNumber: number; newText: string }
  | { change: 'removed'; identity: string; fromNumber: number; oldText: string };

/**
 * Clause-by-clause diff of two versions of one rule, aligned by clause identity (not by line
 * order): in the order of `to`, each removed clause right after the clause that preceded it in
 * `from`. Diffing a version with itself gives every clause unchanged.
 */
export function diffClauses(
  from: readonly TrackedClause<unknown>[],
  to: readonly TrackedClause<unknown>[],
): ClauseDiffEntry[] {
  const toNumbers = new Map(to.map((clause, index) => [clause.identity, index + 1]));
  const fromNumbers = new Map(from.map((clause, index) => [clause.identity, index + 1]));
  const removedAfter = new Map<string | null, ClauseDiffEntry[]>();
  let previous: string | null = null;
  from.forEach((clause, index) => {
    if (toNumbers.has(clause.identity)) {
      previous = clause.identity;
      return;
    }
    const entry: ClauseDiffEntry = {
      change: 'removed',
      identity: clause.identity,
      fromNumber: index + 1,
      oldText: clause.text,
    };
    removedAfter.set(previous, [...(removedAfter.get(previous) ?? []), entry]);
  });
  const entries: ClauseDiffEntry[] = [...(removedAfter.get(null) ?? [])];
  to.forEach((clause, index) => {
    const fromNumber = fromNumbers.get(clause.identity);
    if (fromNumber === undefined) {
      entries.push({ change: 'added', identity: clause.identity, toNumber: index + 1, newText: clause.text });
    } else {
      const oldText = from[fromNumber - 1].text;
      entries.push(
        oldText === clause.text
          ? { change: 'unchanged', identity: clause.identity, fromNumber, toNumber: index + 1, text: oldText }
          : {
              change: 'changed',
              identity: clause.identity,
              fromNumber,
              toNumber: index + 1,
              oldText,
              newText: clause.text,
            },
      );
    }
    entries.push(...(removedAfter.get(clause.identity) ?? []));
  });
  return entries;
}

/** The texts of the later version, rebuilt from a diff: what a reader of the diff can check. */
export function clausesAfterDiff(diff: readonly ClauseDiffEntry[]): string[] {
  return diff.flatMap((entry) =>
    entry.change === 'removed' ? [] : [entry.change === 'unchanged' ? entry.text : entry.newText],
  );
}

/** The texts of the earlier version, rebuilt from a diff. */
export function clausesBeforeDiff(diff: readonly ClauseDiffEntry[]): string[] {
  return diff
    .filter((entry) => entry.change !== 'added')
    .sort((left, right) => (left as { fromNumber: number }).fromNumber - (right as { fromNumber: number }).fromNumber)
    .map((entry) => (entry.change === 'unchanged' ? entry.text : (entry as { oldText: string }).oldText));
}

/**
 * A full redraft (an amend-rule proposal's clauses are the rule's whole new text, not operations):
 * a clause of the redraft whose text is unchanged from the base keeps its identity and its blame,
 * matched along the longest common subsequence so order is respected; between two such clauses,
 * the clauses in the same place are taken as reworded (same identity, shaped by the redraft) and
 * any extra ones as new, with identity `${source}#${number}`.
 */
export function trackRedraft<Origin>(
  base: readonly TrackedClause<Origin>[],
  clauses: Clauses,
  source: string,
  shapedBy: Origin,
): TrackedClause<Origin>[] {
  const common: number[][] = Array.from({ length: base.length + 1 }, () =>
    new Array<number>(clauses.length + 1).fill(0),
  );
  for (let i = base.length - 1; i >= 0; i -= 1) {
    for (let j = clauses.length - 1; j >= 0; j -= 1) {
      common[i][j] =
        base[i].text === clauses[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const anchors: [number, number][] = [];
  for (let i = 0, j = 0; i < base.length && j < clauses.length;) {
    if (base[i].text === clauses[j]) {
      anchors.push([i, j]);
      i += 1;
      j += 1;
    } else if (common[i + 1][j] >= common[i][j + 1]) i += 1;
    else j += 1;
  }
  anchors.push([base.length, clauses.length]);
  const result: TrackedClause<Origin>[] = [];
  let [i, j] = [0, 0];
  for (const [anchorBase, anchorRedraft] of anchors) {
    // Between two unchanged clauses, the clauses in the same place are the same clauses reworded.
    for (; j < anchorRedraft; i += 1, j += 1) {
      result.push(
        i < anchorBase
          ? { identity: base[i].identity, text: clauses[j], shapedBy }
          : { identity: `${source}#${j + 1}`, text: clauses[j], shapedBy },
      );
    }
    if (anchorRedraft < clauses.length) result.push(base[anchorBase]);
    [i, j] = [anchorBase + 1, anchorRedraft + 1];
  }
  return result;
}

/** The clauses of `base` that `result` no longer has (struck, or left out of a redraft), in base order. */
export function removedClauses<Origin>(
  base: readonly TrackedClause<Origin>[],
  result: readonly TrackedClause<unknown>[],
): TrackedClause<Origin>[] {
  const kept = new Set(result.map((clause) => clause.identity));
  return base.filter((clause) => !kept.has(clause.identity));
}
