import { Injectable } from '@nestjs/common';
import { ReadModels } from '../infrastructure/read-models.service';
import { Chapter, ChapterKind, MemberProfile } from './membership.types';

interface ChapterRow {
  chapter_id: string;
  name: string;
  kind: 'local' | 'online';
  region: string | null;
  founded_at: string;
  member_count: number;
}

interface MemberRow {
  member_id: string;
  pseudonym: string;
  region: string | null;
  chapter_id: string | null;
  enrolled_at: string;
}

function toChapter(row: ChapterRow): Chapter {
  return {
    id: row.chapter_id,
    name: row.name,
    kind: row.kind === 'local' ? ChapterKind.LOCAL : ChapterKind.ONLINE,
    region: row.region,
    memberCount: row.member_count,
    foundedAt: row.founded_at,
  };
}

/** Queries over the membership projection's tables. */
@Injectable()
export class MembershipReadModel {
  private readonly chapterById;
  private readonly chapterPage;
  private readonly memberById;
  private readonly memberCounts;

  constructor({ db }: ReadModels) {
    this.chapterById = db.prepare<[string], ChapterRow>('SELECT * FROM chapters WHERE chapter_id = ?');
    this.chapterPage = db.prepare<[number, number], ChapterRow>(
      'SELECT * FROM chapters ORDER BY name COLLATE NOCASE, chapter_id LIMIT ? OFFSET ?',
    );
    this.memberById = db.prepare<[string], MemberRow>('SELECT * FROM members WHERE member_id = ?');
    this.memberCounts = db.prepare<[], { chapter_id: string; member_count: number }>(
      'SELECT chapter_id, member_count FROM chapters WHERE member_count > 0 ORDER BY chapter_id',
    );
  }

  chapter(chapterId: string): Chapter | null {
    const row = this.chapterById.get(chapterId);
    return row === undefined ? null : toChapter(row);
  }

  chapters(limit: number, offset: number): Chapter[] {
    return this.chapterPage.all(limit, offset).map(toChapter);
  }

  member(memberId: string): MemberProfile | null {
    const row = this.memberById.get(memberId);
    if (row === undefined) return null;
    return {
      id: row.member_id,
      pseudonym: row.pseudonym,
      region: row.region,
      chapter: row.chapter_id === null ? null : this.chapter(row.chapter_id),
      enrolledAt: row.enrolled_at,
    };
  }

  /** Members per chapter that has any, as of the read models' current position (for apportioning seats). */
  chapterMemberCounts(): { chapterId: string; members: number }[] {
    return this.memberCounts.all().map((row) => ({ chapterId: row.chapter_id, members: row.member_count }));
  }
}
