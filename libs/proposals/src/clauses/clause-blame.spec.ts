import fc from 'fast-check';
import { ClauseOperation, applyClauseOperations } from './clauses';
import {
  TrackedClause,
  applyTrackedOperations,
  clausesAfterDiff,
  clausesBeforeDiff,
  diffClauses,
  removedClauses,
  trackClauses,
  trackRedraft,
} from './clause-blame';

const texts = (clauses: readonly TrackedClause<string>[]) => clauses.map((clause) => clause.text);

describe('clause blame', () => {
  const v1 = trackClauses(['Members meet yearly.', 'Dues are voluntary.', 'Chapters elect delegates.'], 'p', 'P');

  it('names the proposal for every clause of an unamended version', () => {
    expect(v1.map((clause) => [clause.identity, clause.shapedBy])).toEqual([
      ['p#1', 'P'],
      ['p#2', 'P'],
      ['p#3', 'P'],
    ]);
  });

  it('names the amendment that replaced or inserted a clause, and keeps a replaced clause’s identity', () => {
    const v2 = applyTrackedOperations(
      v1,
      [
        { op: 'replace', clause: 3, text: 'Chapters elect delegates by STV.' },
        { op: 'insert-after', clause: 0, text: 'This charter binds all chapters.' },
        { op: 'strike', clause: 2 },
      ],
      'a',
      'A',
    );
    expect(v2).toEqual([
      { identity: 'a+1', text: 'This charter binds all chapters.', shapedBy: 'A' },
      { identity: 'p#1', text: 'Members meet yearly.', shapedBy: 'P' },
      { identity: 'p#3', text: 'Chapters elect delegates by STV.', shapedBy: 'A' },
    ]);
    expect(diffClauses(v1, v2)).toEqual([
      { change: 'added', identity: 'a+1', toNumber: 1, newText: 'This charter binds all chapters.' },
      { change: 'unchanged', identity: 'p#1', fromNumber: 1, toNumber: 2, text: 'Members meet yearly.' },
      { change: 'removed', identity: 'p#2', fromNumber: 2, oldText: 'Dues are voluntary.' },
      {
        change: 'changed',
        identity: 'p#3',
        fromNumber: 3,
        toNumber: 3,
        oldText: 'Chapters elect delegates.',
        newText: 'Chapters elect delegates by STV.',
      },
    ]);
  });

  it('lists the clauses an amendment struck, in base order, and none it only reworded', () => {
    const v2 = applyTrackedOperations(
      v1,
      [
        { op: 'strike', clause: 3 },
        { op: 'replace', clause: 2, text: 'Dues are one euro.' },
        { op: 'strike', clause: 1 },
      ],
      'a',
      'A',
    );
    expect(removedClauses(v1, v2).map((clause) => clause.identity)).toEqual(['p#1', 'p#3']);
    expect(removedClauses(v2, v2)).toEqual([]);
  });

  it('aligns by identity, not by line order: a strike plus an insert is not a change of that clause', () => {
    const v2 = applyTrackedOperations(
      v1,
      [
        { op: 'strike', clause: 1 },
        { op: 'insert-after', clause: 1, text: 'Members meet online.' },
      ],
      'a',
      'A',
    );
    expect(texts(v2)).toEqual(['Members meet online.', 'Dues are voluntary.', 'Chapters elect delegates.']);
    expect(diffClauses(v1, v2).map((entry) => entry.change)).toEqual(['removed', 'added', 'unchanged', 'unchanged']);
  });

  const text = fc.stringMatching(/^[a-z][a-z ]{0,10}[a-z.]$/);
  const operationsFor = (length: number) =>
    fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('replace' as const), clause: fc.integer({ min: 1, max: length }), text }),
        fc.record({ op: fc.constant('insert-after' as const), clause: fc.integer({ min: 0, max: length }), text }),
        fc.record({ op: fc.constant('strike' as const), clause: fc.integer({ min: 1, max: length }) }),
      ),
      { minLength: 1, maxLength: 8 },
    );
  const amend = (base: TrackedClause<string>[], operations: ClauseOperation[], source: string) => {
    try {
      return applyTrackedOperations(base, operations, source, source);
    } catch {
      return base;
    }
  };
  const history = fc
    .array(text, { minLength: 1, maxLength: 8 })
    .chain((clauses) =>
      fc.tuple(fc.constant(clauses), operationsFor(clauses.length), operationsFor(clauses.length + 8)),
    );

  it('tracked operations give the same texts as applyClauseOperations, and the diff of v1→v3 rebuilds both ends', () => {
    fc.assert(
      fc.property(history, ([clauses, first, second]) => {
        const start = trackClauses(clauses, 'p', 'p');
        const middle = amend(start, first, 'a');
        if (middle !== start) expect(texts(middle)).toEqual(applyClauseOperations(clauses, first));
        const end = amend(middle, second, 'b');
        for (const [from, to] of [
          [start, end],
          [middle, end],
          [start, middle],
          [end, end],
        ]) {
          const diff = diffClauses(from, to);
          expect(clausesAfterDiff(diff)).toEqual(texts(to));
          expect(clausesBeforeDiff(diff)).toEqual(texts(from));
        }
        expect(diffClauses(end, end).every((entry) => entry.change === 'unchanged')).toBe(true);
        // Every clause is blamed on what last set its text: untouched clauses stay the proposal's.
        for (const clause of end) {
          expect(['p', 'a', 'b']).toContain(clause.shapedBy);
          if (clause.shapedBy === 'p') expect(clauses).toContain(clause.text);
        }
      }),
    );
  });
});

describe('clause blame across a full redraft', () => {
  it('keeps identity and blame of unchanged clauses in order, takes clauses in between as reworded, the rest as new', () => {
    const v1 = applyTrackedOperations(
      trackClauses(['One.', 'Two.', 'Three.'], 'p', 'P'),
      [{ op: 'replace', clause: 2, text: 'Two, amended.' }],
      'a',
      'A',
    );
    expect(trackRedraft(v1, ['Zero.', 'One.', 'Two, amended.', 'Three, redrafted.'], 'q', 'Q')).toEqual([
      { identity: 'q#1', text: 'Zero.', shapedBy: 'Q' },
      { identity: 'p#1', text: 'One.', shapedBy: 'P' },
      { identity: 'p#2', text: 'Two, amended.', shapedBy: 'A' },
      { identity: 'p#3', text: 'Three, redrafted.', shapedBy: 'Q' },
    ]);
  });

  it('a redraft’s texts are exactly the clauses given, and a diff from the base rebuilds both', () => {
    const text = fc.constantFrom('a.', 'b.', 'c.', 'd.');
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 8 }),
        fc.array(text, { minLength: 1, maxLength: 8 }),
        (before, after) => {
          const base = trackClauses(before, 'p', 'p');
          const redraft = trackRedraft(base, after, 'q', 'q');
          expect(texts(redraft)).toEqual(after);
          expect(new Set(redraft.map((clause) => clause.identity)).size).toBe(redraft.length);
          const diff = diffClauses(base, redraft);
          expect(clausesAfterDiff(diff)).toEqual(after);
          expect(clausesBeforeDiff(diff)).toEqual(before);
          // A changed clause is never one the redraft left as it was.
          for (const entry of diff) if (entry.change === 'changed') expect(entry.oldText).not.toBe(entry.newText);
        },
      ),
    );
  });
});
