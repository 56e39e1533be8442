import fc from 'fast-check';
import { InvalidInputError } from '../../../core/src';
import { ClauseOperation, applyClauseOperations, consolidateClauses, normalizeOperations } from './clauses';

const base = ['Members meet yearly.', 'Dues are voluntary.', 'Chapters elect delegates.'];

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems.map((problem) => problem.field);
  }
  throw new Error('expected an InvalidInputError');
}

describe('clause operations', () => {
  it('replaces, inserts and strikes against the base numbering, then renumbers', () => {
    expect(
      applyClauseOperations(base, [
        { op: 'strike', clause: 1 },
        { op: 'insert-after', clause: 1, text: 'Members may meet online.' },
        { op: 'replace', clause: 3, text: 'Chapters elect delegates by STV.' },
        { op: 'insert-after', clause: 0, text: 'This charter binds all chapters.' },
        { op: 'insert-after', clause: 1, text: 'Meetings are public.' },
      ]),
    ).toEqual([
      'This charter binds all chapters.',
      'Members may meet online.',
      'Meetings are public.',
      'Dues are voluntary.',
      'Chapters elect delegates by STV.',
    ]);
  });

  it('refuses numbers outside the base, a clause touched twice, and empty texts, field by field', () => {
    expect(
      problemsOf(() =>
        applyClauseOperations(base, [
          { op: 'replace', clause: 4, text: 'x' },
          { op: 'strike', clause: 2 },
          { op: 'replace', clause: 2, text: 'y' },
          { op: 'insert-after', clause: 3, text: '' },
          { op: 'strike', clause: 0 },
        ]),
      ),
    ).toEqual(['operations[0].clause', 'operations[2].clause', 'operations[3].text', 'operations[4].clause']);
  });

  it('refuses no operation, a change to nothing, and striking every clause', () => {
    expect(problemsOf(() => applyClauseOperations(base, []))).toEqual(['operations']);
    expect(problemsOf(() => applyClauseOperations(base, [{ op: 'replace', clause: 2, text: base[1] }]))).toEqual([
      'operations',
    ]);
    expect(
      problemsOf(() =>
        applyClauseOperations(base, [
          { op: 'strike', clause: 1 },
          { op: 'strike', clause: 2 },
          { op: 'strike', clause: 3 },
        ]),
      ),
    ).toEqual(['operations']);
  });

  it('consolidates as numbered paragraphs, indenting a clause’s later lines', () => {
    expect(consolidateClauses(['One.', 'Two:\na) first\nb) second'])).toBe(
      '1. One.\n2. Two:\n   a) first\n   b) second',
    );
  });

  it('normalizes operation texts', () => {
    expect(normalizeOperations([{ op: 'replace', clause: 1, text: '  Text\r\nmore ' }])).toEqual([
      { op: 'replace', clause: 1, text: 'Text\nmore' },
    ]);
  });

  const text = fc.stringMatching(/^[a-z][a-z ]{0,10}[a-z.]$/);
  const scenario = fc.array(text, { minLength: 1, maxLength: 8 }).chain((clauses) =>
    fc.record({
      clauses: fc.constant(clauses),
      operations: fc.array(
        fc.oneof(
          fc.record({ op: fc.constant('replace' as const), clause: fc.integer({ min: 1, max: clauses.length }), text }),
          fc.record({
            op: fc.constant('insert-after' as const),
            clause: fc.integer({ min: 0, max: clauses.length }),
            text,
          }),
          fc.record({ op: fc.constant('strike' as const), clause: fc.integer({ min: 1, max: clauses.length }) }),
        ),
        { minLength: 1, maxLength: 10 },
      ),
      shuffle: fc.array(fc.nat(), { minLength: 10, maxLength: 10 }),
    }),
  );

  const attempt = (clauses: string[], operations: ClauseOperation[]): string[] | string => {
    try {
      return applyClauseOperations(clauses, operations);
    } catch (error) {
      return (error as InvalidInputError).message;
    }
  };

  it('applying operations then consolidating is deterministic, whatever the order of replaces and strikes', () => {
    fc.assert(
      fc.property(scenario, ({ clauses, operations, shuffle }) => {
        const first = attempt(clauses, operations);
        expect(attempt([...clauses], structuredClone(operations))).toEqual(first);
        if (typeof first === 'string') return;
        expect(consolidateClauses(first)).toBe(consolidateClauses([...first]));
        // Inserts after the same clause keep their relative order; everything else may move freely.
        const reordered = operations
          .map((operation, index) => ({ operation, key: operation.op === 'insert-after' ? index : shuffle[index] }))
          .filter(({ operation }) => operation.op !== 'insert-after')
          .sort((left, right) => left.key - right.key)
          .map(({ operation }) => operation);
        const inserts = operations.filter((operation) => operation.op === 'insert-after');
        expect(attempt(clauses, [...reordered, ...inserts])).toEqual(first);
        const struck = operations.filter((operation) => operation.op === 'strike').length;
        expect(first.length).toBe(clauses.length + inserts.length - struck);
      }),
    );
  });
});
