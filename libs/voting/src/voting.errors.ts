import { DomainError } from '../../core/src/errors';

/** Stable codes for every input a count rejects; clients branch on these, so never rename one. */
export type VotingErrorCode =
  | 'NO_CANDIDATES'
  | 'INVALID_CANDIDATE'
  | 'DUPLICATE_CANDIDATE'
  | 'UNKNOWN_CANDIDATE'
  | 'DUPLICATE_RANKING'
  | 'INVALID_OPTIONS'
  | 'INVALID_BALLOT'
  | 'INVALID_WEIGHT'
  | 'INVALID_SEATS'
  | 'INVALID_THRESHOLD'
  | 'INVALID_QUORUM'
  | 'INVALID_ELECTORATE'
  | 'INVALID_RATIONAL'
  | 'INVALID_METHOD'
  | 'NO_UNITS'
  | 'INVALID_UNIT'
  | 'DUPLICATE_UNIT'
  | 'INVALID_POPULATION'
  | 'INVALID_MINIMUM'
  | 'LOT_SEED_REQUIRED'
  | 'INVALID_SEED'
  | 'TOO_MANY_BALLOTS'
  | 'INVALID_BLT';

/** A count refused its input: the code says what was wrong, the details say where. */
export class VotingError extends DomainError {
  constructor(code: VotingErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super('BAD_USER_INPUT', code, message, details);
  }

  declare readonly code: VotingErrorCode;
}

/** A short, safe rendering of any caller-supplied value for messages and details (never throws). */
export function show(value: unknown): string {
  let text: string;
  try {
    text =
      typeof value === 'string'
        ? value
        : typeof value === 'bigint'
          ? `${value}n`
          : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
