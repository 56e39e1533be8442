/** One record of a CSV file and the line it starts on (1-based; a quoted line break moves later records down). */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** A file that is not CSV at some point; nothing after it can be trusted to be split right. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Splits CSV text as RFC 4180 defines it and spreadsheets write it: comma-separated fields,
 * records ended by CRLF, LF or CR, fields in double quotes may hold commas, quotes (doubled) and
 * line breaks. A leading byte order mark is dropped and blank lines are skipped (spreadsheets
 * leave them at the end). A quote inside an unquoted field, text after a closing quote, or a
 * quote left open is refused: guessing what was meant could shift every later field.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  // Whether the record so far holds anything at all, so a blank line is told from one empty field.
  let started = false;
  let index = 0;

  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    if (started) {
      endField();
      records.push({ fields, line: recordLine });
    }
    fields = [];
    field = '';
    started = false;
  };
  const lineBreakLength = (at: number): number => {
    if (input[at] === '\r') return input[at + 1] === '\n' ? 2 : 1;
    return input[at] === '\n' ? 1 : 0;
  };

  while (index < input.length) {
    const char = input[index];
    if (char === '"') {
      if (field.length > 0) throw new CsvSyntaxError(line, 'a double quote inside an unquoted field');
      started = true;
      const openedOn = line;
      index += 1;
      for (;;) {
        if (index >= input.length) throw new CsvSyntaxError(openedOn, 'a quoted field is never closed');
        const inner = input[index];
        if (inner === '"') {
          if (input[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        const breakLength = lineBreakLength(index);
        if (breakLength > 0) {
          field += input.slice(index, index + breakLength);
          line += 1;
          index += breakLength;
          continue;
        }
        field += inner;
        index += 1;
      }
      const next = input[index];
      if (index < input.length && next !== ',' && lineBreakLength(index) === 0)
        throw new CsvSyntaxError(line, 'text after the closing double quote of a field');
      continue;
    }
    if (char === ',') {
      started = true;
      endField();
      index += 1;
      continue;
    }
    const breakLength = lineBreakLength(index);
    if (breakLength > 0) {
      endRecord();
      line += 1;
      recordLine = line;
      index += breakLength;
      continue;
    }
    started = true;
    field += char;
    index += 1;
  }
  endRecord();
  return records;
}
