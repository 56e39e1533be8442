import { FieldProblem } from './errors';

/**
 * Input rules every context shares: text normalisation and checks, and instants. Lengths count
 * code points, not UTF-16 units, so a limit means the same in every script.
 */
export function codePointLength(value: string): number {
  return [...value].length;
}

/** Trims and folds runs of white space, for one-line texts such as names and titles. */
export function normalizeLine(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/** Trims only, for multi-line texts whose line breaks carry meaning. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/gu, '\n').trim();
}

/** Checks an already normalized text against a length range and the absence of control characters. */
export function checkText(
  field: string,
  normalized: string,
  min: number,
  max: number,
  what: string,
  allowLineBreaks = false,
): FieldProblem[] {
  if (normalized.length === 0) return [{ field, message: `${what} must not be empty` }];
  const length = codePointLength(normalized);
  if (length < min) return [{ field, message: `${what} must have at least ${min} characters` }];
  if (length > max) return [{ field, message: `${what} must have at most ${max} characters` }];
  const control = allowLineBreaks ? /[^\P{Cc}\n\t]/u : /\p{Cc}/u;
  if (control.test(normalized)) return [{ field, message: `${what} must not contain control characters` }];
  return [];
}

const INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

/** True when the date and time exist on the calendar (no month 13, no 30 February, no 24:00). */
function isCalendarTime(dateTime: string): boolean {
  const [year, month, day, hour, minute, second] = dateTime.split(/[-T:]/).map(Number);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return daysInMonth !== undefined && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
}

/**
 * An ISO-8601 UTC instant in a form that sorts as text. Deciders may not read the clock or use
 * Date, yet must compare a vote's time with a deadline; padding the fraction makes string order
 * agree with time order whatever precision the caller sent.
 */
export function canonicalInstant(value: string): string | null {
  const match = INSTANT.exec(value);
  if (match === null || !isCalendarTime(match[1])) return null;
  return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z`;
}

export function checkInstant(field: string, value: string): FieldProblem[] {
  return canonicalInstant(value) === null
    ? [{ field, message: 'must be an ISO-8601 UTC time such as 2026-03-01T10:00:00.000Z' }]
    : [];
}

/** Negative when a is earlier than b; both must already be valid instants. */
export function compareInstants(a: string, b: string): number {
  const left = canonicalInstant(a);
  const right = canonicalInstant(b);
  if (left === null || right === null) throw new Error(`Not an instant: ${left === null ? a : b}`);
  return left < right ? -1 : left > right ? 1 : 0;
}
