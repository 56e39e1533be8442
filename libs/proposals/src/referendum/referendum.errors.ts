import { DomainError, ForbiddenError } from '../../../core/src';

export class ReferendumAlreadyOpenedError extends DomainError {
  constructor(referendumId: string) {
    super('CONFLICT', 'REFERENDUM_ALREADY_OPENED', `Referendum ${referendumId} has already been opened`, {
      referendumId,
    });
  }
}

export class ReferendumNotFoundError extends DomainError {
  constructor(referendumId: string) {
    super('NOT_FOUND', 'REFERENDUM_NOT_FOUND', `No referendum ${referendumId} has been opened`, { referendumId });
  }
}

export class ReferendumClosedError extends DomainError {
  constructor(referendumId: string) {
    super('CONFLICT', 'REFERENDUM_CLOSED', `Referendum ${referendumId} is closed`, { referendumId });
  }
}

/** Only members in good standing vote: not one who resigned, however recently. */
export class VoterNotInGoodStandingError extends ForbiddenError {
  constructor() {
    super('VOTER_NOT_IN_GOOD_STANDING', 'Only members in good standing may vote in a referendum');
  }
}

export class TrackerTakenError extends DomainError {
  constructor() {
    super('CONFLICT', 'TRACKER_TAKEN', 'This tracker is already used by another ballot; draw a new one');
  }
}

export class ReferendumElectorateExceededError extends DomainError {
  constructor(referendumId: string, electorateSize: number) {
    super(
      'CONFLICT',
      'ELECTORATE_EXCEEDED',
      `Referendum ${referendumId} already has a ballot for each of its ${electorateSize} voters`,
      { referendumId, electorateSize },
    );
  }
}

/** The count comes only after the line: a referendum still open has nothing fixed to count. */
export class ReferendumStillOpenError extends DomainError {
  constructor(referendumId: string) {
    super('CONFLICT', 'REFERENDUM_STILL_OPEN', `Referendum ${referendumId} is still open; close it before counting`, {
      referendumId,
    });
  }
}
