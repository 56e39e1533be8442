import { DomainError, ForbiddenError } from '../../../core/src';
import { ConventionPhase } from '../convention/convention.rules';

export class NotInDelegateSelectionError extends DomainError {
  constructor(phase: ConventionPhase) {
    super('CONFLICT', 'NOT_IN_DELEGATE_SELECTION', `The convention is in phase ${phase}, not DELEGATE_SELECTION`, {
      phase,
    });
  }
}

export class ChapterHasNoSeatsError extends DomainError {
  constructor(chapterId: string) {
    super('CONFLICT', 'CHAPTER_HAS_NO_SEATS', `Chapter ${chapterId} received no delegate seats`, { chapterId });
  }
}

export class NotAChapterMemberError extends ForbiddenError {
  constructor(memberId: string, chapterId: string) {
    super('NOT_A_CHAPTER_MEMBER', `Member ${memberId} is not a member of chapter ${chapterId}`);
  }
}

export class NomineeNotInChapterError extends DomainError {
  constructor(candidateId: string, chapterId: string) {
    super(
      'CONFLICT',
      'NOMINEE_NOT_IN_CHAPTER',
      `Member ${candidateId} is not a member of chapter ${chapterId} and cannot stand there`,
      { candidateId, chapterId },
    );
  }
}

export class AlreadyNominatedError extends DomainError {
  constructor(candidateId: string) {
    super('CONFLICT', 'ALREADY_NOMINATED', `Member ${candidateId} has already been nominated`, { candidateId });
  }
}

export class NominationNotFoundError extends DomainError {
  constructor(candidateId: string) {
    super('NOT_FOUND', 'NOMINATION_NOT_FOUND', `Member ${candidateId} has not been nominated`, { candidateId });
  }
}

export class NominationsClosedError extends DomainError {
  constructor(electionId: string) {
    super('CONFLICT', 'NOMINATIONS_CLOSED', `Nominations for election ${electionId} are closed`, { electionId });
  }
}

export class DelegateVotingNotOpenError extends DomainError {
  constructor(electionId: string) {
    super('CONFLICT', 'DELEGATE_VOTING_NOT_OPEN', `Voting in delegate election ${electionId} is not open`, {
      electionId,
    });
  }
}

export class DelegateVotingAlreadyOpenedError extends DomainError {
  constructor(electionId: string) {
    super(
      'CONFLICT',
      'DELEGATE_VOTING_ALREADY_OPENED',
      `Voting in delegate election ${electionId} has already opened`,
      {
        electionId,
      },
    );
  }
}

export class DelegateElectionTalliedError extends DomainError {
  constructor(electionId: string) {
    super('CONFLICT', 'DELEGATE_ELECTION_TALLIED', `Delegate election ${electionId} has been tallied`, { electionId });
  }
}

export class DelegateElectionNotTalliedError extends DomainError {
  constructor(electionId: string) {
    super('CONFLICT', 'DELEGATE_ELECTION_NOT_TALLIED', `Delegate election ${electionId} has not been tallied yet`, {
      electionId,
    });
  }
}

export class NotASeatedDelegateError extends DomainError {
  constructor(memberId: string) {
    super('CONFLICT', 'NOT_A_SEATED_DELEGATE', `Member ${memberId} does not hold a delegate seat`, { memberId });
  }
}

export class AlreadyCredentialedError extends DomainError {
  constructor(memberId: string) {
    super('CONFLICT', 'ALREADY_CREDENTIALED', `Delegate ${memberId} is already credentialed`, { memberId });
  }
}

export class NotADelegateError extends DomainError {
  constructor(memberId: string) {
    super('CONFLICT', 'NOT_A_DELEGATE', `Member ${memberId} is neither a delegate nor an alternate`, { memberId });
  }
}

export class AlreadyWithdrawnError extends DomainError {
  constructor(memberId: string) {
    super('CONFLICT', 'ALREADY_WITHDRAWN', `Member ${memberId} has already withdrawn`, { memberId });
  }
}

/** A member who moved chapters during delegate selection has already voted in their first one. */
export class AlreadyVotedElsewhereError extends DomainError {
  constructor() {
    super(
      'CONFLICT',
      'ALREADY_VOTED_IN_ANOTHER_CHAPTER',
      "You have already voted in another chapter's delegate election of this convention; a member votes in one only",
    );
  }
}

/** A ballot marks someone who is not standing in this election. */
export class UnknownCandidateError extends DomainError {
  constructor(field: 'ranking' | 'approved', candidates: readonly string[]) {
    super(
      'BAD_USER_INPUT',
      'UNKNOWN_CANDIDATE',
      `${field}: ${candidates.join(', ')} ${candidates.length === 1 ? 'is' : 'are'} not standing in this election; mark only its candidates`,
      { field, candidates: [...candidates] },
    );
  }
}

/** A ballot marks one candidate more than once. */
export class DuplicateMarkError extends DomainError {
  constructor(field: 'ranking' | 'approved', candidates: readonly string[]) {
    super(
      'BAD_USER_INPUT',
      field === 'ranking' ? 'DUPLICATE_RANKING' : 'DUPLICATE_APPROVAL',
      `${field}: ${candidates.join(', ')} ${field === 'ranking' ? 'ranked' : 'approved'} more than once; mark each candidate at most once`,
      { field, candidates: [...candidates] },
    );
  }
}
