import { assertNever } from '../../../core/src';
import { seatsFromPages } from './apportionment-pages';
import { ChapterSeats, ConventionEvent, SeatsApportionmentPage } from './convention.events';
import { ConventionPhase, RulesOfProcedure } from './convention.rules';

/** The convention now running (or the last one, once CLOSED). */
export interface CurrentConvention {
  readonly conventionId: string;
  readonly title: string;
  readonly rules: RulesOfProcedure;
  readonly phase: ConventionPhase;
  readonly calledAt: string;
  /** Secretariat members in order of appointment. */
  readonly secretariat: readonly string[];
  /** Set when the convention enters DELEGATE_SELECTION. */
  readonly seats: readonly ChapterSeats[] | null;
  /** Pages of an apportionment whose closing `SeatsApportioned` has not been read yet. */
  readonly apportionmentPages: readonly SeatsApportionmentPage['data'][];
}

export interface ConventionState {
  readonly current: CurrentConvention | null;
  /** Conventions called before the current one; all CLOSED. */
  readonly earlier: readonly string[];
}

export const initialConventionState = (): ConventionState => ({ current: null, earlier: [] });

function update(
  state: ConventionState,
  conventionId: string,
  change: (current: CurrentConvention) => CurrentConvention,
) {
  return state.current !== null && state.current.conventionId === conventionId
    ? { ...state, current: change(state.current) }
    : state;
}

export function evolveConvention(state: ConventionState, event: ConventionEvent): ConventionState {
  switch (event.type) {
    case 'ConventionCalled': {
      const { conventionId, title, rules, calledAt } = event.data;
      return {
        current: {
          conventionId,
          title,
          rules,
          phase: 'CALLED',
          calledAt,
          secretariat: [],
          seats: null,
          apportionmentPages: [],
        },
        earlier: state.current === null ? state.earlier : [...state.earlier, state.current.conventionId],
      };
    }
    case 'SecretariatMemberAppointed':
      return update(state, event.data.conventionId, (current) => ({
        ...current,
        secretariat: [...current.secretariat, event.data.memberId],
      }));
    case 'SecretariatMemberRemoved':
      return update(state, event.data.conventionId, (current) => ({
        ...current,
        secretariat: current.secretariat.filter((memberId) => memberId !== event.data.memberId),
      }));
    case 'SeatsApportionmentPage':
      return update(state, event.data.conventionId, (current) => ({
        ...current,
        apportionmentPages: [...current.apportionmentPages, event.data],
      }));
    case 'SeatsApportioned':
      return update(state, event.data.conventionId, (current) => ({
        ...current,
        seats: seatsFromPages(event.data, current.apportionmentPages),
        apportionmentPages: [],
      }));
    case 'ConventionPhaseAdvanced':
      return update(state, event.data.conventionId, (current) => ({ ...current, phase: event.data.to }));
    default:
      return assertNever(event);
  }
}

/** The secretariat role, derived from the convention's events alone. */
export function isOnSecretariat(state: ConventionState, conventionId: string, memberId: string): boolean {
  return state.current?.conventionId === conventionId && state.current.secretariat.includes(memberId);
}

/** Seats a chapter received, 0 when it received none or seats are not yet apportioned. */
export function seatsOfChapter(convention: CurrentConvention, chapterId: string): number {
  return convention.seats?.find((entry) => entry.chapterId === chapterId)?.seats ?? 0;
}
