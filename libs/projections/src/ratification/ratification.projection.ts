import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../../event-store/src';
import { referendumCountPages } from '../../../proposals/src';
import type { CharterEvent, PublishedBallotLine, ReferendumEvent } from '../../../proposals/src';
import type { Projection } from '../projection';

/**
 * The members' referendum and what it ratifies: each referendum with its turnout and, after the
 * close, its tally and the published count (tracker, choice); the charter as the convention
 * adopted it (bodies, rules, commitments); and the organization's phase.
 *
 * Secrecy: no table holds a member id next to a ballot. While a referendum is open its ballots
 * are kept under their opaque voter keys (for turnout, and so the close can count them without
 * reading a million events back from the log); they are deleted when the count is applied,
 * which leaves the published count, pages of (tracker, choice) with nothing about who voted.
 *
 * The line: once the close (ReferendumVotingClosed) is applied, the ballots table holds exactly
 * each voter's latest ballot below it, since the log is applied in order and later ballots go
 * to referendum_late_ballots instead. A deterministic function of the log up to the close, so
 * the close may count from here once this projection has reached its position.
 */
export const ratificationProjection: Projection = {
  name: 'ratification',
  version: 2,
  tables: [
    'referendums',
    'referendum_ballots',
    'referendum_count_pages',
    'referendum_late_ballots',
    'ratification_charter_bodies',
    'ratification_charter_rules',
    'ratification_charter_commitments',
    'organization_phase',
  ],
  schema: `
    CREATE TABLE IF NOT EXISTS referendums (
      referendum_id  TEXT PRIMARY KEY,
      convention_id  TEXT NOT NULL,
      question       TEXT NOT NULL,
      status         TEXT NOT NULL CHECK (status IN ('open', 'closing', 'closed')),
      electorate     INTEGER NOT NULL,
      rules          TEXT NOT NULL,
      turnout        INTEGER NOT NULL,
      opened_by      TEXT NOT NULL,
      opened_at      TEXT NOT NULL,
      open_position  INTEGER NOT NULL,
      tally          TEXT,
      outcome        TEXT,
      closed_by      TEXT,
      closed_at      TEXT,
      close_position INTEGER
    );
    CREATE TABLE IF NOT EXISTS referendum_ballots (
      referendum_id TEXT NOT NULL,
      voter_key     TEXT NOT NULL,
      tracker       TEXT NOT NULL,
      choice        TEXT NOT NULL,
      PRIMARY KEY (referendum_id, voter_key)
    ) WITHOUT ROWID;
    -- Covers the close's read, in the order the count is published in.
    CREATE INDEX IF NOT EXISTS referendum_ballots_by_tracker
      ON referendum_ballots (referendum_id, tracker, voter_key, choice);
    -- The published count as its pages: one row per page event (a million lines are some 80
    -- rows, not a million), found by tracker range; queries open the page they need.
    CREATE TABLE IF NOT EXISTS referendum_count_pages (
      referendum_id TEXT NOT NULL,
      page_index    INTEGER NOT NULL,
      first_tracker TEXT NOT NULL,
      last_tracker  TEXT NOT NULL,
      items         TEXT NOT NULL,
      PRIMARY KEY (referendum_id, page_index)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS referendum_count_pages_by_tracker
      ON referendum_count_pages (referendum_id, last_tracker);
    -- Ballots recorded after the close: in the log, never counted (their casts answered VOTE_CLOSED).
    CREATE TABLE IF NOT EXISTS referendum_late_ballots (
      referendum_id TEXT NOT NULL,
      position      INTEGER NOT NULL,
      tracker       TEXT NOT NULL,
      choice        TEXT NOT NULL,
      PRIMARY KEY (referendum_id, position)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ratification_charter_bodies (
      body_id     TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      composition TEXT NOT NULL,
      mandate     TEXT NOT NULL,
      origin      TEXT NOT NULL,
      position    INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ratification_charter_rules (
      rule_id           TEXT PRIMARY KEY,
      title             TEXT NOT NULL,
      status            TEXT NOT NULL CHECK (status IN ('in-force', 'repealed')),
      version           INTEGER NOT NULL,
      consolidated_text TEXT NOT NULL,
      origin            TEXT NOT NULL,
      position          INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ratification_charter_commitments (
      commitment_id TEXT PRIMARY KEY,
      title         TEXT NOT NULL,
      clauses       TEXT NOT NULL,
      origin        TEXT NOT NULL,
      position      INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS organization_phase (
      organization  TEXT PRIMARY KEY CHECK (organization = 'organization'),
      phase         TEXT NOT NULL CHECK (phase IN ('INTERIM', 'FINAL')),
      referendum_id TEXT NOT NULL,
      outcome       TEXT NOT NULL CHECK (outcome IN ('ratified', 'failed')),
      decided_at    TEXT NOT NULL,
      position      INTEGER NOT NULL
    );
  `,
  bind(db: Database.Database) {
    const insertReferendum = db.prepare(
      `INSERT INTO referendums
         (referendum_id, convention_id, question, status, electorate, rules, turnout, opened_by, opened_at, open_position)
       VALUES (?, ?, ?, 'open', ?, ?, 0, ?, ?, ?)`,
    );
    const addBallot = db.prepare(
      `INSERT INTO referendum_ballots (referendum_id, voter_key, tracker, choice)
       SELECT @referendumId, @voterKey, @tracker, @choice WHERE EXISTS
         (SELECT 1 FROM referendums WHERE referendum_id = @referendumId AND status = 'open')
       ON CONFLICT DO NOTHING`,
    );
    const replaceBallot = db.prepare(
      `UPDATE referendum_ballots SET tracker = @tracker, choice = @choice
        WHERE referendum_id = @referendumId AND voter_key = @voterKey`,
    );
    const countVoter = db.prepare('UPDATE referendums SET turnout = turnout + 1 WHERE referendum_id = ?');
    const statusOf = db.prepare<[string], string>('SELECT status FROM referendums WHERE referendum_id = ?').pluck();
    const recordLateBallot = db.prepare(
      `INSERT OR IGNORE INTO referendum_late_ballots (referendum_id, position, tracker, choice) VALUES (?, ?, ?, ?)`,
    );
    const endVoting = db.prepare(
      `UPDATE referendums SET status = 'closing', closed_by = ?, closed_at = ?, close_position = ?
        WHERE referendum_id = ? AND status = 'open'`,
    );
    const recordCount = db.prepare(
      `UPDATE referendums SET status = 'closed', turnout = ?, tally = ?, outcome = ?
        WHERE referendum_id = ? AND status = 'closing'`,
    );
    const closeReferendum = db.prepare(
      `UPDATE referendums
          SET status = 'closed', turnout = ?, tally = ?, outcome = ?, closed_by = ?, closed_at = ?, close_position = ?
        WHERE referendum_id = ? AND status = 'open'`,
    );
    const forgetBallots = db.prepare('DELETE FROM referendum_ballots WHERE referendum_id = ?');
    const insertPage = db.prepare(
      `INSERT OR IGNORE INTO referendum_count_pages (referendum_id, page_index, first_tracker, last_tracker, items)
       VALUES (?, ?, ?, ?, ?)`,
    );
    const storePage = (referendumId: string, index: number, items: readonly PublishedBallotLine[]): void => {
      if (items.length === 0) return;
      insertPage.run(referendumId, index, items[0].tracker, items[items.length - 1].tracker, JSON.stringify(items));
    };
    const insertBody = db.prepare(
      `INSERT INTO ratification_charter_bodies (body_id, name, composition, mandate, origin, position)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const upsertRule = db.prepare(
      `INSERT INTO ratification_charter_rules (rule_id, title, status, version, consolidated_text, origin, position)
       VALUES (@ruleId, @title, 'in-force', @version, @text, @origin, @position)
       ON CONFLICT (rule_id) DO UPDATE SET
         version = excluded.version, consolidated_text = excluded.consolidated_text,
         origin = excluded.origin, position = excluded.position`,
    );
    const repealRule = db.prepare(
      `UPDATE ratification_charter_rules SET status = 'repealed', origin = ?, position = ? WHERE rule_id = ?`,
    );
    const insertCommitment = db.prepare(
      `INSERT INTO ratification_charter_commitments (commitment_id, title, clauses, origin, position)
       VALUES (?, ?, ?, ?, ?)`,
    );
    const setPhase = db.prepare(
      `INSERT INTO organization_phase (organization, phase, referendum_id, outcome, decided_at, position)
       VALUES ('organization', @phase, @referendumId, @outcome, @decidedAt, @position)
       ON CONFLICT (organization) DO UPDATE SET
         phase = CASE WHEN organization_phase.phase = 'FINAL' THEN 'FINAL' ELSE excluded.phase END,
         referendum_id = excluded.referendum_id, outcome = excluded.outcome,
         decided_at = excluded.decided_at, position = excluded.position`,
    );

    return (recorded: RecordedEvent) => {
      const position = Number(recorded.position);
      const event = { type: recorded.type, data: recorded.data } as ReferendumEvent | CharterEvent;
      switch (event.type) {
        case 'ReferendumOpened': {
          const { referendumId, conventionId, question, electorateSize, rules, openedBy, openedAt } = event.data;
          insertReferendum.run(
            referendumId,
            conventionId,
            question,
            electorateSize,
            JSON.stringify(rules),
            openedBy,
            openedAt,
            position,
          );
          return;
        }
        case 'ReferendumBallotCast': {
          // A later ballot of the same voter replaces the earlier: it is not one more voter.
          const { referendumId, voterKey, tracker, choice } = event.data;
          const status = statusOf.get(referendumId);
          if (status === undefined) return;
          if (status !== 'open') {
            recordLateBallot.run(referendumId, position, tracker, choice);
            return;
          }
          const ballot = { referendumId, voterKey, tracker, choice };
          if (addBallot.run(ballot).changes > 0) countVoter.run(referendumId);
          else replaceBallot.run(ballot);
          return;
        }
        case 'ReferendumVotingClosed': {
          const { referendumId, closedBy, closedAt } = event.data;
          endVoting.run(closedBy, closedAt, position, referendumId);
          return;
        }
        case 'ReferendumCountPagePublished': {
          const { referendumId, index, items } = event.data;
          storePage(referendumId, index, items);
          return;
        }
        case 'ReferendumCounted': {
          const { referendumId, tally } = event.data;
          const turnout = tally.voters.yes + tally.voters.no + tally.voters.abstain;
          if (recordCount.run(turnout, JSON.stringify(tally), tally.outcome, referendumId).changes === 0) return;
          forgetBallots.run(referendumId);
          return;
        }
        case 'ReferendumClosed': {
          // Stores written before the count was paged: line, tally and count in one event.
          const { referendumId, tally, count, closedBy, closedAt } = event.data;
          const turnout = tally.voters.yes + tally.voters.no + tally.voters.abstain;
          const closed = closeReferendum.run(
            turnout,
            JSON.stringify(tally),
            tally.outcome,
            closedBy,
            closedAt,
            position,
            referendumId,
          );
          if (closed.changes === 0) return;
          forgetBallots.run(referendumId);
          // Read as pages too, cut the way a paged count is.
          for (const page of referendumCountPages(count)) storePage(referendumId, page.index, page.items);
          return;
        }
        case 'BodyCreated': {
          const { bodyId, name, composition, mandate, origin } = event.data;
          insertBody.run(
            bodyId,
            name,
            JSON.stringify(composition),
            JSON.stringify(mandate),
            JSON.stringify(origin),
            position,
          );
          return;
        }
        case 'RuleAdopted':
          upsertRule.run({
            ruleId: event.data.ruleId,
            title: event.data.title,
            version: event.data.version,
            text: event.data.consolidatedText,
            origin: JSON.stringify(event.data.origin),
            position,
          });
          return;
        case 'RuleAmended':
          upsertRule.run({
            ruleId: event.data.ruleId,
            title: '',
            version: event.data.version,
            text: event.data.consolidatedText,
            origin: JSON.stringify(event.data.origin),
            position,
          });
          return;
        case 'RuleRepealed':
          repealRule.run(JSON.stringify(event.data.origin), position, event.data.ruleId);
          return;
        case 'CommitmentAdopted': {
          const { commitmentId, title, clauses, origin } = event.data;
          insertCommitment.run(commitmentId, title, JSON.stringify(clauses), JSON.stringify(origin), position);
          return;
        }
        case 'CharterRatified':
          setPhase.run({
            phase: 'FINAL',
            referendumId: event.data.referendumId,
            outcome: 'ratified',
            decidedAt: event.data.ratifiedAt,
            position,
          });
          return;
        case 'CharterRatificationFailed':
          setPhase.run({
            phase: 'INTERIM',
            referendumId: event.data.referendumId,
            outcome: 'failed',
            decidedAt: event.data.failedAt,
            position,
          });
          return;
        default:
          // Campaigns, resolutions and events of other contexts pass by this projection.
          return;
      }
    };
  },
};
