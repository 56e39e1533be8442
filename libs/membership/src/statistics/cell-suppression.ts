/**
 * Small-cell suppression for published counts (k-anonymity of aggregate tables).
 *
 * A table is a set of cells, totals included, and the sum lines that tie them together: each
 * line says `values[total] = Σ values[parts]`. A cross-tabulation has one line per row, one per
 * column and one for the grand total; a hierarchy (chapters within branches within the whole)
 * has one line per parent. Several tables of the same counts that someone could read side by
 * side are one set of linked cells, suppressed together, so that no combination of them gives a
 * small group away.
 *
 * Rules, applied until nothing changes:
 *
 * 1. **Primary**: every cell (total or not) with `0 < count < k`.
 * 2. **Complementary, along a line**: a line with exactly one suppressed member (its total
 *    counted as a member) would give it back by subtraction, so the smallest published non-zero
 *    member of that line is suppressed too.
 * 3. **No pinning by bounds**: a reader knows more than the sums. PRIMARY says a cell lies in
 *    1..k-1 and COMPLEMENTARY that it is at least k (complements are only ever chosen among
 *    published non-zero cells, which are at least k). Those bounds, tightened line after line
 *    (a branch of 4 = 3 published + a small chapter says 4 or 5; the whole of 5 = the branch +
 *    one small group says 3 or 4; so the branch is 4), must leave every suppressed cell at
 *    least two possible values. A pinned cell gets another complement from its own lines (the
 *    smallest whose count exceeds k, which widens the range, else the smallest), or from the
 *    lines of the suppressed cells beside it. When nothing non-zero is left to hide there, the
 *    labels themselves say it (two PRIMARY chapters under a PRIMARY branch of 2 members are one
 *    each): that is the price of publishing the reasons, and k ≥ 3 keeps it rare.
 * 4. **No derivation across lines**: two suppressed cells in every line is not enough on its own
 *    (a suppressed cell that bridges two suppressed rectangles is the sum and difference of their
 *    lines). The lines are solved as a linear system over the suppressed cells; a cell the system
 *    determines gets another complement, from its own lines first.
 *
 * Zero cells are published as 0 and never suppressed: an empty group says nothing about anyone,
 * and its zero is often public anyway (a chapter not founded yet, or closed). For the same
 * reason a zero is never chosen as a complement and never counts as one of a line's two
 * suppressed members: hiding a zero that a reader can learn elsewhere protects nothing.
 *
 * Deterministic: the same cells in the same order always give the same suppression, so two
 * queries over the same counts never publish two different patterns that could be combined.
 */

export type SuppressionReason = 'PRIMARY' | 'COMPLEMENTARY';

/** `values[total] = Σ values[parts]`, by index into the table's cells. */
export interface SumLine {
  readonly total: number;
  readonly parts: readonly number[];
}

/** Counts (non-negative whole numbers, totals included) and the sum lines between them. */
export interface LinkedCells {
  readonly values: readonly number[];
  readonly lines: readonly SumLine[];
}

/** Per cell: null when published, else why it is suppressed. */
export type Suppression = readonly (SuppressionReason | null)[];

/** The smallest minimum cell size that means anything: with k = 2 a PRIMARY cell is exactly 1. */
export const MINIMUM_K = 3;

/**
 * Which cells of `table` to suppress so that no group of 1..k-1 can be read or derived from
 * the published cells, their sum lines and the suppression reasons.
 */
export function suppressSmallCells(table: LinkedCells, k: number): Suppression {
  checkTable(table, k);
  const { values, lines } = table;
  const reasons: (SuppressionReason | null)[] = values.map((value) => (value > 0 && value < k ? 'PRIMARY' : null));
  const linesOf: number[][] = values.map(() => []);
  lines.forEach((line, index) => {
    for (const cell of members(line)) linesOf[cell].push(index);
  });

  const suppress = (cell: number): void => {
    reasons[cell] = 'COMPLEMENTARY';
  };
  /** Published non-zero members of the given lines: the cells a complement may be taken from. */
  const candidates = (lineIndexes: Iterable<number>): number[] => {
    const found = new Set<number>();
    for (const index of lineIndexes)
      for (const cell of members(lines[index])) if (reasons[cell] === null && values[cell] > 0) found.add(cell);
    return [...found];
  };
  const smallest = (cells: readonly number[], prefer: (cell: number) => boolean = () => true): number | undefined => {
    const ordered = [...cells].sort((a, b) => values[a] - values[b] || a - b);
    return ordered.find(prefer) ?? ordered[0];
  };

  // Pinned cells nothing more can be hidden around (rule 3).
  const accepted = new Set<number>();
  for (;;) {
    // Rule 2 first, to a fixed point: it is cheap and does most of the work.
    let changed = true;
    while (changed) {
      changed = false;
      lines.forEach((line, index) => {
        const suppressedMembers = members(line).filter((cell) => reasons[cell] !== null);
        if (suppressedMembers.length !== 1) return;
        const complement = smallest(candidates([index]));
        // A line's members sum to zero with signs, so one non-zero suppressed member always has
        // a non-zero partner; none left would mean the line does not hold.
        if (complement === undefined) throw new Error('a sum line does not add up');
        suppress(complement);
        changed = true;
      });
    }

    // Rule 3: the bounds the reasons give away, carried from line to line.
    const pinned = pinnedCells(table, reasons, k).find((cell) => !accepted.has(cell));
    if (pinned !== undefined) {
      // Its own lines first; then the lines of the suppressed cells it shares a line with, which
      // bound it through theirs.
      const own = candidates(linesOf[pinned]);
      const neighbours = linesOf[pinned].flatMap((index) =>
        members(lines[index]).filter((cell) => reasons[cell] !== null && cell !== pinned),
      );
      const options = own.length > 0 ? own : candidates(neighbours.flatMap((cell) => linesOf[cell]));
      if (options.length > 0) suppress(smallest(options, (cell) => values[cell] > k)!);
      // Nothing non-zero is left to hide around it: the reasons themselves say its count.
      else accepted.add(pinned);
      continue;
    }

    // Rule 4: across lines.
    const determined = determinedCells(table, reasons).find((cell) => reasons[cell] !== null);
    if (determined === undefined) break;
    const own = candidates(linesOf[determined]);
    const near = own.length > 0 ? own : candidates(linesTouchingSuppressed(reasons, linesOf));
    const anywhere =
      near.length > 0 ? near : values.flatMap((value, cell) => (reasons[cell] === null && value > 0 ? [cell] : []));
    const complement = smallest(anywhere);
    // Every non-zero cell suppressed leaves the system no way to fix any of them (the true
    // table scaled is another solution), so a determined cell always has a candidate.
    if (complement === undefined) throw new Error('a suppressed cell is determined with every cell suppressed');
    suppress(complement);
  }
  return reasons;
}

/** The total first, then the parts: every cell a line ties together. */
function members(line: SumLine): number[] {
  return [line.total, ...line.parts];
}

function linesTouchingSuppressed(reasons: Suppression, linesOf: readonly number[][]): number[] {
  const touched = new Set<number>();
  reasons.forEach((reason, cell) => {
    if (reason !== null) for (const index of linesOf[cell]) touched.add(index);
  });
  return [...touched];
}

/** What the reason tells a reader about a suppressed cell's count. */
export function boundsOf(reason: SuppressionReason, k: number): { low: number; high: number } {
  return reason === 'PRIMARY' ? { low: 1, high: k - 1 } : { low: k, high: Number.POSITIVE_INFINITY };
}

type Bounds = { low: number; high: number };

/** How many rounds of tightening the bounds may take; each round visits every line once. */
const MAX_TIGHTENING_ROUNDS = 64;

/**
 * Suppressed cells a reader can pin to one value: starting from what each reason says, every
 * line `total − Σ parts = 0` bounds each of its suppressed members by the others' bounds and
 * its published members; the bounds are tightened line after line until they hold still (or
 * for at most MAX_TIGHTENING_ROUNDS rounds). The values one line leaves a member form an
 * interval, so this is exact for each line, and sound (never too tight) across lines.
 */
export function pinnedCells(table: LinkedCells, reasons: Suppression, k: number): number[] {
  const { values, lines } = table;
  const bounds: (Bounds | null)[] = reasons.map((reason) => (reason === null ? null : boundsOf(reason, k)));
  for (let round = 0; round < MAX_TIGHTENING_ROUNDS; round++) {
    let tightened = false;
    for (const line of lines) {
      const lineMembers = members(line);
      if (!lineMembers.some((cell) => bounds[cell] !== null)) continue;
      // Σ coefficient · value over the members, as an interval: coefficient +1 for the total,
      // −1 for each part.
      const contribution = (cell: number): Bounds => {
        const own = bounds[cell] ?? { low: values[cell], high: values[cell] };
        return cell === line.total ? own : { low: -own.high, high: -own.low };
      };
      let low = 0;
      let high = 0;
      let unboundedLow = 0;
      let unboundedHigh = 0;
      for (const cell of lineMembers) {
        const part = contribution(cell);
        if (part.low === Number.NEGATIVE_INFINITY) unboundedLow++;
        else low += part.low;
        if (part.high === Number.POSITIVE_INFINITY) unboundedHigh++;
        else high += part.high;
      }
      for (const cell of lineMembers) {
        const current = bounds[cell];
        if (current === null) continue;
        const own = contribution(cell);
        // The others' sum, without this member's own share (infinities counted apart).
        const othersLow =
          unboundedLow - (own.low === Number.NEGATIVE_INFINITY ? 1 : 0) > 0
            ? Number.NEGATIVE_INFINITY
            : low - (own.low === Number.NEGATIVE_INFINITY ? 0 : own.low);
        const othersHigh =
          unboundedHigh - (own.high === Number.POSITIVE_INFINITY ? 1 : 0) > 0
            ? Number.POSITIVE_INFINITY
            : high - (own.high === Number.POSITIVE_INFINITY ? 0 : own.high);
        // coefficient · x = −others.
        const fromLine =
          cell === line.total ? { low: -othersHigh, high: -othersLow } : { low: othersLow, high: othersHigh };
        const next = { low: Math.max(current.low, fromLine.low), high: Math.min(current.high, fromLine.high) };
        if (next.low !== current.low || next.high !== current.high) {
          bounds[cell] = next;
          tightened = true;
        }
      }
    }
    if (!tightened) break;
  }
  return bounds.flatMap((range, cell) => (range !== null && range.low === range.high ? [cell] : []));
}

/** Arithmetic modulo a prime small enough that every product stays an exact double. */
const PRIME = 1_000_003;
const modulo = (value: number) => ((value % PRIME) + PRIME) % PRIME;
function inverse(value: number): number {
  // Fermat: value^(p-2) mod p, by squaring.
  let result = 1;
  let base = modulo(value);
  for (let exponent = PRIME - 2; exponent > 0; exponent = Math.floor(exponent / 2)) {
    if (exponent % 2 === 1) result = (result * base) % PRIME;
    base = (base * base) % PRIME;
  }
  return result;
}

/**
 * Suppressed cells whose value the lines determine: the unit vector of the cell lies in the row
 * space of the lines restricted to the suppressed cells. Solved by elimination modulo a prime;
 * the lines of cross-tabulations and hierarchies have a totally unimodular matrix (every minor
 * is -1, 0 or 1), so the rank is the same as over the rationals and the answer exact.
 */
export function determinedCells(table: LinkedCells, reasons: Suppression): number[] {
  const rows: Map<number, number>[] = [];
  for (const line of table.lines) {
    const row = new Map<number, number>();
    for (const member of members(line)) {
      if (reasons[member] === null) continue;
      const coefficient = modulo((row.get(member) ?? 0) + (member === line.total ? 1 : -1));
      if (coefficient === 0) row.delete(member);
      else row.set(member, coefficient);
    }
    if (row.size > 0) rows.push(row);
  }
  // Gauss–Jordan elimination on sparse rows.
  const pivotRows: { pivot: number; row: Map<number, number> }[] = [];
  for (const candidate of rows) {
    let row = candidate;
    for (const { pivot, row: pivotRow } of pivotRows) {
      const factor = row.get(pivot);
      if (factor !== undefined) row = subtract(row, pivotRow, factor);
    }
    if (row.size === 0) continue;
    const pivot = Math.min(...row.keys());
    const scale = inverse(row.get(pivot)!);
    const normalised = new Map([...row].map(([column, value]) => [column, (value * scale) % PRIME]));
    for (const entry of pivotRows) {
      const factor = entry.row.get(pivot);
      if (factor !== undefined) entry.row = subtract(entry.row, normalised, factor);
    }
    pivotRows.push({ pivot, row: normalised });
  }
  return pivotRows.filter(({ row }) => row.size === 1).map(({ pivot }) => pivot);
}

/** row − factor · other, dropping zeros. */
function subtract(row: Map<number, number>, other: Map<number, number>, factor: number): Map<number, number> {
  const result = new Map(row);
  for (const [column, value] of other) {
    const next = modulo((result.get(column) ?? 0) - factor * value);
    if (next === 0) result.delete(column);
    else result.set(column, next);
  }
  return result;
}

function checkTable(table: LinkedCells, k: number): void {
  if (!Number.isInteger(k) || k < MINIMUM_K) throw new RangeError(`k must be a whole number of at least ${MINIMUM_K}`);
  table.values.forEach((value, cell) => {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cell ${cell} is not a count: ${value}`);
  });
  table.lines.forEach((line, index) => {
    const cells = members(line);
    if (cells.some((cell) => !Number.isInteger(cell) || cell < 0 || cell >= table.values.length))
      throw new RangeError(`line ${index} names a cell the table does not have`);
    if (new Set(cells).size !== cells.length) throw new RangeError(`line ${index} names a cell twice`);
    const sum = line.parts.reduce((total, part) => total + table.values[part], 0);
    if (sum !== table.values[line.total])
      throw new RangeError(
        `line ${index} does not add up: its parts sum to ${sum}, its total is ${table.values[line.total]}`,
      );
  });
}

/** A rows × columns table of counts with its margins, published as one. */
export interface CrossTabulation {
  readonly cells: readonly (readonly number[])[];
}

/** One published value: the count, or null with the reason it is suppressed. */
export interface PublishedCount {
  readonly count: number | null;
  readonly suppressed: SuppressionReason | null;
}

export interface SuppressedCrossTabulation {
  readonly cells: readonly (readonly PublishedCount[])[];
  readonly rowTotals: readonly PublishedCount[];
  readonly columnTotals: readonly PublishedCount[];
  readonly grandTotal: PublishedCount;
}

/**
 * The linked cells of a cross-tabulation: cells row by row, then row totals, column totals and
 * the grand total; one line per row, one per column, and the grand total over the row totals
 * and over the column totals.
 */
export function crossTabulationCells(table: CrossTabulation): LinkedCells & {
  readonly cell: (row: number, column: number) => number;
  readonly rowTotal: (row: number) => number;
  readonly columnTotal: (column: number) => number;
  readonly grandTotal: number;
} {
  const rows = table.cells.length;
  const columns = rows === 0 ? 0 : table.cells[0].length;
  if (table.cells.some((row) => row.length !== columns)) throw new RangeError('every row needs the same columns');
  const cell = (row: number, column: number) => row * columns + column;
  const rowTotal = (row: number) => rows * columns + row;
  const columnTotal = (column: number) => rows * columns + rows + column;
  const grandTotal = rows * columns + rows + columns;
  const values: number[] = table.cells.flat();
  for (let row = 0; row < rows; row++) values.push(table.cells[row].reduce((sum, value) => sum + value, 0));
  for (let column = 0; column < columns; column++) values.push(table.cells.reduce((sum, row) => sum + row[column], 0));
  values.push(values.slice(rows * columns, rows * columns + rows).reduce((sum, value) => sum + value, 0));
  const range = (length: number) => Array.from({ length }, (_, index) => index);
  const lines: SumLine[] = [
    ...range(rows).map((row) => ({ total: rowTotal(row), parts: range(columns).map((column) => cell(row, column)) })),
    ...range(columns).map((column) => ({
      total: columnTotal(column),
      parts: range(rows).map((row) => cell(row, column)),
    })),
    { total: grandTotal, parts: range(rows).map(rowTotal) },
    { total: grandTotal, parts: range(columns).map(columnTotal) },
  ];
  return { values, lines, cell, rowTotal, columnTotal, grandTotal };
}

/** A cross-tabulation with its margins, small cells and their complements suppressed. */
export function suppressCrossTabulation(table: CrossTabulation, k: number): SuppressedCrossTabulation {
  const linked = crossTabulationCells(table);
  const reasons = suppressSmallCells(linked, k);
  const published = (index: number): PublishedCount =>
    reasons[index] === null
      ? { count: linked.values[index], suppressed: null }
      : { count: null, suppressed: reasons[index] };
  return {
    cells: table.cells.map((row, r) => row.map((_, c) => published(linked.cell(r, c)))),
    rowTotals: table.cells.map((_, r) => published(linked.rowTotal(r))),
    columnTotals: (table.cells[0] ?? []).map((_, c) => published(linked.columnTotal(c))),
    grandTotal: published(linked.grandTotal),
  };
}
