import { assertNever } from '../../../core/src';
import { DelegateElectionMethod } from '../convention/convention.rules';
import { DelegateElectionEvent } from './delegate-election.events';

export type NominationStatus = 'PENDING' | 'ACCEPTED' | 'DECLINED';

export interface Nomination {
  readonly candidateId: string;
  readonly nominatedBy: string;
  readonly status: NominationStatus;
}

/** A delegate or alternate on the chapter's roster. */
export interface RosterEntry {
  readonly memberId: string;
  readonly role: 'DELEGATE' | 'ALTERNATE';
  /** 1-based place in the count's order within the role. */
  readonly rank: number;
  /** Holds a seat: every delegate, and an alternate who replaced one. */
  readonly seated: boolean;
  readonly credentialed: boolean;
  readonly withdrawn: boolean;
  /** The delegate whose seat an alternate took. */
  readonly replacing: string | null;
}

export type DelegateElectionStatus = 'NOMINATING' | 'VOTING' | 'CLOSED' | 'TALLIED';

export type DelegateElectionState =
  | { readonly status: 'NONE' }
  | {
      readonly status: DelegateElectionStatus;
      readonly electionId: string;
      readonly conventionId: string;
      readonly chapterId: string;
      readonly seats: number;
      readonly method: DelegateElectionMethod;
      readonly alternates: number;
      readonly seed: string;
      readonly nominations: readonly Nomination[];
      /** Fixed when voting opens. */
      readonly candidates: readonly string[];
      readonly roster: readonly RosterEntry[];
    };

export type StartedElection = Exclude<DelegateElectionState, { status: 'NONE' }>;

export const initialDelegateElectionState = (): DelegateElectionState => ({ status: 'NONE' });

function setNomination(state: StartedElection, candidateId: string, status: NominationStatus): StartedElection {
  return {
    ...state,
    nominations: state.nominations.map((nomination) =>
      nomination.candidateId === candidateId ? { ...nomination, status } : nomination,
    ),
  };
}

function setEntry(state: StartedElection, memberId: string, change: Partial<RosterEntry>): StartedElection {
  return {
    ...state,
    roster: state.roster.map((entry) => (entry.memberId === memberId ? { ...entry, ...change } : entry)),
  };
}

export function evolveDelegateElection(
  state: DelegateElectionState,
  event: DelegateElectionEvent,
): DelegateElectionState {
  if (event.type === 'DelegateElectionStarted') {
    const { electionId, conventionId, chapterId, seats, method, alternates, seed } = event.data;
    return {
      status: 'NOMINATING',
      electionId,
      conventionId,
      chapterId,
      seats,
      method,
      alternates,
      seed,
      nominations: [],
      candidates: [],
      roster: [],
    };
  }
  if (state.status === 'NONE') return state;
  switch (event.type) {
    case 'DelegateCandidateNominated':
      return {
        ...state,
        nominations: [
          ...state.nominations,
          { candidateId: event.data.candidateId, nominatedBy: event.data.nominatedBy, status: 'PENDING' },
        ],
      };
    case 'DelegateNominationAccepted':
      return setNomination(state, event.data.candidateId, 'ACCEPTED');
    case 'DelegateNominationDeclined':
      return setNomination(state, event.data.candidateId, 'DECLINED');
    case 'DelegateVotingOpened':
      return { ...state, status: 'VOTING', candidates: event.data.candidates };
    case 'DelegateVotingClosed':
      return { ...state, status: 'CLOSED' };
    case 'DelegateElectionTallied':
      return {
        ...state,
        status: 'TALLIED',
        roster: [
          ...event.data.elected.map((memberId, index) => ({
            memberId,
            role: 'DELEGATE' as const,
            rank: index + 1,
            seated: true,
            credentialed: false,
            withdrawn: false,
            replacing: null,
          })),
          ...event.data.alternates.map((memberId, index) => ({
            memberId,
            role: 'ALTERNATE' as const,
            rank: index + 1,
            seated: false,
            credentialed: false,
            withdrawn: false,
            replacing: null,
          })),
        ],
      };
    case 'DelegateCredentialed':
      return setEntry(state, event.data.memberId, { credentialed: true });
    case 'DelegateWithdrew':
      return setEntry(state, event.data.memberId, { seated: false, withdrawn: true });
    case 'AlternateSeated':
      return setEntry(state, event.data.memberId, { seated: true, replacing: event.data.replacing });
    case 'AlternateWithdrew':
      return setEntry(state, event.data.memberId, { withdrawn: true });
    default:
      return assertNever(event);
  }
}

/** The member's place on the roster, if any. */
export function rosterEntryOf(state: DelegateElectionState, memberId: string): RosterEntry | null {
  if (state.status === 'NONE') return null;
  return state.roster.find((entry) => entry.memberId === memberId) ?? null;
}

/**
 * Whether the member holds a seat with credentials: a delegate, or an alternate who took a
 * vacated seat, confirmed by the secretariat and not withdrawn. Derived from events alone.
 */
export function holdsCredentialedSeat(state: DelegateElectionState, memberId: string): boolean {
  const entry = rosterEntryOf(state, memberId);
  return entry !== null && entry.seated && entry.credentialed && !entry.withdrawn;
}
