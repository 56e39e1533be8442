import { DomainError, ForbiddenError } from '../../../core/src';

export class ProposalAlreadySubmittedError extends DomainError {
  constructor(proposalId: string) {
    super('CONFLICT', 'PROPOSAL_ALREADY_SUBMITTED', `Proposal ${proposalId} has already been submitted`, {
      proposalId,
    });
  }
}

export class ProposalNotFoundError extends DomainError {
  constructor(proposalId: string) {
    super('NOT_FOUND', 'PROPOSAL_NOT_FOUND', `No proposal ${proposalId} has been submitted`, { proposalId });
  }
}

/** Outside the submission phase or after its deadline. */
export class ProposalSubmissionClosedError extends DomainError {
  constructor(reason: string) {
    super('CONFLICT', 'PROPOSAL_SUBMISSION_CLOSED', `Proposals cannot be submitted now: ${reason}`, { reason });
  }
}

export class NotTheSponsorError extends ForbiddenError {
  constructor(memberId: string, proposalId: string) {
    super('NOT_THE_SPONSOR', `Only the sponsor of proposal ${proposalId} may do this; member ${memberId} is not`);
  }
}

export class SponsorCannotSecondError extends ForbiddenError {
  constructor(proposalId: string) {
    super('SPONSOR_CANNOT_SECOND', `The sponsor of proposal ${proposalId} cannot also second it`);
  }
}

/** Withdrawn or decided proposals (and one being voted on) can no longer change. */
export class ProposalNotAmendableError extends DomainError {
  constructor(proposalId: string, status: string) {
    super('CONFLICT', 'PROPOSAL_NOT_AMENDABLE', `Proposal ${proposalId} is ${status} and can no longer be amended`, {
      proposalId,
      status,
    });
  }
}

export class ProposalClosedError extends DomainError {
  constructor(proposalId: string, status: string) {
    super('CONFLICT', 'PROPOSAL_CLOSED', `Proposal ${proposalId} is ${status}`, { proposalId, status });
  }
}

export class ProposalUnderVoteError extends DomainError {
  constructor(proposalId: string) {
    super('CONFLICT', 'PROPOSAL_UNDER_VOTE', `Proposal ${proposalId} is being voted on and cannot be withdrawn`, {
      proposalId,
    });
  }
}

export class FriendlyAmendmentsNotAllowedError extends ForbiddenError {
  constructor() {
    super('FRIENDLY_AMENDMENTS_NOT_ALLOWED', 'The rules of procedure do not allow friendly amendments');
  }
}

export class ProposalNotSecondedError extends DomainError {
  constructor(proposalId: string, seconders: number, required: number) {
    super(
      'CONFLICT',
      'PROPOSAL_NOT_SECONDED',
      `Proposal ${proposalId} has ${seconders} of the ${required} seconders the rules require`,
      { proposalId, seconders, required },
    );
  }
}

export class ProposalNotUnderThisVoteError extends DomainError {
  constructor(proposalId: string, voteId: string) {
    super('CONFLICT', 'PROPOSAL_NOT_UNDER_THIS_VOTE', `Proposal ${proposalId} is not being decided by vote ${voteId}`, {
      proposalId,
      voteId,
    });
  }
}

/** The text is frozen while one of its primary amendments is voted on. */
export class ProposalHeldByAmendmentVoteError extends DomainError {
  constructor(proposalId: string, amendmentId: string, voteId: string) {
    super(
      'CONFLICT',
      'PROPOSAL_HELD_BY_AMENDMENT_VOTE',
      `Proposal ${proposalId} cannot change while vote ${voteId} on its amendment ${amendmentId} runs; wait for its close`,
      { proposalId, amendmentId, voteId },
    );
  }
}
