import { createHash } from 'node:crypto';
import { FieldProblem, codePointLength, normalizeLine } from '../../core/src';

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
/** Contact details, counted in characters (code points); the schema documents this same number. */
export const CONTACT_MAX_LENGTH = 500;

const ALLOWED_NAME = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .'_-]*$/u;

export function uniquenessKey(value: string): string {
  return normalizeLine(value).normalize('NFKC').toLocaleLowerCase('und');
}

/** A short, stable, stream-safe fingerprint of a uniqueness key. */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
}

/**
 * Characters that let one name pass for another or hide part of itself: each refused with its
 * own reason, checked on the name as sent (before white space is folded), so a line break or a
 * tab cannot slip in as a space.
 */
const SPOOFING_RULES: ReadonlyArray<{ readonly pattern: RegExp; readonly reason: string; readonly message: string }> = [
  {
    pattern: /\p{Cs}/u,
    reason: 'NAME_LONE_SURROGATE',
    message: 'must be valid Unicode text (it holds half of a surrogate pair)',
  },
  {
    // Arabic letter mark, LRM/RLM, embeddings and overrides (LRE…RLO), isolates (LRI…PDI).
    pattern: /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u,
    reason: 'NAME_BIDI_CONTROL',
    message: 'must not contain characters that change the direction of text (such as U+202E)',
  },
  {
    pattern: /\p{Cc}/u,
    reason: 'NAME_CONTROL_CHARACTER',
    message: 'must not contain control characters (line breaks, tabs and the like)',
  },
  {
    // Format characters (zero-width space and joiners, byte order mark, soft hyphen, …) and
    // letters that render as nothing (Hangul fillers, the blank Braille pattern).
    pattern: /[\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/u,
    reason: 'NAME_INVISIBLE_CHARACTER',
    message: 'must not contain invisible characters (zero-width spaces, joiners and the like)',
  },
];

/**
 * Scripts a letter may belong to. A name whose letters come from two of them (a Cyrillic "а"
 * in a Latin "Ada") can imitate another name; Japanese and Korean mixes with Han are normal.
 */
const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = (
  [
    'Latin',
    'Cyrillic',
    'Greek',
    'Armenian',
    'Georgian',
    'Hebrew',
    'Arabic',
    'Devanagari',
    'Bengali',
    'Tamil',
    'Thai',
    'Ethiopic',
    'Cherokee',
    'Han',
    'Hiragana',
    'Katakana',
    'Hangul',
    'Bopomofo',
  ] as const
).map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')] as const);
const COMPATIBLE_WITH_HAN = new Set(['Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo']);

function scriptsOf(value: string): Set<string> {
  const scripts = new Set<string>();
  for (const character of value) {
    if (!/\p{L}/u.test(character)) continue;
    const found = SCRIPTS.find(([, pattern]) => pattern.test(character));
    if (found !== undefined) scripts.add(found[0]);
  }
  return scripts;
}

function mixesScripts(value: string): boolean {
  const scripts = [...scriptsOf(value)];
  if (scripts.length <= 1) return false;
  return !scripts.every((script) => COMPATIBLE_WITH_HAN.has(script));
}

function checkName(field: string, value: string, min: number, max: number, what: string): FieldProblem[] {
  for (const rule of SPOOFING_RULES) {
    if (rule.pattern.test(value)) return [{ field, reason: rule.reason, message: `${what} ${rule.message}` }];
  }
  const normalized = normalizeLine(value);
  if (normalized.length === 0) return [{ field, message: `${what} must not be empty` }];
  if (codePointLength(normalized) < min) return [{ field, message: `${what} must have at least ${min} characters` }];
  if (codePointLength(normalized) > max) return [{ field, message: `${what} must have at most ${max} characters` }];
  if (!ALLOWED_NAME.test(normalized)) {
    return [
      {
        field,
        message: `${what} may contain letters, digits, spaces and . ' _ - and must start with a letter or digit`,
      },
    ];
  }
  if (mixesScripts(normalized)) {
    return [
      {
        field,
        reason: 'NAME_MIXED_SCRIPTS',
        message: `${what} must write its letters in one script (e.g. not Latin with a Cyrillic look-alike)`,
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
  const normalized = normalizeLine(value);
  if (normalized.length === 0) return [{ field, message: 'A region must not be empty; leave it out instead' }];
  if (codePointLength(normalized) > REGION_MAX_LENGTH) {
    return [{ field, message: `A region must have at most ${REGION_MAX_LENGTH} characters` }];
  }
  if (/\p{Cc}/u.test(normalized)) return [{ field, message: 'A region must not contain control characters' }];
  return [];
}
