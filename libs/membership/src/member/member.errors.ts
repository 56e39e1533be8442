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
