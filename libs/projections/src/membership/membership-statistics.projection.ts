import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../../event-store/src';
import type { ChapterEvent, MemberEvent } from '../../../membership/src';
import type { BranchEvent } from '../../../organization/src';
import type { Projection } from '../projection';

/**
 * The most members a region's first arrivals are recorded for (`stats_region_milestones`): the
 * statistics list a region by name only once it has reached the minimum cell size, which the
 * configuration bounds by this.
 */
export const REGION_MILESTONE_LIMIT = 100;

/**
 * Membership over time, for the published statistics: every member in good standing (enrolled,
 * not resigned) as a sequence of spells, each a stretch of time in one chapter (or none) and one
 * region (or none), from the instant it began to the instant it ended (open while it lasts). A
 * count as of an instant is then the spells that had begun by it and had not yet ended.
 *
 * Instants are the acceptance times of the member events read here (enrolments, chapter moves,
 * region changes, resignations), made non-decreasing along the log (such an event accepted a moment before the previous
 * one, by another process, counts from the previous one's time), so every spell ends no earlier
 * than it began and the counts as of any instant are those of a prefix of the log. Branches and chapters are kept with their names for the rows.
 *
 * The tables hold no member ids beside the current spell of each member, so the history cannot
 * be read back as one member's path.
 */
export const membershipStatisticsProjection: Projection = {
  name: 'membership-statistics',
  version: 1,
  tables: [
    'stats_branches',
    'stats_chapters',
    'stats_members',
    'stats_spells',
    'stats_region_counts',
    'stats_region_milestones',
    'stats_clock',
  ],
  schema: `
    CREATE TABLE IF NOT EXISTS stats_branches (
      branch_id TEXT PRIMARY KEY,
      name      TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS stats_chapters (
      chapter_id TEXT PRIMARY KEY,
      name       TEXT NOT NULL,
      branch_id  TEXT
    );
    -- Members in good standing and their current spell; a resignation removes the row.
    CREATE TABLE IF NOT EXISTS stats_members (
      member_id  TEXT PRIMARY KEY,
      chapter_id TEXT,
      region     TEXT,
      spell_id   INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS stats_spells (
      spell_id   INTEGER PRIMARY KEY,
      chapter_id TEXT,
      region     TEXT,
      started_at TEXT NOT NULL,
      ended_at   TEXT
    );
    CREATE INDEX IF NOT EXISTS stats_spells_by_start ON stats_spells (started_at);
    -- Members per named region now, and the most there have ever been.
    CREATE TABLE IF NOT EXISTS stats_region_counts (
      region  TEXT PRIMARY KEY,
      members INTEGER NOT NULL,
      peak    INTEGER NOT NULL
    );
    -- The instant each named region first had this many members (1 to ${REGION_MILESTONE_LIMIT}).
    CREATE TABLE IF NOT EXISTS stats_region_milestones (
      region     TEXT NOT NULL,
      members    INTEGER NOT NULL,
      reached_at TEXT NOT NULL,
      PRIMARY KEY (region, members)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS stats_clock (
      clock TEXT PRIMARY KEY CHECK (clock = 'clock'),
      at    TEXT NOT NULL
    );
  `,
  bind(db: Database.Database) {
    const insertBranch = db.prepare('INSERT OR IGNORE INTO stats_branches (branch_id, name) VALUES (?, ?)');
    const insertChapter = db.prepare(
      'INSERT OR IGNORE INTO stats_chapters (chapter_id, name, branch_id) VALUES (?, ?, ?)',
    );
    const member = db.prepare<[string], { chapter_id: string | null; region: string | null; spell_id: number }>(
      'SELECT chapter_id, region, spell_id FROM stats_members WHERE member_id = ?',
    );
    const upsertMember = db.prepare(
      `INSERT INTO stats_members (member_id, chapter_id, region, spell_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (member_id) DO UPDATE SET chapter_id = excluded.chapter_id, region = excluded.region,
         spell_id = excluded.spell_id`,
    );
    const deleteMember = db.prepare('DELETE FROM stats_members WHERE member_id = ?');
    const openSpell = db.prepare('INSERT INTO stats_spells (chapter_id, region, started_at) VALUES (?, ?, ?)');
    const endSpell = db.prepare('UPDATE stats_spells SET ended_at = ? WHERE spell_id = ?');
    const regionCount = db.prepare<[string], { members: number; peak: number }>(
      'SELECT members, peak FROM stats_region_counts WHERE region = ?',
    );
    const setRegionCount = db.prepare(
      `INSERT INTO stats_region_counts (region, members, peak) VALUES (?, ?, ?)
       ON CONFLICT (region) DO UPDATE SET members = excluded.members, peak = excluded.peak`,
    );
    const insertMilestone = db.prepare(
      'INSERT OR IGNORE INTO stats_region_milestones (region, members, reached_at) VALUES (?, ?, ?)',
    );
    const clock = db.prepare<[], string>("SELECT at FROM stats_clock WHERE clock = 'clock'").pluck();
    const setClock = db.prepare(
      "INSERT INTO stats_clock (clock, at) VALUES ('clock', ?) ON CONFLICT (clock) DO UPDATE SET at = excluded.at",
    );

    /** The event's instant, never earlier than the last one applied. */
    const instantOf = (recorded: RecordedEvent): string => {
      const accepted = new Date(recorded.metadata.acceptedAt).toISOString();
      const last = clock.get();
      const at = last !== undefined && last > accepted ? last : accepted;
      setClock.run(at);
      return at;
    };
    const countRegion = (region: string | null, change: 1 | -1, at: string) => {
      if (region === null) return;
      const current = regionCount.get(region) ?? { members: 0, peak: 0 };
      const members = current.members + change;
      const peak = Math.max(current.peak, members);
      setRegionCount.run(region, members, peak);
      if (peak > current.peak && peak <= REGION_MILESTONE_LIMIT) insertMilestone.run(region, peak, at);
    };
    const start = (memberId: string, chapterId: string | null, region: string | null, at: string) => {
      const spell = openSpell.run(chapterId, region, at).lastInsertRowid;
      upsertMember.run(memberId, chapterId, region, Number(spell));
    };
    /** The member's chapter or region changes: the current spell ends and another begins. */
    const change = (
      at: string,
      memberId: string,
      next: (current: { chapter_id: string | null; region: string | null }) => {
        chapterId: string | null;
        region: string | null;
      },
    ) => {
      const current = member.get(memberId);
      if (current === undefined) return;
      const { chapterId, region } = next(current);
      if (chapterId === current.chapter_id && region === current.region) return;
      endSpell.run(at, current.spell_id);
      if (region !== current.region) {
        countRegion(current.region, -1, at);
        countRegion(region, 1, at);
      }
      start(memberId, chapterId, region, at);
    };
    const moveTo = (at: string, memberId: string, chapterId: string | null) =>
      change(at, memberId, (current) => ({ chapterId, region: current.region }));

    return (recorded: RecordedEvent) => {
      const event = { type: recorded.type, data: recorded.data } as MemberEvent | ChapterEvent | BranchEvent;
      switch (event.type) {
        case 'BranchFounded':
          insertBranch.run(event.data.branchId, event.data.name);
          return;
        case 'ChapterFoundingStarted':
          insertChapter.run(event.data.chapterId, event.data.name, event.data.branchId);
          return;
        case 'MemberEnrolled': {
          const at = instantOf(recorded);
          if (member.get(event.data.memberId) !== undefined) return;
          countRegion(event.data.region, 1, at);
          start(event.data.memberId, null, event.data.region, at);
          return;
        }
        case 'MemberJoinedChapter':
          moveTo(instantOf(recorded), event.data.memberId, event.data.chapterId);
          return;
        case 'MemberLeftChapter':
        case 'MemberReleasedByDissolution':
          moveTo(instantOf(recorded), event.data.memberId, null);
          return;
        case 'MemberTransferredChapter':
        case 'MemberMovedByMerger':
        case 'MemberMovedToSuccessorChapter':
          moveTo(instantOf(recorded), event.data.memberId, event.data.toChapterId);
          return;
        case 'MemberRegionChanged':
          change(instantOf(recorded), event.data.memberId, (current) => ({
            chapterId: current.chapter_id,
            region: event.data.region,
          }));
          return;
        case 'MemberResigned': {
          const at = instantOf(recorded);
          const current = member.get(event.data.memberId);
          if (current === undefined) return;
          endSpell.run(at, current.spell_id);
          countRegion(current.region, -1, at);
          deleteMember.run(event.data.memberId);
          return;
        }
        default:
          // Other events change no one's standing, chapter or region.
          return;
      }
    };
  },
};
