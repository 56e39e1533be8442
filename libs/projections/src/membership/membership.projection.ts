import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../../event-store/src';
import type { ChapterEvent, MemberEvent } from '../../../membership/src';
import type { Projection } from '../projection';

/** Members and chapters as they are now: profiles, chapter membership and member counts. */
export const membershipProjection: Projection = {
  name: 'membership',
  version: 1,
  tables: ['members', 'chapters'],
  schema: `
    CREATE TABLE IF NOT EXISTS members (
      member_id   TEXT PRIMARY KEY,
      pseudonym   TEXT NOT NULL,
      region      TEXT,
      chapter_id  TEXT,
      enrolled_at TEXT NOT NULL,
      position    INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS members_by_chapter ON members (chapter_id);
    CREATE TABLE IF NOT EXISTS chapters (
      chapter_id   TEXT PRIMARY KEY,
      name         TEXT NOT NULL,
      kind         TEXT NOT NULL CHECK (kind IN ('local', 'online')),
      region       TEXT,
      founded_at   TEXT NOT NULL,
      member_count INTEGER NOT NULL DEFAULT 0,
      position     INTEGER NOT NULL
    );
  `,
  bind(db: Database.Database) {
    const insertMember = db.prepare(
      'INSERT INTO members (member_id, pseudonym, region, chapter_id, enrolled_at, position) VALUES (?, ?, ?, NULL, ?, ?)',
    );
    const setMemberChapter = db.prepare('UPDATE members SET chapter_id = ?, position = ? WHERE member_id = ?');
    const setMemberRegion = db.prepare('UPDATE members SET region = ?, position = ? WHERE member_id = ?');
    const insertChapter = db.prepare(
      'INSERT INTO chapters (chapter_id, name, kind, region, founded_at, member_count, position) VALUES (?, ?, ?, ?, ?, 0, ?)',
    );
    const countMember = db.prepare(
      'UPDATE chapters SET member_count = member_count + ?, position = ? WHERE chapter_id = ?',
    );

    return (recorded: RecordedEvent) => {
      const position = Number(recorded.position);
      const event = { type: recorded.type, data: recorded.data } as MemberEvent | ChapterEvent;
      switch (event.type) {
        case 'MemberEnrolled':
          insertMember.run(
            event.data.memberId,
            event.data.pseudonym,
            event.data.region,
            event.data.enrolledAt,
            position,
          );
          return;
        case 'MemberJoinedChapter':
          setMemberChapter.run(event.data.chapterId, position, event.data.memberId);
          countMember.run(1, position, event.data.chapterId);
          return;
        case 'MemberLeftChapter':
          setMemberChapter.run(null, position, event.data.memberId);
          countMember.run(-1, position, event.data.chapterId);
          return;
        case 'MemberRegionChanged':
          setMemberRegion.run(event.data.region, position, event.data.memberId);
          return;
        case 'ChapterFounded': {
          const place = event.data.place;
          insertChapter.run(
            event.data.chapterId,
            event.data.name,
            place.kind,
            place.kind === 'local' ? place.region : null,
            event.data.foundedAt,
            position,
          );
          return;
        }
        default:
          // Events of other contexts pass by this projection.
          return;
      }
    };
  },
};
