import { DomainError, ForbiddenError } from '../../../core/src';

export class NotACommitteeMemberError extends ForbiddenError {
  constructor(memberId: string | null) {
    super(
      'NOT_A_COMMITTEE_MEMBER',
      memberId === null
        ? 'Only a sitting committee member may do this once the committee is set up'
        : `Member ${memberId} does not sit on the consultative committee`,
    );
  }
}

export class CommitteeSetupNeedsOperatorError extends ForbiddenError {
  constructor() {
    super('COMMITTEE_SETUP_NEEDS_OPERATOR', 'The first committee member must be appointed by an operator');
  }
}

export class AlreadyOnCommitteeError extends DomainError {
  constructor(memberId: string) {
    super('CONFLICT', 'ALREADY_ON_COMMITTEE', `Member ${memberId} already sits on the committee`, { memberId });
  }
}

export class NotOnCommitteeError extends DomainError {
  constructor(memberId: string) {
    super('CONFLICT', 'NOT_ON_COMMITTEE', `Member ${memberId} does not sit on the committee`, { memberId });
  }
}

export class CommitteeWouldBeEmptyError extends DomainError {
  constructor(memberId: string) {
    super(
      'CONFLICT',
      'COMMITTEE_WOULD_BE_EMPTY',
      `Member ${memberId} is the last committee member and cannot retire until someone else is appointed`,
      { memberId },
    );
  }
}
