import { DomainError } from '../../../core/src';

export class ProposalNotAdoptedError extends DomainError {
  constructor(proposalId: string, status: string) {
    super(
      'CONFLICT',
      'PROPOSAL_NOT_ADOPTED',
      `Proposal ${proposalId} is ${status}; only an adopted proposal takes effect`,
      {
        proposalId,
        status,
      },
    );
  }
}

export class CharterAlreadyRatifiedError extends DomainError {
  constructor() {
    super('CONFLICT', 'CHARTER_ALREADY_RATIFIED', 'The charter has been ratified; the final structure is in force');
  }
}

export class RuleNotFoundError extends DomainError {
  constructor(ruleId: string) {
    super('NOT_FOUND', 'RULE_NOT_FOUND', `No rule ${ruleId} has been adopted`, { ruleId });
  }
}

export class RuleAlreadyExistsError extends DomainError {
  constructor(ruleId: string) {
    super('CONFLICT', 'RULE_ALREADY_EXISTS', `Rule ${ruleId} already exists`, { ruleId });
  }
}

export class RuleRepealedError extends DomainError {
  constructor(ruleId: string) {
    super('CONFLICT', 'RULE_REPEALED', `Rule ${ruleId} has been repealed`, { ruleId });
  }
}

/** The proposal was drafted on a version of the rule that another adopted proposal has since replaced. */
export class RuleChangedSinceProposalError extends DomainError {
  constructor(ruleId: string, draftedOn: number, current: number) {
    super(
      'CONFLICT',
      'RULE_CHANGED_SINCE_PROPOSAL',
      `The proposal changes version ${draftedOn} of rule ${ruleId}, but it is now at version ${current}`,
      { ruleId, draftedOn, current },
    );
  }
}

export class CharterEntryExistsError extends DomainError {
  constructor(what: 'body' | 'commitment' | 'campaign', id: string) {
    super('CONFLICT', `${what.toUpperCase()}_ALREADY_EXISTS`, `A ${what} ${id} already exists`, { id });
  }
}
