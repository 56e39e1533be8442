import { DomainError } from '../../../core/src';

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
