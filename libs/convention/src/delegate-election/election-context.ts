import { ConventionClosedError, ConventionNotFoundError } from '../convention/convention.errors';
import { ConventionState, CurrentConvention, seatsOfChapter } from '../convention/convention.state';
import { ElectionContext } from './delegate-election.commands';

/** The convention with this id, current or not; throws when there is none or it was superseded. */
export function conventionNamed(state: ConventionState, conventionId: string): CurrentConvention {
  const current = state.current;
  if (current !== null && current.conventionId === conventionId) return current;
  if (state.earlier.includes(conventionId)) throw new ConventionClosedError(conventionId);
  throw new ConventionNotFoundError(conventionId);
}

/**
 * What a chapter's election needs to know of its convention. Every chapter draws its lots from
 * its own seed, derived from the convention's public one.
 */
export function electionContextOf(state: ConventionState, conventionId: string, chapterId: string): ElectionContext {
  const convention = conventionNamed(state, conventionId);
  return {
    conventionId,
    chapterId,
    phase: convention.phase,
    seats: seatsOfChapter(convention, chapterId),
    method: convention.rules.electionMethod,
    alternates: convention.rules.alternatesPerChapter,
    seed: `${convention.rules.lotSeed}/delegate-election/${chapterId}`,
    secretariat: convention.secretariat,
  };
}

/** Chapters that received at least one seat; each has one delegate election. */
export function chaptersWithSeats(convention: CurrentConvention): string[] {
  return (convention.seats ?? []).filter((entry) => entry.seats > 0).map((entry) => entry.chapterId);
}
