import { DomainError, ForbiddenError } from '../../../core/src';
import { ConventionPhase } from './convention.rules';

export class ConventionInProgressError extends DomainError {
  constructor(conventionId: string, phase: ConventionPhase) {
    super(
      'CONFLICT',
      'CONVENTION_IN_PROGRESS',
      `Convention ${conventionId} is in phase ${phase}; a new one can be called only once it is CLOSED`,
      { conventionId, phase },
    );
  }
}

export class ConventionNotFoundError extends DomainError {
  constructor(conventionId: string) {
    super('NOT_FOUND', 'CONVENTION_NOT_FOUND', `No convention ${conventionId} is running`, { conventionId });
  }
}

export class ConventionClosedError extends DomainError {
  constructor(conventionId: string) {
    super('CONFLICT', 'CONVENTION_CLOSED', `Convention ${conventionId} is closed`, { conventionId });
  }
}

export class NotOnSecretariatError extends ForbiddenError {
  constructor(memberId: string, conventionId: string) {
    super('NOT_ON_SECRETARIAT', `Member ${memberId} is not on the secretariat of convention ${conventionId}`);
  }
}

export class AlreadyOnSecretariatError extends DomainError {
  constructor(memberId: string) {
    super('CONFLICT', 'ALREADY_ON_SECRETARIAT', `Member ${memberId} is already on the secretariat`, { memberId });
  }
}

export class NotASecretariatMemberError extends DomainError {
  constructor(memberId: string) {
    super('CONFLICT', 'NOT_A_SECRETARIAT_MEMBER', `Member ${memberId} is not on the secretariat`, { memberId });
  }
}

export class PhaseNotNextError extends DomainError {
  constructor(from: ConventionPhase, to: ConventionPhase, next: ConventionPhase | null) {
    super(
      'CONFLICT',
      'PHASE_NOT_NEXT',
      next === null
        ? `The convention is ${from}; it has no further phase`
        : `The convention is ${from}; it can move only forward one step, to ${next}, not to ${to}`,
      { from, to, next },
    );
  }
}

export class PhaseDeadlineNotPassedError extends DomainError {
  constructor(phase: ConventionPhase, deadline: string) {
    super('CONFLICT', 'PHASE_DEADLINE_NOT_PASSED', `Phase ${phase} lasts until its deadline ${deadline}`, {
      phase,
      deadline,
    });
  }
}

export class DelegateElectionsNotTalliedError extends DomainError {
  constructor(chapters: readonly string[]) {
    super(
      'CONFLICT',
      'DELEGATE_ELECTIONS_NOT_TALLIED',
      `The delegate elections of ${chapters.length} chapter(s) with seats have not been closed and tallied`,
      { chapters },
    );
  }
}

export class PhaseConditionsNotMetError extends DomainError {
  constructor(blockers: readonly { code: string; message: string }[]) {
    super(
      'CONFLICT',
      'PHASE_CONDITIONS_NOT_MET',
      `The convention cannot move on: ${blockers.map((blocker) => blocker.message).join('; ')}`,
      { blockers },
    );
  }
}

export class MinimumSeatsExceedTotalError extends DomainError {
  constructor(chapters: number, minimum: number, total: number) {
    super(
      'CONFLICT',
      'MINIMUM_SEATS_EXCEED_TOTAL',
      `${chapters} chapters with ${minimum} seat(s) each need more than the ${total} seats to apportion`,
      { chapters, minimumSeatsPerChapter: minimum, totalSeats: total },
    );
  }
}

export class NoChapterWithMembersError extends DomainError {
  constructor() {
    super('CONFLICT', 'NO_CHAPTER_WITH_MEMBERS', 'No chapter has members to apportion seats to');
  }
}
