import { DomainError, ForbiddenError } from '../../../core/src';

export class AmendmentAlreadyProposedError extends DomainError {
  constructor(amendmentId: string) {
    super('CONFLICT', 'AMENDMENT_ALREADY_PROPOSED', `Amendment ${amendmentId} has already been proposed`, {
      amendmentId,
    });
  }
}

export class AmendmentNotFoundError extends DomainError {
  constructor(amendmentId: string) {
    super('NOT_FOUND', 'AMENDMENT_NOT_FOUND', `No amendment ${amendmentId} has been proposed`, { amendmentId });
  }
}

/** Outside the amendment phase or after its deadline. */
export class AmendmentSubmissionClosedError extends DomainError {
  constructor(reason: string) {
    super('CONFLICT', 'AMENDMENT_SUBMISSION_CLOSED', `Amendments cannot be submitted now: ${reason}`, { reason });
  }
}

export class AmendmentTooDeepError extends ForbiddenError {
  constructor(depth: number, allowed: number) {
    super(
      'AMENDMENT_TOO_DEEP',
      `The rules allow amendments ${allowed} level(s) deep; this one would be at level ${depth}`,
    );
  }
}

/** The version the amendment names is not the current one of what it amends. */
export class AmendmentBaseOutdatedError extends DomainError {
  constructor(baseVersion: number, currentVersion: number) {
    super(
      'CONFLICT',
      'AMENDMENT_BASE_OUTDATED',
      `The amendment is drafted on version ${baseVersion}, but the current version is ${currentVersion}`,
      { baseVersion, currentVersion },
    );
  }
}

export class AmendmentInConflictError extends DomainError {
  constructor(amendmentId: string, baseVersion: number, currentVersion: number) {
    super(
      'CONFLICT',
      'AMENDMENT_IN_CONFLICT',
      `Amendment ${amendmentId} was drafted on version ${baseVersion}, which is no longer current (${currentVersion}); its author must rebase it`,
      { amendmentId, baseVersion, currentVersion },
    );
  }
}

/** Withdrawn, accepted or decided amendments (and one being voted on) cannot change or be amended. */
export class AmendmentNotPendingError extends DomainError {
  constructor(amendmentId: string, status: string) {
    super('CONFLICT', 'AMENDMENT_NOT_PENDING', `Amendment ${amendmentId} is ${status}, not pending`, {
      amendmentId,
      status,
    });
  }
}

export class NotTheAuthorError extends ForbiddenError {
  constructor(memberId: string, amendmentId: string) {
    super('NOT_THE_AUTHOR', `Only the author of amendment ${amendmentId} may do this; member ${memberId} is not`);
  }
}

export class AmendmentNotUnderThisVoteError extends DomainError {
  constructor(amendmentId: string, voteId: string) {
    super(
      'CONFLICT',
      'AMENDMENT_NOT_UNDER_THIS_VOTE',
      `Amendment ${amendmentId} is not being decided by vote ${voteId}`,
      {
        amendmentId,
        voteId,
      },
    );
  }
}

/** The text is frozen while one of its secondary amendments is voted on. */
export class AmendmentHeldBySecondaryVoteError extends DomainError {
  constructor(amendmentId: string, secondaryAmendmentId: string, voteId: string) {
    super(
      'CONFLICT',
      'AMENDMENT_HELD_BY_SECONDARY_VOTE',
      `Amendment ${amendmentId} cannot change while vote ${voteId} on its secondary amendment ${secondaryAmendmentId} runs; wait for its close`,
      { amendmentId, secondaryAmendmentId, voteId },
    );
  }
}
