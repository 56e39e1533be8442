import { Decider, FieldProblem, InvalidInputError, assertNever } from '../../../core/src';
import { checkInstant, compareInstants, normalizeLine } from '../../../core/src';
import { ApportionmentMethod, apportion } from '../../../voting/src';
import { AdvanceConventionPhase, ConventionCommand, MembershipCount } from './convention.commands';
import {
  AlreadyOnSecretariatError,
  ConventionClosedError,
  ConventionInProgressError,
  ConventionNotFoundError,
  DelegateElectionsNotTalliedError,
  MinimumSeatsExceedTotalError,
  NoChapterWithMembersError,
  NotASecretariatMemberError,
  NotOnSecretariatError,
  PhaseConditionsNotMetError,
  PhaseDeadlineNotPassedError,
  PhaseNotNextError,
} from './convention.errors';
import { publishApportionment } from './apportionment-pages';
import { ConventionEvent, SeatsApportionedV1Data } from './convention.events';
import {
  ConventionApportionmentMethod,
  checkConventionTitle,
  checkRulesOfProcedure,
  deadlineOf,
  nextPhase,
  normalizeRules,
} from './convention.rules';
import { ConventionState, CurrentConvention, evolveConvention, initialConventionState } from './convention.state';

const METHODS: Record<ConventionApportionmentMethod, ApportionmentMethod> = {
  SAINTE_LAGUE: 'sainte-lague',
  DHONDT: 'dhondt',
  HAMILTON: 'hamilton',
};

function checkId(field: string, value: string): FieldProblem[] {
  return value.trim().length === 0 ? [{ field, message: 'must not be empty' }] : [];
}

function requireValid(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new InvalidInputError(problems);
}

/** The running convention with this id; a closed or unknown one refuses every change. */
function runningConvention(state: ConventionState, conventionId: string): CurrentConvention {
  const current = state.current;
  if (current === null || current.conventionId !== conventionId) {
    if (state.earlier.includes(conventionId)) throw new ConventionClosedError(conventionId);
    throw new ConventionNotFoundError(conventionId);
  }
  if (current.phase === 'CLOSED') throw new ConventionClosedError(conventionId);
  return current;
}

/**
 * Seats by the rules' method among the chapters that had members at the cut-off, in chapter id
 * order so the working never depends on the order the read model listed them.
 */
function apportionSeats(
  convention: CurrentConvention,
  membership: MembershipCount,
  apportionedAt: string,
): SeatsApportionedV1Data {
  const { rules } = convention;
  const chapters = membership.chapters
    .filter((chapter) => chapter.members > 0)
    .map(({ chapterId, members }) => ({ chapterId, members }))
    .sort((a, b) => (a.chapterId < b.chapterId ? -1 : a.chapterId > b.chapterId ? 1 : 0));
  if (chapters.length === 0) throw new NoChapterWithMembersError();
  if (chapters.length * rules.minimumSeatsPerChapter > rules.totalSeats) {
    throw new MinimumSeatsExceedTotalError(chapters.length, rules.minimumSeatsPerChapter, rules.totalSeats);
  }
  const working = apportion(
    chapters.map((chapter) => ({ id: chapter.chapterId, population: chapter.members })),
    {
      method: METHODS[rules.apportionmentMethod],
      seats: rules.totalSeats,
      minimumPerUnit: rules.minimumSeatsPerChapter,
      seed: `${rules.lotSeed}/apportionment`,
    },
  );
  return {
    conventionId: convention.conventionId,
    cutoffPosition: membership.cutoffPosition,
    method: rules.apportionmentMethod,
    totalSeats: rules.totalSeats,
    minimumSeatsPerChapter: rules.minimumSeatsPerChapter,
    chapters: chapters.map((chapter, index) => ({ ...chapter, seats: working.allocations[index].seats })),
    working,
    apportionedAt,
  };
}

function advance(command: AdvanceConventionPhase, state: ConventionState): ConventionEvent[] {
  const { conventionId, to, advancedBy, advancedAt, facts } = command.data;
  requireValid([...checkId('advancedBy', advancedBy), ...checkInstant('advancedAt', advancedAt)]);
  const convention = runningConvention(state, conventionId);
  if (!convention.secretariat.includes(advancedBy)) throw new NotOnSecretariatError(advancedBy, conventionId);
  const from = convention.phase;
  const next = nextPhase(from);
  if (to !== next) throw new PhaseNotNextError(from, to, next);

  const deadline = deadlineOf(convention.rules, from);
  if (deadline !== null && compareInstants(advancedAt, deadline) < 0)
    throw new PhaseDeadlineNotPassedError(from, deadline);
  if (from === 'DELEGATE_SELECTION') {
    const tallied = facts.talliedElections ?? [];
    const open = (convention.seats ?? [])
      .filter((chapter) => chapter.seats > 0 && !tallied.includes(chapter.chapterId))
      .map((chapter) => chapter.chapterId);
    if (open.length > 0) throw new DelegateElectionsNotTalliedError(open);
  }
  if (facts.blockers !== undefined && facts.blockers.length > 0) throw new PhaseConditionsNotMetError(facts.blockers);

  const advanced: ConventionEvent = {
    type: 'ConventionPhaseAdvanced',
    data: { conventionId, from, to, advancedBy, advancedAt },
  };
  if (to !== 'DELEGATE_SELECTION') return [advanced];
  if (facts.membership === undefined) {
    throw new PhaseConditionsNotMetError([
      { code: 'MEMBERSHIP_NOT_COUNTED', message: 'seats need the member count of every chapter' },
    ]);
  }
  // Pages first: for thousands of chapters the table and its working outgrow one append.
  return [...publishApportionment(apportionSeats(convention, facts.membership, advancedAt), facts.pageBytes), advanced];
}

function decide(command: ConventionCommand, state: ConventionState): ConventionEvent[] {
  switch (command.type) {
    case 'CallConvention': {
      const { conventionId, title, rules, calledBy, calledAt } = command.data;
      requireValid([
        ...checkId('conventionId', conventionId),
        ...checkConventionTitle(title),
        ...checkId('calledBy', calledBy),
        ...checkInstant('calledAt', calledAt),
        ...checkRulesOfProcedure(rules, calledAt),
      ]);
      const current = state.current;
      if (current !== null && current.phase !== 'CLOSED') {
        throw new ConventionInProgressError(current.conventionId, current.phase);
      }
      return [
        {
          type: 'ConventionCalled',
          data: { conventionId, title: normalizeLine(title), rules: normalizeRules(rules), calledBy, calledAt },
        },
      ];
    }
    case 'AppointSecretariatMember': {
      const { conventionId, memberId, appointedBy, appointedAt } = command.data;
      requireValid([...checkId('memberId', memberId), ...checkInstant('appointedAt', appointedAt)]);
      const convention = runningConvention(state, conventionId);
      if (convention.secretariat.includes(memberId)) throw new AlreadyOnSecretariatError(memberId);
      return [{ type: 'SecretariatMemberAppointed', data: { conventionId, memberId, appointedBy, appointedAt } }];
    }
    case 'RemoveSecretariatMember': {
      const { conventionId, memberId, removedBy, removedAt } = command.data;
      requireValid([...checkId('memberId', memberId), ...checkInstant('removedAt', removedAt)]);
      const convention = runningConvention(state, conventionId);
      if (!convention.secretariat.includes(memberId)) throw new NotASecretariatMemberError(memberId);
      return [{ type: 'SecretariatMemberRemoved', data: { conventionId, memberId, removedBy, removedAt } }];
    }
    case 'AdvanceConventionPhase':
      return advance(command, state);
    default:
      return assertNever(command);
  }
}

/**
 * Calls a convention with its rules of procedure, keeps its secretariat, and moves it forward
 * one phase at a time once each phase's conditions hold; entering DELEGATE_SELECTION apportions
 * the delegate seats in the same step.
 */
export const conventionDecider: Decider<ConventionCommand, ConventionEvent, ConventionState> = {
  decide,
  evolve: evolveConvention,
  initialState: initialConventionState,
};
