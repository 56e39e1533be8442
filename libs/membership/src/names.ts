import { createHash } from 'node:crypto';
import { FieldProblem } from '../../core/src';

/**
 * Rules for the names people choose (pseudonyms, chapter names) and the key under which their
 * uniqueness is claimed. The key folds case, compatibility forms and runs of white space, so
 * "Ada  Lovelace" and "ada lovelace" cannot both be taken.
 */
export const PSEUDONYM_MIN_LENGTH = 3;
export const PSEUDONYM_MAX_LENGTH = 40;
export const CHAPTER_NAME_MIN_LENGTH = 3;
export const CHAPTER_NAME_MAX_LENGTH = 80;
export const REGION_MAX_LENGTH = 100;

const ALLOWED_NAME = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .'_-]*$/u;

function length(value: string): number {
  return [...value].length;
}

export function normalizeName(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

export function uniquenessKey(value: string): string {
  return normalizeName(value).normalize('NFKC').toLocaleLowerCase('und');
}

/** A short, stable, stream-safe fingerprint of a uniqueness key. */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
}

function checkName(field: string, value: string, min: number, max: number, what: string): FieldProblem[] {
  const normalized = normalizeName(value);
  if (normalized.length === 0) return [{ field, message: `${what} must not be empty` }];
  if (length(normalized) < min) return [{ field, message: `${what} must have at least ${min} characters` }];
  if (length(normalized) > max) return [{ field, message: `${what} must have at most ${max} characters` }];
  if (!ALLOWED_NAME.test(normalized)) {
    return [
      {
        field,
        message: `${what} may contain letters, digits, spaces and . ' _ - and must start with a letter or digit`,
      },
    ];
  }
  return [];
}

export function checkPseudonym(value: string, field = 'pseudonym'): FieldProblem[] {
  return checkName(field, value, PSEUDONYM_MIN_LENGTH, PSEUDONYM_MAX_LENGTH, 'A pseudonym');
}

export function checkChapterName(value: string, field = 'name'): FieldProblem[] {
  return checkName(field, value, CHAPTER_NAME_MIN_LENGTH, CHAPTER_NAME_MAX_LENGTH, 'A chapter name');
}

export function checkRegion(value: string | null, field = 'region'): FieldProblem[] {
  if (value === null) return [];
  const normalized = normalizeName(value);
  if (normalized.length === 0) return [{ field, message: 'A region must not be empty; leave it out instead' }];
  if (length(normalized) > REGION_MAX_LENGTH) {
    return [{ field, message: `A region must have at most ${REGION_MAX_LENGTH} characters` }];
  }
  if (/\p{Cc}/u.test(normalized)) return [{ field, message: 'A region must not contain control characters' }];
  return [];
}
