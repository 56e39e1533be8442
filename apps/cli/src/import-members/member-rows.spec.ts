import { parseCsv } from './csv';
import { MemberFileError, importCommandId, memberRows, reportCsv } from './member-rows';

const rowsOf = (text: string) => memberRows(parseCsv(text));

describe('memberRows', () => {
  it('maps columns by name in any order and case, blank optional cells to null', () => {
    const { rows, rejections } = rowsOf(
      'Contact, PSEUDONYM ,chapter\n a@b.org ,Ada Lovelace,\n,Grace Hopper, Riverside \n',
    );
    expect(rejections).toEqual([]);
    expect(rows).toEqual([
      { row: 2, line: 2, pseudonym: 'Ada Lovelace', region: null, chapter: null, contact: ' a@b.org ' },
      { row: 3, line: 3, pseudonym: 'Grace Hopper', region: null, chapter: 'Riverside', contact: null },
    ]);
  });

  it.each([
    ['', 'the file is empty; it needs a header row naming its columns'],
    ['region\nParis\n', 'the header has no pseudonym column (columns: pseudonym, region, chapter, contact)'],
    ['pseudonym,email\n', 'the header names a column "email", which is not one of pseudonym, region, chapter, contact'],
    ['pseudonym,Pseudonym\n', 'the header names the column "pseudonym" twice'],
  ])('refuses the header of %j', (text, message) => {
    expect(() => rowsOf(text)).toThrow(new MemberFileError(message));
  });

  it('refuses a later row with an earlier pseudonym, and a pseudonym the rules refuse with their reason', () => {
    const { rows, rejections } = rowsOf('pseudonym\nAda Lovelace\nX\nada   LOVELACE\n"Ada\tLovelace"\n,\n');
    expect(rows.map((row) => row.pseudonym)).toEqual(['Ada Lovelace']);
    expect(rejections).toEqual([
      {
        row: 3,
        line: 3,
        pseudonym: 'X',
        code: 'INVALID_INPUT',
        field: 'pseudonym',
        message: 'pseudonym: A pseudonym must have at least 3 characters',
      },
      {
        row: 4,
        line: 4,
        pseudonym: 'ada   LOVELACE',
        code: 'DUPLICATE_IN_FILE',
        field: 'pseudonym',
        message: 'row 2 already has the pseudonym "Ada Lovelace" (pseudonyms are compared ignoring case and spacing)',
      },
      {
        row: 5,
        line: 5,
        pseudonym: 'Ada\tLovelace',
        code: 'NAME_CONTROL_CHARACTER',
        field: 'pseudonym',
        message: 'pseudonym: A pseudonym must not contain control characters (line breaks, tabs and the like)',
      },
    ]);
  });
});

describe('importCommandId', () => {
  it('is the same for the same import and pseudonym however it is spelled, and differs across imports', () => {
    expect(importCommandId('members.csv', 'Ada  Lovelace')).toBe(importCommandId('members.csv', 'ada lovelace'));
    expect(importCommandId('members.csv', 'Ada Lovelace')).not.toBe(importCommandId('other.csv', 'Ada Lovelace'));
    expect(importCommandId('members.csv', 'Ada Lovelace')).not.toBe(importCommandId('members.csv', 'Grace Hopper'));
  });
});

describe('reportCsv', () => {
  it('reads back with the parser, in row order, and keeps formulas from being run by a spreadsheet', () => {
    const report = reportCsv([
      { row: 9, line: 12, pseudonym: '=HYPERLINK("x")', code: 'INVALID_INPUT', field: 'pseudonym', message: 'a, b' },
      { row: 3, line: 3, pseudonym: 'Ada', code: 'PSEUDONYM_TAKEN', field: null, message: 'line\nbreak' },
    ]);
    expect(parseCsv(report).map((record) => record.fields)).toEqual([
      ['row', 'line', 'pseudonym', 'code', 'field', 'message'],
      ['3', '3', 'Ada', 'PSEUDONYM_TAKEN', '', 'line\nbreak'],
      ['9', '12', `'=HYPERLINK("x")`, 'INVALID_INPUT', 'pseudonym', 'a, b'],
    ]);
  });
});
