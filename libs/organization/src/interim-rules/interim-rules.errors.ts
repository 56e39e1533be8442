import { DomainError, ForbiddenError } from '../../../core/src';
import { INTERIM_RULES_DECISION_KIND } from './interim-rules.events';

export class InterimRulesDecisionNotAdoptedError extends ForbiddenError {
  constructor(decisionId: string) {
    super(
      'DECISION_NOT_ADOPTED',
      `Interim decision ${decisionId} has not been adopted, so it cannot change the interim rules`,
    );
  }
}

export class InterimRulesDecisionWrongKindError extends ForbiddenError {
  constructor(decisionId: string, kind: string | null) {
    super(
      'DECISION_WRONG_KIND',
      `Interim decision ${decisionId} is of kind "${kind ?? 'unknown'}"; only a decision of kind "${INTERIM_RULES_DECISION_KIND}" may change the interim rules`,
    );
  }
}

export class InterimRulesDecisionAlreadyAppliedError extends DomainError {
  constructor(decisionId: string) {
    super('CONFLICT', 'DECISION_ALREADY_APPLIED', `Interim decision ${decisionId} has already changed the rules once`, {
      decisionId,
    });
  }
}

export class InterimRulesDifferFromDecisionError extends ForbiddenError {
  constructor(decisionId: string) {
    super(
      'RULES_DIFFER_FROM_DECISION',
      `Interim decision ${decisionId} adopted other rules than these; only the rules the committee adopted may be put in force`,
    );
  }
}
