import { DomainError, ForbiddenError } from '../../../core/src';

export class InterimDecisionAlreadyProposedError extends DomainError {
  constructor(decisionId: string) {
    super('CONFLICT', 'DECISION_ALREADY_PROPOSED', `Interim decision ${decisionId} has already been proposed`, {
      decisionId,
    });
  }
}

export class InterimDecisionNotFoundError extends DomainError {
  constructor(decisionId: string) {
    super('NOT_FOUND', 'DECISION_NOT_FOUND', `No interim decision ${decisionId} has been proposed`, { decisionId });
  }
}

export class InterimDecisionKindNotAllowedError extends ForbiddenError {
  constructor(kind: string, allowedKinds: readonly string[]) {
    super(
      'DECISION_KIND_NOT_ALLOWED',
      `The committee may not take a decision of kind "${kind}" in the interim; allowed: ${allowedKinds.join(', ') || 'none'}`,
    );
  }
}

export class NotOnDecidingCommitteeError extends ForbiddenError {
  constructor(memberId: string, decisionId: string) {
    super(
      'NOT_A_COMMITTEE_MEMBER',
      `Member ${memberId} was not on the committee when interim decision ${decisionId} was proposed`,
    );
  }
}

export class InterimDecisionClosedError extends DomainError {
  constructor(decisionId: string, reason: 'adopted' | 'lapsed' | 'deadline passed') {
    super('CONFLICT', 'DECISION_CLOSED', `Interim decision ${decisionId} is closed (${reason})`, {
      decisionId,
      reason,
    });
  }
}

export class InterimDecisionStillOpenError extends DomainError {
  constructor(decisionId: string, deadline: string) {
    super(
      'CONFLICT',
      'DECISION_STILL_OPEN',
      `Interim decision ${decisionId} can be closed before its deadline ${deadline} only once its outcome is certain (adoption, or lapse)`,
      { decisionId, deadline },
    );
  }
}
