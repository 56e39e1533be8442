import { CsvSyntaxError, parseCsv } from './csv';

const fieldsOf = (text: string) => parseCsv(text).map((record) => record.fields);

describe('parseCsv', () => {
  it('splits records on LF, CRLF and CR, and fields on commas, keeping empty fields', () => {
    expect(fieldsOf('a,b,c\n1,,3\r\n4,5,\r7,8,9')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['4', '5', ''],
      ['7', '8', '9'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields, and counts lines across them', () => {
    const records = parseCsv('name,contact\r\n"Ada, the first","line one\r\nline ""two"""\r\nGrace,"a\nb"\n');
    expect(records).toEqual([
      { fields: ['name', 'contact'], line: 1 },
      { fields: ['Ada, the first', 'line one\r\nline "two"'], line: 2 },
      { fields: ['Grace', 'a\nb'], line: 4 },
    ]);
  });

  it('drops a leading byte order mark and skips blank lines, a trailing one included', () => {
    expect(parseCsv('\uFEFFpseudonym\n\nAda\r\n\r\n')).toEqual([
      { fields: ['pseudonym'], line: 1 },
      { fields: ['Ada'], line: 3 },
    ]);
  });

  it('tells an empty quoted field from a blank line', () => {
    expect(fieldsOf('""\n,\n')).toEqual([[''], ['', '']]);
    expect(fieldsOf('')).toEqual([]);
  });

  it('keeps white space and non-ASCII text as written', () => {
    expect(fieldsOf(' Zoë , 東京 \n')).toEqual([[' Zoë ', ' 東京 ']]);
  });

  it.each([
    ['a quote inside an unquoted field', 'a\nAd"a,x\n', 2, 'a double quote inside an unquoted field'],
    ['text after a closing quote', 'a\n"Ada"x,1\n', 2, 'text after the closing double quote of a field'],
    ['a quote left open', 'a\nb\n"Ada,\nmore\n', 3, 'a quoted field is never closed'],
  ])('refuses %s, naming the line', (_case, text, line, problem) => {
    expect(() => parseCsv(text)).toThrow(new CsvSyntaxError(line, problem));
    try {
      parseCsv(text);
    } catch (error) {
      expect(error).toMatchObject({ line, message: `line ${line}: ${problem}` });
    }
  });
});
