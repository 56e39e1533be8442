import { DomainError } from '../../../core/src';

export class MemberAlreadyEnrolledError extends DomainError {
  constructor(memberId: string) {
    super('CONFLICT', 'MEMBER_ALREADY_ENROLLED', `Member ${memberId} is already enrolled`, { memberId });
  }
}

export class MemberNotFoundError extends DomainError {
  constructor(memberId: string) {
    super('NOT_FOUND', 'MEMBER_NOT_FOUND', `No member ${memberId} is enrolled`, { memberId });
  }
}

export class PseudonymTakenError extends DomainError {
  constructor(pseudonym: string) {
    super('CONFLICT', 'PSEUDONYM_TAKEN', `The pseudonym "${pseudonym}" is already taken; choose another`, {
      field: 'pseudonym',
    });
  }
}

export class ChapterNotFoundError extends DomainError {
  constructor(chapterId: string) {
    super('NOT_FOUND', 'CHAPTER_NOT_FOUND', `No chapter ${chapterId} has been founded`, { chapterId });
  }
}

export class AlreadyInChapterError extends DomainError {
  constructor(chapterId: string) {
    super('CONFLICT', 'ALREADY_IN_CHAPTER', `You are already a member of chapter ${chapterId}`, { chapterId });
  }
}

export class InAnotherChapterError extends DomainError {
  constructor(currentChapterId: string) {
    super(
      'CONFLICT',
      'IN_ANOTHER_CHAPTER',
      `You are a member of chapter ${currentChapterId}; leave it before joining another`,
      { chapterId: currentChapterId },
    );
  }
}

export class NotInAChapterError extends DomainError {
  constructor() {
    super('CONFLICT', 'NOT_IN_A_CHAPTER', 'You are not a member of any chapter');
  }
}

/** A resigned member keeps their pseudonym but can no longer act as a member. */
export class MemberResignedError extends DomainError {
  constructor(memberId: string) {
    super('CONFLICT', 'MEMBER_RESIGNED', `Member ${memberId} has resigned and can no longer do this`, { memberId });
  }
}

export class CommitmentsNotAcceptedError extends DomainError {
  constructor(currentVersion: number) {
    super(
      'BAD_USER_INPUT',
      'COMMITMENTS_NOT_ACCEPTED',
      `Enrolment needs acceptance of the commitments: accept version ${currentVersion}, the current one`,
      { field: 'acceptedCommitmentsVersion', currentVersion },
    );
  }
}

export class CommitmentsVersionOutdatedError extends DomainError {
  constructor(acceptedVersion: number, currentVersion: number) {
    super(
      'CONFLICT',
      'COMMITMENTS_VERSION_OUTDATED',
      `Version ${acceptedVersion} of the commitments has been superseded: read and accept version ${currentVersion}, the current one`,
      { field: 'acceptedCommitmentsVersion', acceptedVersion, currentVersion },
    );
  }
}

export class CommitmentsVersionUnknownError extends DomainError {
  constructor(acceptedVersion: number, currentVersion: number | null) {
    super(
      'BAD_USER_INPUT',
      'COMMITMENTS_VERSION_UNKNOWN',
      currentVersion === null
        ? `No commitments have been published yet, so version ${acceptedVersion} cannot be accepted; leave it out`
        : `Version ${acceptedVersion} of the commitments does not exist; the current one is ${currentVersion}`,
      { field: 'acceptedCommitmentsVersion', acceptedVersion, currentVersion },
    );
  }
}

export class PersonalDataErasedError extends DomainError {
  constructor(memberId: string) {
    super(
      'CONFLICT',
      'PERSONAL_DATA_ERASED',
      `The personal data of member ${memberId} has been erased; none can be stored for them again`,
      { memberId },
    );
  }
}

/** The member is held for a chapter whose founding is completing; it ends in a moment either way. */
export class ReservedForFoundingError extends DomainError {
  constructor(chapterId: string) {
    super(
      'CONFLICT',
      'RESERVED_FOR_FOUNDING',
      `You are being seated as a founder of chapter ${chapterId}, whose founding is completing; try again in a moment`,
      { chapterId },
    );
  }
}
