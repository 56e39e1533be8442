/**
 * One measured figure next to its baseline. `ratio` is the subject divided by the baseline (NaN
 * where that means nothing), so for throughputs higher is better, for latencies and memory lower.
 */
export interface BenchRow {
  name: string;
  baseline: string;
  value: number;
  baselineValue: number;
  unit: string;
  ratio: number;
  note?: string;
  /** Goals this row is judged against; rows without any show no verdict. */
  targets?: readonly BenchTarget[];
}

/** A bound on the subject's value or on its ratio to the baseline. */
export interface BenchTarget {
  readonly of: 'value' | 'ratio';
  readonly atLeast?: number;
  readonly atMost?: number;
}

export function targetMet(row: BenchRow, target: BenchTarget): boolean {
  const measured = target.of === 'ratio' ? row.ratio : row.value;
  if (!Number.isFinite(measured)) return false;
  return (
    (target.atLeast === undefined || measured >= target.atLeast) &&
    (target.atMost === undefined || measured <= target.atMost)
  );
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function describeTarget(row: BenchRow, target: BenchTarget): string {
  const subject = target.of === 'ratio' ? 'ratio ' : '';
  const unit = target.of === 'ratio' ? '' : ` ${row.unit}`;
  const bounds = [
    target.atLeast === undefined ? undefined : `≥ ${formatNumber(target.atLeast)}${unit}`,
    target.atMost === undefined ? undefined : `≤ ${formatNumber(target.atMost)}${unit}`,
  ].filter((bound): bound is string => bound !== undefined);
  return `${subject}${bounds.join(' and ')}`;
}

/** A Markdown table (pasteable into docs/benchmarks.md), notes numbered below it. */
export function renderTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'subject value', 'baseline', 'baseline value', 'unit', 'ratio', 'target', 'met?'];
  const notes: string[] = [];
  const body = rows.map((row) => {
    let name = row.name;
    if (row.note !== undefined) {
      notes.push(row.note);
      name = `${name} [${notes.length}]`;
    }
    const targets = row.targets ?? [];
    return [
      name,
      formatNumber(row.value),
      row.baseline,
      formatNumber(row.baselineValue),
      row.unit,
      Number.isFinite(row.ratio) ? row.ratio.toFixed(2) : '—',
      targets.length === 0 ? '—' : targets.map((target) => describeTarget(row, target)).join('; '),
      targets.length === 0 ? '—' : targets.map((target) => (targetMet(row, target) ? 'yes' : 'NO')).join('; '),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...body.map(line),
    ...(notes.length === 0 ? [] : ['', ...notes.map((note, index) => `[${index + 1}] ${note}`)]),
  ].join('\n');
}
