import { DomainError } from '../../../core/src';
import type { ChapterLifecycle } from './chapter.state';

export class ChapterAlreadyFoundedError extends DomainError {
  constructor(chapterId: string) {
    super('CONFLICT', 'CHAPTER_ALREADY_FOUNDED', `Chapter ${chapterId} has already been founded`, { chapterId });
  }
}

export class ChapterNameTakenError extends DomainError {
  constructor(name: string) {
    super('CONFLICT', 'CHAPTER_NAME_TAKEN', `A chapter named "${name}" already exists; choose another name`, {
      field: 'name',
    });
  }
}

/** Members can enter only ACTIVE chapters: not one still FORMING, not a CLOSED one. */
export class ChapterNotActiveError extends DomainError {
  constructor(chapterId: string, status: ChapterLifecycle) {
    super(
      'CONFLICT',
      'CHAPTER_NOT_ACTIVE',
      status === 'forming'
        ? `Chapter ${chapterId} is still being founded; sign its founding instead`
        : `Chapter ${chapterId} has been closed`,
      { chapterId, status: status.toUpperCase() },
    );
  }
}

/** Founders sign only while a chapter is FORMING. */
export class ChapterNotFormingError extends DomainError {
  constructor(chapterId: string, status: ChapterLifecycle) {
    super(
      'CONFLICT',
      'CHAPTER_NOT_FORMING',
      `Chapter ${chapterId} is ${status === 'active' ? 'already founded' : 'closed'}; founders can no longer sign`,
      { chapterId, status: status.toUpperCase() },
    );
  }
}

export class ChapterClosedError extends DomainError {
  constructor(chapterId: string) {
    super('CONFLICT', 'CHAPTER_CLOSED', `Chapter ${chapterId} has already been closed`, { chapterId });
  }
}

export class AlreadySignedFoundingError extends DomainError {
  constructor(chapterId: string) {
    super('CONFLICT', 'ALREADY_SIGNED', `You have already signed the founding of chapter ${chapterId}`, {
      chapterId,
    });
  }
}

export class BranchNotFoundError extends DomainError {
  constructor(branchId: string) {
    super('NOT_FOUND', 'BRANCH_NOT_FOUND', `No branch ${branchId} has been founded`, {
      field: 'branchId',
      branchId,
    });
  }
}

/** A chapter cannot be merged into, or succeeded by, itself. */
export class ChapterIntoItselfError extends DomainError {
  constructor(field: string) {
    super('BAD_USER_INPUT', 'CHAPTER_INTO_ITSELF', 'A chapter cannot be merged into or succeeded by itself', {
      field,
    });
  }
}
