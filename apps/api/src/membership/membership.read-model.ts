import { Inject, Injectable } from '@nestjs/common';
import { Page, pageOf } from '../graphql/connection';
import { SealedValue } from '../../../../libs/core/src';
import { KeyVault } from '../../../../libs/privacy/src';
import { ReadModelSource, ReadModels } from '../infrastructure/read-models.service';
import { KEY_VAULT } from '../infrastructure/tokens';
import { Chapter, ChapterKind, ChapterStatus, MemberProfile, MemberStatus } from './membership.types';

interface ChapterRow {
  chapter_id: string;
  name: string;
  kind: 'local' | 'online';
  region: string | null;
  branch_id: string | null;
  status: 'forming' | 'active' | 'closed';
  started_at: string;
  founded_at: string | null;
  closed_at: string | null;
  successor_chapter_id: string | null;
  member_count: number;
}

interface MemberRow {
  member_id: string;
  pseudonym: string;
  region: string | null;
  chapter_id: string | null;
  status: 'active' | 'resigned';
  accepted_commitments_version: number | null;
  enrolled_at: string;
  resigned_at: string | null;
  contact: string | null;
  personal_data_erased_at: string | null;
}

const CHAPTER_STATUS = { forming: ChapterStatus.FORMING, active: ChapterStatus.ACTIVE, closed: ChapterStatus.CLOSED };

/** Queries over the membership projection's tables, live or as of a past position. */
@Injectable()
export class MembershipReadModel {
  private readonly chapterById;
  private readonly chapterPage;
  private readonly chapterCount;
  private readonly foundersOf;
  private readonly memberById;
  private readonly memberCounts;
  private readonly membersOfChapter;
  private readonly db: ReadModelSource['db'];

  constructor(
    @Inject(ReadModels) { db }: ReadModelSource,
    /** Null where contact details are never needed (e.g. listing chapters for another slice): contact reads as null. */
    @Inject(KEY_VAULT) private readonly vault: KeyVault | null,
  ) {
    this.chapterById = db.prepare<[string], ChapterRow>('SELECT * FROM chapters WHERE chapter_id = ?');
    // After a cursor's chapter in (name, id) order; the cursor holds only the id, since names
    // do not change once founded and the chapter stays in the table for good.
    this.chapterPage = db.prepare<{ after: string | null; limit: number }, ChapterRow>(
      `SELECT * FROM chapters
        WHERE @after IS NULL
           OR (name COLLATE NOCASE, chapter_id) >
              ((SELECT name FROM chapters WHERE chapter_id = @after) COLLATE NOCASE, @after)
        ORDER BY name COLLATE NOCASE, chapter_id
        LIMIT @limit`,
    );
    this.chapterCount = db.prepare<[], number>('SELECT count(*) FROM chapters').pluck();
    this.foundersOf = db
      .prepare<[string], string>(
        `SELECT m.pseudonym FROM chapter_founders f JOIN members m ON m.member_id = f.member_id
         WHERE f.chapter_id = ? ORDER BY f.position, f.member_id`,
      )
      .pluck();
    this.memberById = db.prepare<[string], MemberRow>('SELECT * FROM members WHERE member_id = ?');
    this.memberCounts = db.prepare<[], { chapter_id: string; member_count: number }>(
      "SELECT chapter_id, member_count FROM chapters WHERE status = 'active' AND member_count > 0 ORDER BY chapter_id",
    );
    this.membersOfChapter = db
      .prepare<[string], string>('SELECT member_id FROM members WHERE chapter_id = ? ORDER BY member_id')
      .pluck();
    this.db = db;
  }

  private toChapter(row: ChapterRow): Chapter {
    return {
      id: row.chapter_id,
      name: row.name,
      kind: row.kind === 'local' ? ChapterKind.LOCAL : ChapterKind.ONLINE,
      region: row.region,
      branchId: row.branch_id,
      status: CHAPTER_STATUS[row.status],
      founders: this.foundersOf.all(row.chapter_id),
      memberCount: row.member_count,
      startedAt: row.started_at,
      foundedAt: row.founded_at,
      closedAt: row.closed_at,
      successorChapterId: row.successor_chapter_id,
    };
  }

  chapter(chapterId: string): Chapter | null {
    const row = this.chapterById.get(chapterId);
    return row === undefined ? null : this.toChapter(row);
  }

  /** A page of chapters by name (case-insensitive), then id, after the chapter `after`. */
  chapters(first: number, after: string | null): Page<Chapter> {
    return pageOf(
      this.chapterPage.all({ after, limit: first + 1 }),
      first,
      this.chapterCount.get() ?? 0,
      (row) => row.chapter_id,
      (row) => this.toChapter(row),
    );
  }

  /** Ids of the members currently in a chapter, as far as the read model has got. */
  memberIdsInChapter(chapterId: string): string[] {
    return this.membersOfChapter.all(chapterId);
  }

  /**
   * The members in a chapter together with the log position the list is exact for. Both are
   * read in one synchronous step, and the projector commits each batch with its checkpoint, so
   * no batch can fall between them: the list is what the log up to that position says.
   */
  membersOfChapterAt(chapterId: string): { position: bigint; memberIds: string[] } {
    const checkpoint = this.db
      .prepare<[], number>("SELECT position FROM projection_checkpoints WHERE name = 'membership'")
      .pluck()
      .get();
    const position = BigInt(checkpoint ?? 0);
    return { position, memberIds: this.membersOfChapter.all(chapterId) };
  }

  async member(memberId: string): Promise<MemberProfile | null> {
    const row = this.memberById.get(memberId);
    if (row === undefined) return null;
    return {
      id: row.member_id,
      pseudonym: row.pseudonym,
      region: row.region,
      status: row.status === 'active' ? MemberStatus.ACTIVE : MemberStatus.RESIGNED,
      chapter: row.chapter_id === null ? null : this.chapter(row.chapter_id),
      acceptedCommitmentsVersion: row.accepted_commitments_version,
      enrolledAt: row.enrolled_at,
      resignedAt: row.resigned_at,
      // The read model keeps only the sealed copy; it opens with the member's key, or not at all once erased.
      contact:
        row.contact === null || this.vault === null
          ? null
          : await this.vault.open(JSON.parse(row.contact) as SealedValue),
      personalDataErasedAt: row.personal_data_erased_at,
    };
  }

  /** Members per active chapter that has any, as of the read models' current position (for apportioning seats). */
  chapterMemberCounts(): { chapterId: string; members: number }[] {
    return this.memberCounts.all().map((row) => ({ chapterId: row.chapter_id, members: row.member_count }));
  }
}
