import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../../event-store/src';
import type {
  BranchEvent,
  CommitmentsEvent,
  CommitteeEvent,
  InterimDecisionEvent,
  InterimDecisionTally,
  InterimRulesEvent,
} from '../../../organization/src';
import type { Projection } from '../projection';

/**
 * The interim organization: who sits on the committee, every version of the commitments, the
 * branches, the committee's interim decisions with their tallies, and every version of the
 * interim rules.
 */
export const organizationProjection: Projection = {
  name: 'organization',
  version: 3,
  tables: [
    'committee_members',
    'commitments',
    'branches',
    'interim_decisions',
    'interim_decision_votes',
    'interim_rules',
  ],
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
    CREATE TABLE IF NOT EXISTS interim_decisions (
      decision_id    TEXT PRIMARY KEY,
      kind           TEXT NOT NULL,
      title          TEXT NOT NULL,
      status         TEXT NOT NULL,
      deadline       TEXT NOT NULL,
      committee_size INTEGER NOT NULL,
      supports       INTEGER NOT NULL,
      objections     INTEGER NOT NULL,
      abstentions    INTEGER NOT NULL,
      position       INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS interim_decision_votes (
      decision_id TEXT NOT NULL,
      member_id   TEXT NOT NULL,
      vote        TEXT NOT NULL,
      PRIMARY KEY (decision_id, member_id)
    );
    CREATE TABLE IF NOT EXISTS interim_rules (
      version                   INTEGER PRIMARY KEY,
      rules                     TEXT NOT NULL,
      authorized_by_decision_id TEXT,
      set_at                    TEXT NOT NULL,
      position                  INTEGER NOT NULL
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
    const insertDecision = db.prepare(
      `INSERT INTO interim_decisions
         (decision_id, kind, title, status, deadline, committee_size, supports, objections, abstentions, position)
       VALUES (?, ?, ?, 'open', ?, ?, 0, 0, 0, ?)`,
    );
    const upsertVote = db.prepare(
      `INSERT INTO interim_decision_votes (decision_id, member_id, vote) VALUES (?, ?, ?)
       ON CONFLICT (decision_id, member_id) DO UPDATE SET vote = excluded.vote`,
    );
    // The live tally of an open decision; the decider accepts votes only from its committee.
    const recountOpenDecision = db.prepare(
      `UPDATE interim_decisions SET
         supports    = (SELECT count(*) FROM interim_decision_votes v WHERE v.decision_id = @decisionId AND v.vote = 'support'),
         objections  = (SELECT count(*) FROM interim_decision_votes v WHERE v.decision_id = @decisionId AND v.vote = 'object'),
         abstentions = (SELECT count(*) FROM interim_decision_votes v WHERE v.decision_id = @decisionId AND v.vote = 'abstain')
       WHERE decision_id = @decisionId AND status = 'open'`,
    );
    const closeDecision = db.prepare(
      `UPDATE interim_decisions
          SET status = ?, committee_size = ?, supports = ?, objections = ?, abstentions = ?
        WHERE decision_id = ? AND status = 'open'`,
    );
    const close = (decisionId: string, status: 'adopted' | 'lapsed', tally: InterimDecisionTally) => {
      closeDecision.run(status, tally.committeeSize, tally.supports, tally.objections, tally.abstentions, decisionId);
    };

    const insertInterimRules = db.prepare(
      `INSERT INTO interim_rules (version, rules, authorized_by_decision_id, set_at, position)
       VALUES (?, ?, ?, ?, ?)`,
    );

    return (recorded: RecordedEvent) => {
      const position = Number(recorded.position);
      const event = { type: recorded.type, data: recorded.data } as
        CommitteeEvent | CommitmentsEvent | BranchEvent | InterimDecisionEvent | InterimRulesEvent;
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
        case 'InterimDecisionProposed':
          insertDecision.run(
            event.data.decisionId,
            event.data.kind,
            event.data.title,
            event.data.deadline,
            event.data.committee.length,
            position,
          );
          return;
        case 'InterimDecisionVoteCast':
          upsertVote.run(event.data.decisionId, event.data.memberId, event.data.vote);
          recountOpenDecision.run({ decisionId: event.data.decisionId });
          return;
        case 'InterimDecisionAdopted':
          close(event.data.decisionId, 'adopted', event.data.tally);
          return;
        case 'InterimDecisionLapsed':
          close(event.data.decisionId, 'lapsed', event.data.tally);
          return;
        case 'InterimRulesSet':
          insertInterimRules.run(
            event.data.version,
            JSON.stringify(event.data.rules),
            event.data.authorizedByDecisionId,
            event.data.setAt,
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
