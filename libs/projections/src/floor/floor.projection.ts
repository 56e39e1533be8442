import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../../event-store/src';
import type { AmendmentEvent, CharterEvent, ConventionVoteEvent, ProposalEvent } from '../../../proposals/src';
import type { Projection } from '../projection';

const json = (value: unknown): string => JSON.stringify(value);

/**
 * The convention floor: proposals with every version and their seconders, amendments with their
 * depth and conflicts, convention votes with each seat's current roll-call ballot and the final
 * tally, and the charter the convention adopted (rules with every version, bodies, commitments,
 * campaigns and resolutions), each traced to the proposal and vote that made it.
 */
export const floorProjection: Projection = {
  name: 'floor',
  version: 2,
  tables: [
    'floor_proposals',
    'floor_proposal_versions',
    'floor_seconders',
    'floor_amendments',
    'floor_votes',
    'floor_ballots',
    'floor_late_ballots',
    'charter_rules',
    'charter_rule_versions',
    'charter_entries',
  ],
  schema: `
    CREATE TABLE IF NOT EXISTS floor_proposals (
      proposal_id        TEXT PRIMARY KEY,
      convention_id      TEXT NOT NULL,
      kind               TEXT NOT NULL,
      motion             TEXT NOT NULL,
      title              TEXT NOT NULL,
      subject            TEXT NOT NULL,
      sponsor_id         TEXT NOT NULL,
      seconders_required INTEGER NOT NULL,
      status             TEXT NOT NULL,
      current_version    INTEGER NOT NULL,
      vote_id            TEXT,
      decision_tally     TEXT,
      submitted_at       TEXT NOT NULL,
      position           INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS floor_proposals_convention ON floor_proposals (convention_id, position);
    CREATE TABLE IF NOT EXISTS floor_proposal_versions (
      proposal_id TEXT NOT NULL,
      version     INTEGER NOT NULL,
      clauses     TEXT NOT NULL,
      origin      TEXT NOT NULL,
      made_at     TEXT NOT NULL,
      PRIMARY KEY (proposal_id, version)
    );
    CREATE TABLE IF NOT EXISTS floor_seconders (
      proposal_id TEXT NOT NULL,
      member_id   TEXT NOT NULL,
      seconded_at TEXT NOT NULL,
      position    INTEGER NOT NULL,
      PRIMARY KEY (proposal_id, member_id)
    );
    CREATE TABLE IF NOT EXISTS floor_amendments (
      amendment_id        TEXT PRIMARY KEY,
      proposal_id         TEXT NOT NULL,
      parent_amendment_id TEXT,
      depth               INTEGER NOT NULL,
      author_id           TEXT NOT NULL,
      revision            INTEGER NOT NULL,
      base_version        INTEGER NOT NULL,
      operations          TEXT NOT NULL,
      proposed_clauses    TEXT NOT NULL,
      status              TEXT NOT NULL,
      in_conflict_with    INTEGER,
      vote_id             TEXT,
      decision_tally      TEXT,
      proposed_at         TEXT NOT NULL,
      position            INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS floor_amendments_proposal ON floor_amendments (proposal_id, position);
    CREATE TABLE IF NOT EXISTS floor_votes (
      vote_id            TEXT PRIMARY KEY,
      convention_id      TEXT NOT NULL,
      subject            TEXT NOT NULL,
      method             TEXT NOT NULL,
      rules              TEXT NOT NULL,
      electorate_seats   INTEGER NOT NULL,
      electorate_weight  TEXT NOT NULL,
      status             TEXT NOT NULL,
      opened_by          TEXT NOT NULL,
      opened_at          TEXT NOT NULL,
      closed_by          TEXT,
      closed_at          TEXT,
      tally              TEXT,
      position           INTEGER NOT NULL,
      -- The line: ballots below it count, later ones are late.
      ended_position     INTEGER
    );
    CREATE TABLE IF NOT EXISTS floor_ballots (
      vote_id   TEXT NOT NULL,
      seat_id   TEXT NOT NULL,
      member_id TEXT NOT NULL,
      weight    TEXT NOT NULL,
      ballot    TEXT NOT NULL,
      choice    TEXT,
      cast_at   TEXT NOT NULL,
      PRIMARY KEY (vote_id, seat_id)
    );
    -- Ballots recorded after their vote's line: in the log and the roll call's audit trail, never counted.
    CREATE TABLE IF NOT EXISTS floor_late_ballots (
      vote_id   TEXT NOT NULL,
      position  INTEGER NOT NULL,
      seat_id   TEXT NOT NULL,
      member_id TEXT NOT NULL,
      weight    TEXT NOT NULL,
      ballot    TEXT NOT NULL,
      choice    TEXT,
      cast_at   TEXT NOT NULL,
      PRIMARY KEY (vote_id, position)
    );
    CREATE TABLE IF NOT EXISTS charter_rules (
      rule_id     TEXT PRIMARY KEY,
      title       TEXT NOT NULL,
      status      TEXT NOT NULL,
      repealed_by TEXT,
      repealed_at TEXT,
      position    INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS charter_rule_versions (
      rule_id           TEXT NOT NULL,
      version           INTEGER NOT NULL,
      clauses           TEXT NOT NULL,
      consolidated_text TEXT NOT NULL,
      origin            TEXT NOT NULL,
      enacted_at        TEXT NOT NULL,
      PRIMARY KEY (rule_id, version)
    );
    CREATE TABLE IF NOT EXISTS charter_entries (
      kind        TEXT NOT NULL CHECK (kind IN ('body', 'commitment', 'campaign', 'resolution')),
      entry_id    TEXT NOT NULL,
      title       TEXT NOT NULL,
      clauses     TEXT NOT NULL,
      composition TEXT,
      origin      TEXT NOT NULL,
      enacted_at  TEXT NOT NULL,
      position    INTEGER NOT NULL,
      PRIMARY KEY (kind, entry_id)
    );
  `,
  bind(db: Database.Database) {
    const insertProposal = db.prepare(
      `INSERT INTO floor_proposals (proposal_id, convention_id, kind, motion, title, subject, sponsor_id,
         seconders_required, status, current_version, submitted_at, position)
       VALUES (@proposalId, @conventionId, @kind, @motion, @title, @subject, @sponsorId, @secondersRequired,
         'open', 1, @submittedAt, @position)`,
    );
    const insertVersion = db.prepare(
      'INSERT INTO floor_proposal_versions (proposal_id, version, clauses, origin, made_at) VALUES (?, ?, ?, ?, ?)',
    );
    const setCurrentVersion = db.prepare('UPDATE floor_proposals SET current_version = ? WHERE proposal_id = ?');
    const insertSeconder = db.prepare(
      'INSERT OR IGNORE INTO floor_seconders (proposal_id, member_id, seconded_at, position) VALUES (?, ?, ?, ?)',
    );
    const setProposalStatus = db.prepare(
      `UPDATE floor_proposals SET status = ?, vote_id = coalesce(?, vote_id), decision_tally = coalesce(?, decision_tally)
        WHERE proposal_id = ?`,
    );
    const insertAmendment = db.prepare(
      `INSERT INTO floor_amendments (amendment_id, proposal_id, parent_amendment_id, depth, author_id, revision,
         base_version, operations, proposed_clauses, status, proposed_at, position)
       VALUES (@amendmentId, @proposalId, @parentAmendmentId, @depth, @authorId, 1, @baseVersion, @operations,
         @proposedClauses, 'pending', @proposedAt, @position)`,
    );
    const setConflict = db.prepare('UPDATE floor_amendments SET in_conflict_with = ? WHERE amendment_id = ?');
    const rebase = db.prepare(
      `UPDATE floor_amendments SET revision = ?, base_version = ?, operations = ?, proposed_clauses = ?,
         in_conflict_with = NULL WHERE amendment_id = ?`,
    );
    const revise = db.prepare('UPDATE floor_amendments SET revision = ?, proposed_clauses = ? WHERE amendment_id = ?');
    const setAmendmentStatus = db.prepare(
      `UPDATE floor_amendments SET status = ?, vote_id = coalesce(?, vote_id), decision_tally = coalesce(?, decision_tally)
        WHERE amendment_id = ?`,
    );
    const insertVote = db.prepare(
      `INSERT INTO floor_votes (vote_id, convention_id, subject, method, rules, electorate_seats, electorate_weight,
         status, opened_by, opened_at, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
    );
    const closeVote = db.prepare(
      `UPDATE floor_votes SET status = 'closed', closed_by = ?, closed_at = ?, tally = ? WHERE vote_id = ?`,
    );
    const cancelVote = db.prepare(`UPDATE floor_votes SET status = 'cancelled' WHERE vote_id = ? AND status = 'open'`);
    // A cancelled vote's subjects are given back: open (or pending) again, the vote forgotten.
    const releaseProposal = db.prepare(
      `UPDATE floor_proposals SET status = 'open', vote_id = NULL WHERE proposal_id = ? AND status = 'under-vote' AND vote_id = ?`,
    );
    const releaseAmendment = db.prepare(
      `UPDATE floor_amendments SET status = 'pending', vote_id = NULL WHERE amendment_id = ? AND status = 'under-vote' AND vote_id = ?`,
    );
    const endVoting = db.prepare(
      'UPDATE floor_votes SET ended_position = ? WHERE vote_id = ? AND ended_position IS NULL',
    );
    // A ballot only counts below its vote's line: the end of voting, or the close in older stores.
    const upsertBallot = db.prepare(
      `INSERT INTO floor_ballots (vote_id, seat_id, member_id, weight, ballot, choice, cast_at)
       SELECT @voteId, @seatId, @memberId, @weight, @ballot, @choice, @castAt
        WHERE EXISTS (SELECT 1 FROM floor_votes WHERE vote_id = @voteId AND status = 'open' AND ended_position IS NULL)
       ON CONFLICT (vote_id, seat_id) DO UPDATE SET member_id = excluded.member_id, weight = excluded.weight,
         ballot = excluded.ballot, choice = excluded.choice, cast_at = excluded.cast_at`,
    );
    const recordLateBallot = db.prepare(
      `INSERT OR IGNORE INTO floor_late_ballots (vote_id, position, seat_id, member_id, weight, ballot, choice, cast_at)
       SELECT @voteId, @position, @seatId, @memberId, @weight, @ballot, @choice, @castAt
        WHERE EXISTS (SELECT 1 FROM floor_votes WHERE vote_id = @voteId AND (status <> 'open' OR ended_position IS NOT NULL))`,
    );
    const insertRule = db.prepare(
      `INSERT INTO charter_rules (rule_id, title, status, position) VALUES (?, ?, 'in-force', ?)`,
    );
    const insertRuleVersion = db.prepare(
      `INSERT INTO charter_rule_versions (rule_id, version, clauses, consolidated_text, origin, enacted_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const repealRule = db.prepare(
      `UPDATE charter_rules SET status = 'repealed', repealed_by = ?, repealed_at = ? WHERE rule_id = ?`,
    );
    const insertEntry = db.prepare(
      `INSERT INTO charter_entries (kind, entry_id, title, clauses, composition, origin, enacted_at, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );

    return (recorded: RecordedEvent) => {
      const position = Number(recorded.position);
      const event = { type: recorded.type, data: recorded.data } as
        ProposalEvent | AmendmentEvent | ConventionVoteEvent | CharterEvent;
      switch (event.type) {
        case 'ProposalSubmitted': {
          const { data } = event;
          insertProposal.run({
            proposalId: data.proposalId,
            conventionId: data.conventionId,
            kind: data.motion.kind,
            motion: json(data.motion),
            title: data.title,
            subject: data.subject,
            sponsorId: data.sponsorId,
            secondersRequired: data.secondersRequired,
            submittedAt: data.submittedAt,
            position,
          });
          insertVersion.run(data.proposalId, 1, json(data.clauses), json({ by: 'submission' }), data.submittedAt);
          return;
        }
        case 'ProposalSeconded':
          insertSeconder.run(event.data.proposalId, event.data.seconderId, event.data.secondedAt, position);
          return;
        case 'ProposalWithdrawn':
          setProposalStatus.run('withdrawn', null, null, event.data.proposalId);
          return;
        case 'ProposalFriendlyAmendmentAccepted': {
          const { proposalId, amendmentId, version, clauses, acceptedAt } = event.data;
          insertVersion.run(
            proposalId,
            version,
            json(clauses),
            json({ by: 'friendly-amendment', amendmentId }),
            acceptedAt,
          );
          setCurrentVersion.run(version, proposalId);
          return;
        }
        case 'ProposalAmendedByVote': {
          const { proposalId, amendmentId, voteId, version, clauses, amendedAt } = event.data;
          insertVersion.run(
            proposalId,
            version,
            json(clauses),
            json({ by: 'adopted-amendment', amendmentId, voteId }),
            amendedAt,
          );
          setCurrentVersion.run(version, proposalId);
          return;
        }
        case 'ProposalPutToVote':
          setProposalStatus.run('under-vote', event.data.voteId, null, event.data.proposalId);
          return;
        case 'ProposalAdopted':
          setProposalStatus.run('adopted', event.data.voteId, json(event.data.tally), event.data.proposalId);
          return;
        case 'ProposalRejected':
          setProposalStatus.run('rejected', event.data.voteId, json(event.data.tally), event.data.proposalId);
          return;
        case 'AmendmentProposed': {
          const { data } = event;
          insertAmendment.run({
            amendmentId: data.amendmentId,
            proposalId: data.proposalId,
            parentAmendmentId: data.parentAmendmentId,
            depth: data.depth,
            authorId: data.authorId,
            baseVersion: data.baseVersion,
            operations: json(data.operations),
            proposedClauses: json(data.proposedClauses),
            proposedAt: data.proposedAt,
            position,
          });
          return;
        }
        case 'AmendmentFellIntoConflict':
          setConflict.run(event.data.currentVersion, event.data.amendmentId);
          return;
        case 'AmendmentRebased': {
          const { amendmentId, revision, baseVersion, operations, proposedClauses } = event.data;
          rebase.run(revision, baseVersion, json(operations), json(proposedClauses), amendmentId);
          return;
        }
        case 'AmendmentRevisedBySecondary':
          revise.run(event.data.revision, json(event.data.proposedClauses), event.data.amendmentId);
          return;
        case 'AmendmentWithdrawn':
          setAmendmentStatus.run('withdrawn', null, null, event.data.amendmentId);
          return;
        case 'AmendmentAcceptedAsFriendly':
          setAmendmentStatus.run('accepted-as-friendly', null, null, event.data.amendmentId);
          return;
        case 'AmendmentPutToVote':
          setAmendmentStatus.run('under-vote', event.data.voteId, null, event.data.amendmentId);
          return;
        case 'ProposalReleasedFromVote':
          releaseProposal.run(event.data.proposalId, event.data.voteId);
          return;
        case 'AmendmentReleasedFromVote':
          releaseAmendment.run(event.data.amendmentId, event.data.voteId);
          return;
        case 'AmendmentFriendlyAcceptanceRevoked':
          setAmendmentStatus.run('pending', null, null, event.data.amendmentId);
          return;
        case 'ConventionVoteCancelled':
          cancelVote.run(event.data.voteId);
          return;
        case 'AmendmentAdopted':
          setAmendmentStatus.run('adopted', event.data.voteId, json(event.data.tally), event.data.amendmentId);
          return;
        case 'AmendmentRejected':
          setAmendmentStatus.run('rejected', event.data.voteId, json(event.data.tally), event.data.amendmentId);
          return;
        case 'ConventionVoteOpened': {
          const { data } = event;
          insertVote.run(
            data.voteId,
            data.conventionId,
            json(data.subject),
            data.method,
            json(data.rules),
            data.electorate.seats,
            data.electorate.totalWeight,
            data.openedBy,
            data.openedAt,
            position,
          );
          return;
        }
        case 'ConventionBallotCast': {
          const { voteId, seatId, memberId, weight, ballot, castAt } = event.data;
          const row = {
            voteId,
            seatId,
            memberId,
            weight,
            ballot: json(ballot),
            choice: ballot.method === 'yes-no' ? ballot.choice : null,
            castAt,
          };
          if (upsertBallot.run(row).changes === 0) recordLateBallot.run({ ...row, position });
          return;
        }
        case 'ConventionVotingEnded':
          endVoting.run(position, event.data.voteId);
          return;
        case 'ConventionVoteClosed':
          closeVote.run(event.data.closedBy, event.data.closedAt, json(event.data.tally), event.data.voteId);
          return;
        case 'RuleAdopted': {
          const { ruleId, title, clauses, consolidatedText, origin, adoptedAt } = event.data;
          insertRule.run(ruleId, title, position);
          insertRuleVersion.run(ruleId, 1, json(clauses), consolidatedText, json(origin), adoptedAt);
          return;
        }
        case 'RuleAmended': {
          const { ruleId, version, clauses, consolidatedText, origin, amendedAt } = event.data;
          insertRuleVersion.run(ruleId, version, json(clauses), consolidatedText, json(origin), amendedAt);
          return;
        }
        case 'RuleRepealed':
          repealRule.run(json(event.data.origin), event.data.repealedAt, event.data.ruleId);
          return;
        case 'BodyCreated': {
          const { bodyId, name, composition, mandate, origin, createdAt } = event.data;
          insertEntry.run('body', bodyId, name, json(mandate), json(composition), json(origin), createdAt, position);
          return;
        }
        case 'CommitmentAdopted': {
          const { commitmentId, title, clauses, origin, adoptedAt } = event.data;
          insertEntry.run('commitment', commitmentId, title, json(clauses), null, json(origin), adoptedAt, position);
          return;
        }
        case 'CampaignAdopted': {
          const { campaignId, title, clauses, origin, adoptedAt } = event.data;
          insertEntry.run('campaign', campaignId, title, json(clauses), null, json(origin), adoptedAt, position);
          return;
        }
        case 'ResolutionAdopted': {
          const { title, clauses, origin, adoptedAt } = event.data;
          insertEntry.run(
            'resolution',
            origin.proposalId,
            title,
            json(clauses),
            null,
            json(origin),
            adoptedAt,
            position,
          );
          return;
        }
        default:
          // Events of other contexts (and the ratification, projected elsewhere) pass by.
          return;
      }
    };
  },
};
