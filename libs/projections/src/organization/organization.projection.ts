import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../../event-store/src';
import type { BranchEvent, CommitmentsEvent, CommitteeEvent } from '../../../organization/src';
import type { Projection } from '../projection';

/** The interim organization: who sits on the committee, every version of the commitments, the branches. */
export const organizationProjection: Projection = {
  name: 'organization',
  version: 1,
  tables: ['committee_members', 'commitments', 'branches'],
  schema: `
    CREATE TABLE IF NOT EXISTS committee_members (
      member_id    TEXT PRIMARY KEY,
      appointed_at TEXT NOT NULL,
      position     INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS commitments (
      version      INTEGER PRIMARY KEY,
      principles   TEXT NOT NULL,
      published_at TEXT NOT NULL,
      position     INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS branches (
      branch_id    TEXT PRIMARY KEY,
      name         TEXT NOT NULL,
      country_code TEXT NOT NULL,
      founded_at   TEXT NOT NULL,
      position     INTEGER NOT NULL
    );
  `,
  bind(db: Database.Database) {
    const insertCommitteeMember = db.prepare(
      'INSERT INTO committee_members (member_id, appointed_at, position) VALUES (?, ?, ?)',
    );
    const deleteCommitteeMember = db.prepare('DELETE FROM committee_members WHERE member_id = ?');
    const insertCommitments = db.prepare(
      'INSERT INTO commitments (version, principles, published_at, position) VALUES (?, ?, ?, ?)',
    );
    const insertBranch = db.prepare(
      'INSERT INTO branches (branch_id, name, country_code, founded_at, position) VALUES (?, ?, ?, ?, ?)',
    );

    return (recorded: RecordedEvent) => {
      const position = Number(recorded.position);
      const event = { type: recorded.type, data: recorded.data } as CommitteeEvent | CommitmentsEvent | BranchEvent;
      switch (event.type) {
        case 'CommitteeMemberAppointed':
          insertCommitteeMember.run(event.data.memberId, event.data.appointedAt, position);
          return;
        case 'CommitteeMemberRetired':
          deleteCommitteeMember.run(event.data.memberId);
          return;
        case 'CommitmentsPublished':
          insertCommitments.run(
            event.data.version,
            JSON.stringify(event.data.principles),
            event.data.publishedAt,
            position,
          );
          return;
        case 'BranchFounded':
          insertBranch.run(
            event.data.branchId,
            event.data.name,
            event.data.countryCode,
            event.data.foundedAt,
            position,
          );
          return;
        default:
          // Events of other contexts pass by this projection.
          return;
      }
    };
  },
};
