import { show, VotingError } from './voting.errors';

/** A candidate's (or option's) stable identifier, such as a member id. */
export type CandidateId = string;

/** Checks the candidate list and maps each id to its position, which the counts use internally. */
export function indexCandidates(candidates: readonly CandidateId[]): Map<CandidateId, number> {
  if (!Array.isArray(candidates) || candidates.length === 0) {
    throw new VotingError('NO_CANDIDATES', 'A count needs at least one candidate');
  }
  const index = new Map<CandidateId, number>();
  candidates.forEach((candidate, position) => {
    if (typeof candidate !== 'string' || candidate.length === 0) {
      throw new VotingError('INVALID_CANDIDATE', `Candidate ${position + 1} has no valid id`, { position });
    }
    if (index.has(candidate)) {
      throw new VotingError('DUPLICATE_CANDIDATE', `Candidate ${candidate} is listed twice`, { candidate });
    }
    index.set(candidate, position);
  });
  return index;
}

/** A count's options: absent means none given; anything but a plain object is refused. */
export function readOptions<T extends object>(options: T | undefined): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new VotingError('INVALID_OPTIONS', 'Options must be an object');
  }
  return options;
}

/** Ballots must come as a list (possibly empty). */
export function checkBallotList(ballots: unknown): void {
  if (!Array.isArray(ballots)) throw new VotingError('INVALID_BALLOT', 'Ballots must be given as a list');
}

/** How many voters a grouped ballot stands for: a non-negative safe integer, one when absent. */
export function ballotCount(count: number | undefined, ballot: number): number {
  if (count === undefined) return 1;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new VotingError('INVALID_BALLOT', `Ballot ${ballot + 1} has count ${show(count)}; use a whole number ≥ 0`, {
      ballot,
    });
  }
  return count;
}

/** Seats must be a positive integer and no more than the candidates standing. */
export function checkSeats(seats: number, candidateCount: number): void {
  if (!Number.isSafeInteger(seats) || seats < 1) {
    throw new VotingError('INVALID_SEATS', `Seats must be a positive whole number, got ${show(seats)}`, {
      seats: show(seats),
    });
  }
  if (seats > candidateCount) {
    throw new VotingError('INVALID_SEATS', `${seats} seats cannot be filled from ${candidateCount} candidates`, {
      seats,
      candidates: candidateCount,
    });
  }
}

/** Throws UNKNOWN_CANDIDATE or DUPLICATE_RANKING for one mark on a ballot; returns the candidate's position. */
export function markPosition(
  index: ReadonlyMap<CandidateId, number>,
  candidate: unknown,
  seen: Int32Array,
  seenToken: number,
  ballot: number,
): number {
  const position = typeof candidate === 'string' ? index.get(candidate) : undefined;
  if (position === undefined) {
    throw new VotingError('UNKNOWN_CANDIDATE', `Ballot ${ballot + 1} marks ${show(candidate)}, who is not standing`, {
      ballot,
      candidate: show(candidate),
    });
  }
  if (seen[position] === seenToken) {
    throw new VotingError('DUPLICATE_RANKING', `Ballot ${ballot + 1} marks ${candidate} more than once`, {
      ballot,
      candidate,
    });
  }
  seen[position] = seenToken;
  return position;
}

/** Renders a non-negative fixed-point integer (value × 10^decimals) as a decimal string. */
export function formatFixed(units: number, decimals: number): string {
  const scale = 10 ** decimals;
  const whole = Math.floor(units / scale);
  const fraction = units - whole * scale;
  return `${whole}.${fraction.toString().padStart(decimals, '0')}`;
}
