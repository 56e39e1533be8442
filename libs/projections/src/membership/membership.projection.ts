import type Database from 'better-sqlite3';
import type { SealedValue } from '../../../core/src';
import type { RecordedEvent } from '../../../event-store/src';
import type { ChapterEvent, MemberEvent } from '../../../membership/src';
import type { Projection } from '../projection';

/**
 * Members and chapters as they are now: profiles and status, chapter lifecycle and founders,
 * chapter membership and member counts (resigned and departed members are not counted).
 */
/** Sealed contact details as stored: the sealed value's JSON, never plain text. */
function sealedText(contact: SealedValue | null | undefined): string | null {
  return contact === null || contact === undefined ? null : JSON.stringify(contact);
}

export const membershipProjection: Projection = {
  name: 'membership',
  version: 3,
  tables: ['members', 'chapters', 'chapter_founders'],
  schema: `
    CREATE TABLE IF NOT EXISTS members (
      member_id   TEXT PRIMARY KEY,
      pseudonym   TEXT NOT NULL,
      region      TEXT,
      chapter_id  TEXT,
      status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'resigned')),
      accepted_commitments_version INTEGER,
      enrolled_at TEXT NOT NULL,
      resigned_at TEXT,
      contact     TEXT,
      personal_data_erased_at TEXT,
      position    INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS members_by_chapter ON members (chapter_id);
    CREATE TABLE IF NOT EXISTS chapters (
      chapter_id   TEXT PRIMARY KEY,
      name         TEXT NOT NULL,
      kind         TEXT NOT NULL CHECK (kind IN ('local', 'online')),
      region       TEXT,
      branch_id    TEXT,
      status       TEXT NOT NULL CHECK (status IN ('forming', 'active', 'closed')),
      started_at   TEXT NOT NULL,
      founded_at   TEXT,
      closed_at    TEXT,
      closed_by    TEXT CHECK (closed_by IN ('merger', 'dissolution')),
      successor_chapter_id TEXT,
      member_count INTEGER NOT NULL DEFAULT 0,
      position     INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS chapter_founders (
      chapter_id TEXT NOT NULL,
      member_id  TEXT NOT NULL,
      signed_at  TEXT NOT NULL,
      position   INTEGER NOT NULL,
      PRIMARY KEY (chapter_id, member_id)
    );
  `,
  bind(db: Database.Database) {
    const insertMember = db.prepare(
      `INSERT INTO members (member_id, pseudonym, region, chapter_id, status, accepted_commitments_version, enrolled_at, contact, position)
       VALUES (?, ?, ?, NULL, 'active', ?, ?, ?, ?)`,
    );
    const setMemberChapter = db.prepare('UPDATE members SET chapter_id = ?, position = ? WHERE member_id = ?');
    const setMemberContact = db.prepare('UPDATE members SET contact = ?, position = ? WHERE member_id = ?');
    const eraseMember = db.prepare(
      'UPDATE members SET contact = NULL, personal_data_erased_at = ?, position = ? WHERE member_id = ?',
    );
    const setMemberRegion = db.prepare('UPDATE members SET region = ?, position = ? WHERE member_id = ?');
    const resignMember = db.prepare(
      `UPDATE members SET status = 'resigned', chapter_id = NULL, resigned_at = ?, position = ? WHERE member_id = ?`,
    );
    const insertChapter = db.prepare(
      `INSERT INTO chapters (chapter_id, name, kind, region, branch_id, status, started_at, member_count, position)
       VALUES (?, ?, ?, ?, ?, 'forming', ?, 0, ?)`,
    );
    const activateChapter = db.prepare(
      `UPDATE chapters SET status = 'active', founded_at = ?, position = ? WHERE chapter_id = ?`,
    );
    const closeChapter = db.prepare(
      `UPDATE chapters SET status = 'closed', closed_at = ?, closed_by = ?, successor_chapter_id = ?, position = ?
       WHERE chapter_id = ?`,
    );
    const insertFounder = db.prepare(
      'INSERT INTO chapter_founders (chapter_id, member_id, signed_at, position) VALUES (?, ?, ?, ?)',
    );
    const countMember = db.prepare(
      'UPDATE chapters SET member_count = member_count + ?, position = ? WHERE chapter_id = ?',
    );
    const move = (memberId: string, from: string | null, to: string | null, position: number) => {
      setMemberChapter.run(to, position, memberId);
      if (from !== null) countMember.run(-1, position, from);
      if (to !== null) countMember.run(1, position, to);
    };

    return (recorded: RecordedEvent) => {
      const position = Number(recorded.position);
      const event = { type: recorded.type, data: recorded.data } as MemberEvent | ChapterEvent;
      switch (event.type) {
        case 'MemberEnrolled':
          insertMember.run(
            event.data.memberId,
            event.data.pseudonym,
            event.data.region,
            event.data.acceptedCommitmentsVersion ?? null,
            event.data.enrolledAt,
            sealedText(event.data.contact),
            position,
          );
          return;
        case 'MemberContactDetailsChanged':
          setMemberContact.run(sealedText(event.data.contact), position, event.data.memberId);
          return;
        case 'MemberPersonalDataErased':
          // The key is already gone; dropping the sealed copy too leaves nothing to attempt.
          eraseMember.run(event.data.erasedAt, position, event.data.memberId);
          return;
        case 'MemberJoinedChapter':
          move(event.data.memberId, null, event.data.chapterId, position);
          return;
        case 'MemberLeftChapter':
          move(event.data.memberId, event.data.chapterId, null, position);
          return;
        case 'MemberReleasedByDissolution':
          move(event.data.memberId, event.data.chapterId, null, position);
          return;
        case 'MemberTransferredChapter':
        case 'MemberMovedByMerger':
        case 'MemberMovedToSuccessorChapter':
          move(event.data.memberId, event.data.fromChapterId, event.data.toChapterId, position);
          return;
        case 'MemberResigned':
          resignMember.run(event.data.resignedAt, position, event.data.memberId);
          if (event.data.chapterId !== null) countMember.run(-1, position, event.data.chapterId);
          return;
        case 'MemberRegionChanged':
          setMemberRegion.run(event.data.region, position, event.data.memberId);
          return;
        case 'MemberFounderJoinSkipped':
        case 'ChapterMembersMoved':
          // Each moved member's own event already updated the tables.
          return;
        case 'ChapterFoundingStarted': {
          const place = event.data.place;
          insertChapter.run(
            event.data.chapterId,
            event.data.name,
            place.kind,
            place.kind === 'local' ? place.region : null,
            event.data.branchId,
            event.data.startedAt,
            position,
          );
          return;
        }
        case 'ChapterFoundingSigned':
          insertFounder.run(event.data.chapterId, event.data.memberId, event.data.signedAt, position);
          return;
        case 'ChapterFounded':
          activateChapter.run(event.data.foundedAt, position, event.data.chapterId);
          return;
        case 'ChapterMergedInto':
          closeChapter.run(event.data.mergedAt, 'merger', event.data.intoChapterId, position, event.data.chapterId);
          return;
        case 'ChapterDissolved':
          closeChapter.run(
            event.data.dissolvedAt,
            'dissolution',
            event.data.successorChapterId,
            position,
            event.data.chapterId,
          );
          return;
        default:
          // Events of other contexts pass by this projection.
          return;
      }
    };
  },
};
