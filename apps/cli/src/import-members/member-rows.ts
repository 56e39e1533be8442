import { InvalidInputError, uuidV5 } from '../../../../libs/core/src';
import { checkPseudonym, uniquenessKey } from '../../../../libs/membership/src';
import { CsvRecord } from './csv';

export const MEMBER_COLUMNS = ['pseudonym', 'region', 'chapter', 'contact'] as const;
type Column = (typeof MEMBER_COLUMNS)[number];

/** One member to enrol, as the file gives it; optional cells left blank are null. */
export interface MemberRow {
  /** The record's number, the header being row 1 (blank lines are not rows). */
  readonly row: number;
  /** The line of the file the record starts on. */
  readonly line: number;
  readonly pseudonym: string;
  readonly region: string | null;
  readonly chapter: string | null;
  /** Plain text until the enrolment seals it; never printed, logged or reported. */
  readonly contact: string | null;
}

/** A row that was not imported, and why, as the report lists it. */
export interface RowRejection {
  readonly row: number;
  readonly line: number;
  readonly pseudonym: string;
  /** The domain's error code (PSEUDONYM_TAKEN, CHAPTER_NOT_FOUND, …) or one of this import's own. */
  readonly code: string;
  /** The field at fault, where one is. */
  readonly field: string | null;
  readonly message: string;
}

/** A header the import cannot map onto members; no row is read. */
export class MemberFileError extends Error {}

function columnsOf(header: CsvRecord): Map<Column, number> {
  const columns = new Map<Column, number>();
  header.fields.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!(MEMBER_COLUMNS as readonly string[]).includes(name))
      throw new MemberFileError(`the header names a column "${raw}", which is not one of ${MEMBER_COLUMNS.join(', ')}`);
    if (columns.has(name as Column)) throw new MemberFileError(`the header names the column "${name}" twice`);
    columns.set(name as Column, index);
  });
  if (!columns.has('pseudonym'))
    throw new MemberFileError(`the header has no pseudonym column (columns: ${MEMBER_COLUMNS.join(', ')})`);
  return columns;
}

/**
 * The members a file's records describe, and the rows refused before any command: a record
 * whose field count differs from the header's, and a pseudonym already given by an earlier row
 * (the same person twice, or two people who cannot both have it), and a pseudonym the
 * enrolment's rules refuse (with the rule's own code and message).
 */
export function memberRows(records: readonly CsvRecord[]): { rows: MemberRow[]; rejections: RowRejection[] } {
  const [header, ...body] = records;
  if (header === undefined) throw new MemberFileError('the file is empty; it needs a header row naming its columns');
  const columns = columnsOf(header);
  const cell = (record: CsvRecord, column: Column): string | null => {
    const index = columns.get(column);
    if (index === undefined) return null;
    const value = record.fields[index];
    return value.trim() === '' ? null : value;
  };
  const rows: MemberRow[] = [];
  const rejections: RowRejection[] = [];
  const firstRowOf = new Map<string, { row: number; pseudonym: string }>();
  body.forEach((record, index) => {
    const row = index + 2;
    // Rows of nothing but commas are what spreadsheets leave below the data.
    if (record.fields.every((field) => field.trim() === '')) return;
    if (record.fields.length !== header.fields.length) {
      rejections.push({
        row,
        line: record.line,
        pseudonym: record.fields[columns.get('pseudonym')!] ?? '',
        code: 'CSV_FIELD_COUNT',
        field: null,
        message: `has ${record.fields.length} fields where the header has ${header.fields.length}; quote a field that holds a comma`,
      });
      return;
    }
    const pseudonym = record.fields[columns.get('pseudonym')!];
    const problems = checkPseudonym(pseudonym);
    if (problems.length > 0) {
      // The enrolment's own rule, refused here: an invalid spelling of a pseudonym enrolled by an
      // earlier row or run ("Ada<tab>Lovelace") would share its command id and pass for a replay.
      const refusal = new InvalidInputError(problems);
      rejections.push({
        row,
        line: record.line,
        pseudonym,
        code: refusal.code,
        field: problems[0].field,
        message: refusal.message,
      });
      return;
    }
    const key = uniquenessKey(pseudonym);
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      rejections.push({
        row,
        line: record.line,
        pseudonym,
        code: 'DUPLICATE_IN_FILE',
        field: 'pseudonym',
        message: `row ${first.row} already has the pseudonym "${first.pseudonym}" (pseudonyms are compared ignoring case and spacing)`,
      });
      return;
    }
    firstRowOf.set(key, { row, pseudonym });
    rows.push({
      row,
      line: record.line,
      pseudonym,
      region: cell(record, 'region'),
      chapter: cell(record, 'chapter')?.trim() ?? null,
      contact: cell(record, 'contact'),
    });
  });
  return { rows, rejections };
}

/**
 * The command id of a row's enrolment: UUIDv5 of the import's name and the pseudonym's
 * uniqueness key. Not of the row number or the file's bytes, so that a rerun of a corrected or
 * reordered file under the same import name finds the enrolments the earlier run made and
 * replays them instead of failing them as taken; a rerun after a crash replays what was done
 * and completes what was half done. The import's name keeps two imports apart: the same
 * pseudonym in another import is another person and is refused as taken.
 */
export function importCommandId(importName: string, pseudonym: string): string {
  return uuidV5(`import-members/${importName}/${uniquenessKey(pseudonym)}`);
}

/** The correlation id every enrolment of one import carries, so its audit trail shows them together. */
export function importCorrelationId(importName: string): string {
  return uuidV5(`import-members/${importName}`);
}

/** The report as CSV (row, line, pseudonym, code, field, message), quoted so it reads back with parseCsv. */
export function reportCsv(rejections: readonly RowRejection[]): string {
  const quote = (value: string | number | null) => {
    const raw = value === null ? '' : String(value);
    // A cell a spreadsheet would take for a formula is shown as text instead.
    const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [...rejections]
    .sort((a, b) => a.row - b.row)
    .map((rejection) =>
      [rejection.row, rejection.line, rejection.pseudonym, rejection.code, rejection.field, rejection.message]
        .map(quote)
        .join(','),
    );
  return ['row,line,pseudonym,code,field,message', ...lines].map((line) => `${line}\n`).join('');
}
