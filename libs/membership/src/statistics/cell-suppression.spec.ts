import fc from 'fast-check';
import {
  LinkedCells,
  SumLine,
  Suppression,
  SuppressionReason,
  crossTabulationCells,
  suppressCrossTabulation,
  suppressSmallCells,
} from './cell-suppression';

// ---- Oracles written apart from the implementation -------------------------------------------

/** Exact rational arithmetic on BigInt, for an elimination that shares nothing with the code. */
type Fraction = readonly [bigint, bigint];
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const fraction = (n: bigint, d: bigint = 1n): Fraction => {
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return [(sign * n) / g, (sign * d) / g];
};
const sub = (a: Fraction, b: Fraction): Fraction => fraction(a[0] * b[1] - b[0] * a[1], a[1] * b[1]);
const mul = (a: Fraction, b: Fraction): Fraction => fraction(a[0] * b[0], a[1] * b[1]);
const div = (a: Fraction, b: Fraction): Fraction => fraction(a[0] * b[1], a[1] * b[0]);

/** Suppressed cells the published lines determine exactly (linear algebra over the rationals). */
function derivableByLinearAlgebra(table: LinkedCells, reasons: Suppression): number[] {
  const unknowns = reasons.flatMap((reason, cell) => (reason === null ? [] : [cell]));
  const column = new Map(unknowns.map((cell, index) => [cell, index]));
  const matrix: Fraction[][] = table.lines.map((line) => {
    const row: Fraction[] = unknowns.map(() => fraction(0n));
    const add = (cell: number, sign: bigint) => {
      const index = column.get(cell);
      if (index !== undefined) row[index] = fraction(row[index][0] + sign * row[index][1], row[index][1]);
    };
    add(line.total, 1n);
    for (const part of line.parts) add(part, -1n);
    return row;
  });
  let pivotRow = 0;
  const pivots: number[] = [];
  for (let c = 0; c < unknowns.length && pivotRow < matrix.length; c++) {
    const found = matrix.findIndex((row, r) => r >= pivotRow && row[c][0] !== 0n);
    if (found === -1) continue;
    [matrix[pivotRow], matrix[found]] = [matrix[found], matrix[pivotRow]];
    const lead = matrix[pivotRow][c];
    matrix[pivotRow] = matrix[pivotRow].map((value) => div(value, lead));
    for (let r = 0; r < matrix.length; r++) {
      if (r === pivotRow || matrix[r][c][0] === 0n) continue;
      const factor = matrix[r][c];
      matrix[r] = matrix[r].map((value, i) => sub(value, mul(factor, matrix[pivotRow][i])));
    }
    pivots.push(c);
    pivotRow++;
  }
  return pivots.filter((c, r) => matrix[r].every((value, i) => i === c || value[0] === 0n)).map((c) => unknowns[c]);
}

/**
 * How many values a suppressed member of one line can take, given the line's published members
 * and what the reasons say about the others (PRIMARY 1..k-1, COMPLEMENTARY k or more, without
 * an upper bound): the signed sum of the others ranges over an interval, so the member does too.
 */
function possibleValuesAlong(
  line: SumLine,
  cell: number,
  values: readonly number[],
  reasons: Suppression,
  k: number,
): number {
  const range = (reason: SuppressionReason): [number, number] => (reason === 'PRIMARY' ? [1, k - 1] : [k, Infinity]);
  // total − Σ parts = 0, written as Σ coefficient · value = 0.
  const coefficient = (member: number) => (member === line.total ? 1 : -1);
  let [othersLow, othersHigh] = [0, 0];
  for (const member of [line.total, ...line.parts]) {
    if (member === cell) continue;
    const reason = reasons[member];
    const [low, high] = reason === null ? [values[member], values[member]] : range(reason);
    const ends = [coefficient(member) * low, coefficient(member) * high];
    othersLow += Math.min(...ends);
    othersHigh += Math.max(...ends);
  }
  // coefficient(cell) · x = −others, so x lies in ±[−othersHigh, −othersLow].
  const [fromLineLow, fromLineHigh] = coefficient(cell) > 0 ? [-othersHigh, -othersLow] : [othersLow, othersHigh];
  const [ownLow, ownHigh] = range(reasons[cell]!);
  const low = Math.max(ownLow, fromLineLow);
  const high = Math.min(ownHigh, fromLineHigh);
  return high === Infinity ? Infinity : Math.max(0, high - low + 1);
}

/**
 * Cells pinned once the bounds are carried from line to line: for every suppressed member of
 * every line, the values it can take given the other members' current bounds (counted by
 * possibleValuesAlong's interval reasoning, done over again here member by member), repeated
 * until nothing tightens.
 */
function pinnedAcrossLines(table: LinkedCells, reasons: Suppression, k: number): number[] {
  const bounds = reasons.map((reason): [number, number] | null =>
    reason === null ? null : reason === 'PRIMARY' ? [1, k - 1] : [k, Infinity],
  );
  for (let round = 0; round < 200; round++) {
    let changed = false;
    for (const line of table.lines) {
      const all = [line.total, ...line.parts];
      for (const cell of all) {
        const own = bounds[cell];
        if (own === null) continue;
        // total = Σ parts: the cell's value is (Σ of one side) − (Σ of the rest of its side).
        let low = 0;
        let high = 0;
        for (const other of all) {
          if (other === cell) continue;
          const [otherLow, otherHigh] = bounds[other] ?? [table.values[other], table.values[other]];
          const sameSide = (other === line.total) === (cell === line.total);
          if (sameSide) {
            low -= otherHigh;
            high -= otherLow;
          } else {
            low += otherLow;
            high += otherHigh;
          }
        }
        const next: [number, number] = [Math.max(own[0], low), Math.min(own[1], high)];
        if (next[0] !== own[0] || next[1] !== own[1]) {
          bounds[cell] = next;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return bounds.flatMap((range, cell) => (range !== null && range[0] === range[1] ? [cell] : []));
}

/** Every property the published table must have; returns the first breach, or null. */
function breach(table: LinkedCells, reasons: Suppression, k: number): string | null {
  const { values, lines } = table;
  for (let cell = 0; cell < values.length; cell++) {
    const value = values[cell];
    if (reasons[cell] === null && value > 0 && value < k) return `cell ${cell} (${value}) published below k`;
    if (reasons[cell] !== null && value === 0) return `zero cell ${cell} suppressed`;
    if ((reasons[cell] === 'PRIMARY') !== (value > 0 && value < k)) return `cell ${cell} wrongly labelled`;
  }
  for (const [index, line] of lines.entries()) {
    const lineMembers = [line.total, ...line.parts];
    const suppressed = lineMembers.filter((cell) => reasons[cell] !== null);
    if (suppressed.length === 1) return `line ${index} has one suppressed cell, ${suppressed[0]}`;
    const everythingHidden = lineMembers.every((cell) => values[cell] === 0 || reasons[cell] !== null);
    if (everythingHidden) continue;
    for (const cell of suppressed)
      if (possibleValuesAlong(line, cell, values, reasons, k) < 2) return `line ${index} pins cell ${cell}`;
  }
  // A cell pinned across lines is allowed only where nothing non-zero is left to hide: not in
  // its own lines, nor in the lines of the suppressed cells it shares one with.
  const linesOf = (cell: number) => lines.filter((line) => line.total === cell || line.parts.includes(cell));
  for (const cell of pinnedAcrossLines(table, reasons, k)) {
    const near = linesOf(cell).flatMap((line) => [line.total, ...line.parts]);
    const around = near.filter((other) => reasons[other] !== null).flatMap(linesOf);
    const hideable = around
      .flatMap((line) => [line.total, ...line.parts])
      .filter((other) => reasons[other] === null && values[other] > 0);
    if (hideable.length > 0) return `cell ${cell} pinned across lines while ${hideable[0]} could hide it`;
  }
  const derivable = derivableByLinearAlgebra(table, reasons);
  if (derivable.length > 0) return `cells ${derivable.join(', ')} derivable from all lines together`;
  return null;
}

// ---- Generators ------------------------------------------------------------------------------

/** Counts with many zeros and small groups, as a membership table has. */
const count = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 3, arbitrary: fc.integer({ min: 7, max: 40 }) },
);
const crossTab = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).chain(([rows, columns]) =>
  fc.array(fc.array(count, { minLength: columns, maxLength: columns }), {
    minLength: rows,
    maxLength: rows,
  }),
);
const minimumSize = fc.integer({ min: 3, max: 6 });

/**
 * A hierarchy as the statistics publish it: chapters within branches within the whole, and
 * the same whole split by region, all one set of linked cells.
 */
const hierarchy = fc
  .record({
    branches: fc.array(fc.array(count, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
    regionShares: fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 20 }),
  })
  .map(({ branches, regionShares }): LinkedCells => {
    const values: number[] = [];
    const lines: SumLine[] = [];
    const add = (value: number) => values.push(value) - 1;
    const grand = add(branches.flat().reduce((sum, value) => sum + value, 0));
    const branchCells = branches.map((chapters) => {
      const total = add(chapters.reduce((sum, value) => sum + value, 0));
      lines.push({ total, parts: chapters.map(add) });
      return total;
    });
    lines.push({ total: grand, parts: branchCells });
    // Regions: deal the members out by the generated shares.
    const regions = Math.max(...regionShares) + 1;
    const regionCounts = Array.from({ length: regions }, () => 0);
    for (let member = 0; member < values[grand]; member++) regionCounts[regionShares[member % regionShares.length]]++;
    lines.push({ total: grand, parts: regionCounts.map(add) });
    return { values, lines };
  });

// ---- Tests -----------------------------------------------------------------------------------

describe('small-cell suppression', () => {
  it('suppresses a small cell and the smallest complements that keep it from being subtracted back', () => {
    const result = suppressCrossTabulation(
      {
        cells: [
          [20, 3, 15],
          [12, 30, 9],
          [8, 11, 25],
        ],
      },
      5,
    );
    // 3 is primary. Its row's smallest other cell is 15, its column's 11; 15's column then
    // needs a second one (9), 11's row one too (8), 9's row one (12): every row and column now
    // hides two cells or none.
    expect(result.cells.map((row) => row.map((cell) => cell.suppressed))).toEqual([
      [null, 'PRIMARY', 'COMPLEMENTARY'],
      ['COMPLEMENTARY', null, 'COMPLEMENTARY'],
      ['COMPLEMENTARY', 'COMPLEMENTARY', null],
    ]);
    expect(result.cells[0][1]).toEqual({ count: null, suppressed: 'PRIMARY' });
    // The row and column totals are published: each line hides two cells, so neither follows.
    expect(result.rowTotals.map((cell) => cell.count)).toEqual([38, 51, 44]);
    expect(result.columnTotals.map((cell) => cell.count)).toEqual([40, 44, 49]);
    expect(result.grandTotal).toEqual({ count: 133, suppressed: null });
    const linked = crossTabulationCells({
      cells: [
        [20, 3, 15],
        [12, 30, 9],
        [8, 11, 25],
      ],
    });
    expect(breach(linked, suppressSmallCells(linked, 5), 5)).toBeNull();
  });

  it('publishes zeros, never uses one as a complement, and suppresses a total instead', () => {
    // Row 0 is one small group beside two empty ones: nothing non-zero to hide it with but the
    // row total, which then needs its own complement in the column of totals.
    const result = suppressCrossTabulation(
      {
        cells: [
          [2, 0, 0],
          [10, 20, 30],
          [10, 20, 30],
        ],
      },
      5,
    );
    expect(result.cells[0].map((cell) => cell.count)).toEqual([null, 0, 0]);
    expect(result.cells[0][1].suppressed).toBeNull();
    expect(result.rowTotals[0]).toEqual({ count: null, suppressed: 'PRIMARY' });
    const linked = crossTabulationCells({
      cells: [
        [2, 0, 0],
        [10, 20, 30],
        [10, 20, 30],
      ],
    });
    expect(breach(linked, suppressSmallCells(linked, 5), 5)).toBeNull();
  });

  it('does not let two small groups pin each other along their line', () => {
    // A branch of 2 members in two chapters: the reasons alone say each chapter has 1. With a
    // total published beside it the branch line would pin them; it is hidden, which is all that
    // can be done (every non-zero member of that line is suppressed).
    const table: LinkedCells = {
      values: [22, 2, 1, 1, 20, 8, 12],
      lines: [
        { total: 0, parts: [1, 4] },
        { total: 1, parts: [2, 3] },
        { total: 4, parts: [5, 6] },
      ],
    };
    const reasons = suppressSmallCells(table, 5);
    expect(reasons.slice(1, 4)).toEqual(['PRIMARY', 'PRIMARY', 'PRIMARY']);
    // The whole's line had one suppressed member (the branch): the other branch is hidden too.
    expect(reasons[4]).toBe('COMPLEMENTARY');
    expect(breach(table, reasons, 5)).toBeNull();
  });

  it('takes a complement whose count exceeds k when a line would otherwise pin the small cell', () => {
    // 1 + 5 = 6: with the complement labelled "at least 5", the small cell could only be 1.
    const table: LinkedCells = { values: [46, 1, 5, 40], lines: [{ total: 0, parts: [1, 2, 3] }] };
    const reasons = suppressSmallCells(table, 5);
    expect(reasons).toEqual([null, 'PRIMARY', 'COMPLEMENTARY', 'COMPLEMENTARY']);
    expect(breach(table, reasons, 5)).toBeNull();
  });

  it('suppresses everything when the whole table is smaller than k', () => {
    const result = suppressCrossTabulation({ cells: [[1, 2]] }, 5);
    expect(result.grandTotal.suppressed).toBe('PRIMARY');
    expect(result.cells[0].every((cell) => cell.count === null)).toBe(true);
  });

  it('refuses a k below 3 and tables that do not add up', () => {
    expect(() => suppressSmallCells({ values: [1], lines: [] }, 2)).toThrow(/at least 3/);
    expect(() => suppressSmallCells({ values: [5, 2, 2], lines: [{ total: 0, parts: [1, 2] }] }, 5)).toThrow(
      /does not add up/,
    );
    expect(() => suppressSmallCells({ values: [-1], lines: [] }, 5)).toThrow(/not a count/);
  });

  it('property: in any cross-tabulation no small count is published, and none can be derived from its row, its column or all lines together', () => {
    fc.assert(
      fc.property(crossTab, minimumSize, (cells, k) => {
        const linked = crossTabulationCells({ cells });
        const reasons = suppressSmallCells(linked, k);
        const problem = breach(linked, reasons, k);
        if (problem !== null) throw new Error(`${problem} in ${JSON.stringify(cells)} with k = ${k}`);
        // The published values are the true ones.
        const published = suppressCrossTabulation({ cells }, k);
        published.cells.forEach((row, r) =>
          row.forEach((cell, c) => expect(cell.count === null || cell.count === cells[r][c]).toBe(true)),
        );
        // Deterministic: the same counts always give the same pattern.
        expect(suppressSmallCells(linked, k)).toEqual(reasons);
      }),
      { numRuns: 400 },
    );
  });

  it('property: the same holds for chapters within branches within the whole, split by region as well', () => {
    fc.assert(
      fc.property(hierarchy, minimumSize, (table, k) => {
        const reasons = suppressSmallCells(table, k);
        const problem = breach(table, reasons, k);
        if (problem !== null) throw new Error(`${problem} in ${JSON.stringify(table)} with k = ${k}`);
      }),
      { numRuns: 400 },
    );
  });
});
