import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../../event-store/src';
import { assembleApportionment } from '../../../convention/src';
import type {
  ConventionEvent,
  DelegateBallotEvent,
  DelegateElectionEvent,
  SeatsApportionmentPage,
} from '../../../convention/src';
import type { Projection } from '../projection';

/**
 * Conventions with their rules, phases, secretariat and apportionment; each chapter's delegate
 * election (nominations, how many ballots, the tally) and the delegate roster. Never who voted
 * for whom: ballots are only counted here, one row per voter without the choice.
 */
export const conventionProjection: Projection = {
  name: 'convention',
  version: 4,
  tables: [
    'conventions',
    'convention_phases',
    'convention_secretariat',
    'convention_apportionments',
    'convention_apportionment_pages',
    'convention_seats',
    'delegate_elections',
    'delegate_nominations',
    'delegate_ballot_voters',
    'delegate_late_ballots',
    'delegate_roster',
  ],
  schema: `
    CREATE TABLE IF NOT EXISTS conventions (
      convention_id TEXT PRIMARY KEY,
      title         TEXT NOT NULL,
      phase         TEXT NOT NULL,
      rules         TEXT NOT NULL,
      called_by     TEXT NOT NULL,
      called_at     TEXT NOT NULL,
      position      INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS convention_phases (
      convention_id TEXT NOT NULL,
      phase         TEXT NOT NULL,
      entered_at    TEXT NOT NULL,
      entered_by    TEXT NOT NULL,
      position      INTEGER NOT NULL,
      PRIMARY KEY (convention_id, phase)
    );
    CREATE TABLE IF NOT EXISTS convention_secretariat (
      convention_id TEXT NOT NULL,
      member_id     TEXT NOT NULL,
      appointed_at  TEXT NOT NULL,
      position      INTEGER NOT NULL,
      PRIMARY KEY (convention_id, member_id)
    );
    CREATE TABLE IF NOT EXISTS convention_apportionments (
      convention_id   TEXT PRIMARY KEY,
      cutoff_position TEXT NOT NULL,
      method          TEXT NOT NULL,
      total_seats     INTEGER NOT NULL,
      minimum_seats   INTEGER NOT NULL,
      working         TEXT NOT NULL,
      apportioned_at  TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS convention_apportionment_pages (
      convention_id   TEXT NOT NULL,
      cutoff_position TEXT NOT NULL,
      page_index      INTEGER NOT NULL,
      page            TEXT NOT NULL,
      PRIMARY KEY (convention_id, cutoff_position, page_index)
    );
    CREATE TABLE IF NOT EXISTS convention_seats (
      convention_id TEXT NOT NULL,
      chapter_id    TEXT NOT NULL,
      members       INTEGER NOT NULL,
      seats         INTEGER NOT NULL,
      PRIMARY KEY (convention_id, chapter_id)
    );
    CREATE TABLE IF NOT EXISTS delegate_elections (
      election_id   TEXT PRIMARY KEY,
      convention_id TEXT NOT NULL,
      chapter_id    TEXT NOT NULL,
      seats         INTEGER NOT NULL,
      method        TEXT NOT NULL,
      alternates    INTEGER NOT NULL,
      status        TEXT NOT NULL,
      candidates    TEXT NOT NULL DEFAULT '[]',
      ballots       INTEGER NOT NULL DEFAULT 0,
      elected       TEXT,
      runners_up    TEXT,
      working       TEXT,
      position      INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS delegate_nominations (
      election_id  TEXT NOT NULL,
      candidate_id TEXT NOT NULL,
      nominated_by TEXT NOT NULL,
      status       TEXT NOT NULL,
      nominated_at TEXT NOT NULL,
      position     INTEGER NOT NULL,
      PRIMARY KEY (election_id, candidate_id)
    );
    CREATE TABLE IF NOT EXISTS delegate_ballot_voters (
      election_id TEXT NOT NULL,
      voter_key    TEXT NOT NULL,
      PRIMARY KEY (election_id, voter_key)
    );
    -- Ballots recorded after their election's close: in the log, never counted (answered VOTE_CLOSED).
    CREATE TABLE IF NOT EXISTS delegate_late_ballots (
      election_id TEXT NOT NULL,
      position    INTEGER NOT NULL,
      PRIMARY KEY (election_id, position)
    );
    CREATE TABLE IF NOT EXISTS delegate_roster (
      election_id   TEXT NOT NULL,
      member_id     TEXT NOT NULL,
      convention_id TEXT NOT NULL,
      chapter_id    TEXT NOT NULL,
      role          TEXT NOT NULL,
      rank          INTEGER NOT NULL,
      seated        INTEGER NOT NULL,
      credentialed  INTEGER NOT NULL,
      withdrawn     INTEGER NOT NULL,
      replacing     TEXT,
      PRIMARY KEY (election_id, member_id)
    );
    CREATE INDEX IF NOT EXISTS delegate_roster_by_convention ON delegate_roster (convention_id);
  `,
  bind(db: Database.Database) {
    const insertConvention = db.prepare(
      `INSERT INTO conventions (convention_id, title, phase, rules, called_by, called_at, position)
       VALUES (?, ?, 'CALLED', ?, ?, ?, ?)`,
    );
    const insertPhase = db.prepare(
      'INSERT INTO convention_phases (convention_id, phase, entered_at, entered_by, position) VALUES (?, ?, ?, ?, ?)',
    );
    const setPhase = db.prepare('UPDATE conventions SET phase = ? WHERE convention_id = ?');
    const insertSecretary = db.prepare(
      'INSERT INTO convention_secretariat (convention_id, member_id, appointed_at, position) VALUES (?, ?, ?, ?)',
    );
    const deleteSecretary = db.prepare('DELETE FROM convention_secretariat WHERE convention_id = ? AND member_id = ?');
    const insertApportionment = db.prepare(
      `INSERT INTO convention_apportionments
         (convention_id, cutoff_position, method, total_seats, minimum_seats, working, apportioned_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    // Pages wait here until their closing event, which may come in a later batch.
    const insertPage = db.prepare(
      'INSERT OR REPLACE INTO convention_apportionment_pages (convention_id, cutoff_position, page_index, page) VALUES (?, ?, ?, ?)',
    );
    const pagesOf = db.prepare<[string], { page: string }>(
      'SELECT page FROM convention_apportionment_pages WHERE convention_id = ? ORDER BY page_index',
    );
    const deletePages = db.prepare('DELETE FROM convention_apportionment_pages WHERE convention_id = ?');
    const insertSeats = db.prepare(
      'INSERT INTO convention_seats (convention_id, chapter_id, members, seats) VALUES (?, ?, ?, ?)',
    );
    const insertElection = db.prepare(
      `INSERT INTO delegate_elections (election_id, convention_id, chapter_id, seats, method, alternates, status, position)
       VALUES (?, ?, ?, ?, ?, ?, 'NOMINATING', ?)`,
    );
    const insertNomination = db.prepare(
      `INSERT INTO delegate_nominations (election_id, candidate_id, nominated_by, status, nominated_at, position)
       VALUES (?, ?, ?, 'PENDING', ?, ?)`,
    );
    const setNomination = db.prepare(
      'UPDATE delegate_nominations SET status = ? WHERE election_id = ? AND candidate_id = ?',
    );
    const openVoting = db.prepare(
      "UPDATE delegate_elections SET status = 'VOTING', candidates = ? WHERE election_id = ?",
    );
    const closeVoting = db.prepare("UPDATE delegate_elections SET status = 'CLOSED' WHERE election_id = ?");
    // A ballot after the close is in the log but not in the count; the log order makes this exact.
    const countVoter = db.prepare(
      `INSERT OR IGNORE INTO delegate_ballot_voters (election_id, voter_key)
       SELECT election_id, ? FROM delegate_elections WHERE election_id = ? AND status = 'VOTING'`,
    );
    const recordLateBallot = db.prepare(
      `INSERT OR IGNORE INTO delegate_late_ballots (election_id, position)
       SELECT election_id, ? FROM delegate_elections WHERE election_id = ? AND status IN ('CLOSED', 'TALLIED')`,
    );
    const recountBallots = db.prepare(
      `UPDATE delegate_elections
          SET ballots = (SELECT count(*) FROM delegate_ballot_voters v WHERE v.election_id = @electionId)
        WHERE election_id = @electionId AND status = 'VOTING'`,
    );
    const tally = db.prepare(
      `UPDATE delegate_elections SET status = 'TALLIED', ballots = ?, elected = ?, runners_up = ?, working = ?
        WHERE election_id = ?`,
    );
    const electionById = db.prepare<[string], { convention_id: string; chapter_id: string }>(
      'SELECT convention_id, chapter_id FROM delegate_elections WHERE election_id = ?',
    );
    const insertRoster = db.prepare(
      `INSERT INTO delegate_roster
         (election_id, member_id, convention_id, chapter_id, role, rank, seated, credentialed, withdrawn, replacing)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, NULL)`,
    );
    const credential = db.prepare(
      'UPDATE delegate_roster SET credentialed = 1 WHERE election_id = ? AND member_id = ?',
    );
    const withdraw = db.prepare(
      'UPDATE delegate_roster SET withdrawn = 1, seated = 0 WHERE election_id = ? AND member_id = ?',
    );
    const withdrawAlternate = db.prepare(
      'UPDATE delegate_roster SET withdrawn = 1 WHERE election_id = ? AND member_id = ?',
    );
    const seat = db.prepare(
      'UPDATE delegate_roster SET seated = 1, replacing = ? WHERE election_id = ? AND member_id = ?',
    );

    return (recorded: RecordedEvent) => {
      const position = Number(recorded.position);
      const event = { type: recorded.type, data: recorded.data } as
        ConventionEvent | DelegateElectionEvent | DelegateBallotEvent;
      switch (event.type) {
        case 'ConventionCalled': {
          const { conventionId, title, rules, calledBy, calledAt } = event.data;
          insertConvention.run(conventionId, title, JSON.stringify(rules), calledBy, calledAt, position);
          insertPhase.run(conventionId, 'CALLED', calledAt, calledBy, position);
          return;
        }
        case 'SecretariatMemberAppointed':
          insertSecretary.run(event.data.conventionId, event.data.memberId, event.data.appointedAt, position);
          return;
        case 'SecretariatMemberRemoved':
          deleteSecretary.run(event.data.conventionId, event.data.memberId);
          return;
        case 'SeatsApportionmentPage': {
          const { conventionId, cutoffPosition, index } = event.data;
          insertPage.run(conventionId, cutoffPosition, index, JSON.stringify(event.data));
          return;
        }
        case 'SeatsApportioned': {
          // Checked against the closing event's page count and digest: a lost or altered page
          // stops the projection loudly rather than showing a wrong seat table.
          const pages = pagesOf
            .all(event.data.conventionId)
            .map((row) => JSON.parse(row.page) as SeatsApportionmentPage['data']);
          const { conventionId, cutoffPosition, method, totalSeats, minimumSeatsPerChapter, chapters, working } =
            assembleApportionment(event.data, pages);
          insertApportionment.run(
            conventionId,
            cutoffPosition,
            method,
            totalSeats,
            minimumSeatsPerChapter,
            JSON.stringify(working),
            event.data.apportionedAt,
          );
          for (const chapter of chapters)
            insertSeats.run(conventionId, chapter.chapterId, chapter.members, chapter.seats);
          deletePages.run(conventionId);
          return;
        }
        case 'ConventionPhaseAdvanced': {
          const { conventionId, to, advancedBy, advancedAt } = event.data;
          setPhase.run(to, conventionId);
          insertPhase.run(conventionId, to, advancedAt, advancedBy, position);
          return;
        }
        case 'DelegateElectionStarted': {
          const { electionId, conventionId, chapterId, seats, method, alternates } = event.data;
          insertElection.run(electionId, conventionId, chapterId, seats, method, alternates, position);
          return;
        }
        case 'DelegateCandidateNominated':
          insertNomination.run(
            event.data.electionId,
            event.data.candidateId,
            event.data.nominatedBy,
            event.data.nominatedAt,
            position,
          );
          return;
        case 'DelegateNominationAccepted':
          setNomination.run('ACCEPTED', event.data.electionId, event.data.candidateId);
          return;
        case 'DelegateNominationDeclined':
          setNomination.run('DECLINED', event.data.electionId, event.data.candidateId);
          return;
        case 'DelegateVotingOpened':
          openVoting.run(JSON.stringify(event.data.candidates), event.data.electionId);
          return;
        case 'DelegateVotingClosed':
          closeVoting.run(event.data.electionId);
          return;
        case 'DelegateBallotCast':
          countVoter.run(event.data.voterKey, event.data.electionId);
          recountBallots.run({ electionId: event.data.electionId });
          recordLateBallot.run(position, event.data.electionId);
          return;
        case 'DelegateElectionTallied': {
          const { electionId, ballots, elected, alternates, working } = event.data;
          tally.run(ballots, JSON.stringify(elected), JSON.stringify(alternates), JSON.stringify(working), electionId);
          const election = electionById.get(electionId);
          if (election === undefined) return;
          elected.forEach((memberId, index) =>
            insertRoster.run(
              electionId,
              memberId,
              election.convention_id,
              election.chapter_id,
              'DELEGATE',
              index + 1,
              1,
            ),
          );
          alternates.forEach((memberId, index) =>
            insertRoster.run(
              electionId,
              memberId,
              election.convention_id,
              election.chapter_id,
              'ALTERNATE',
              index + 1,
              0,
            ),
          );
          return;
        }
        case 'DelegateCredentialed':
          credential.run(event.data.electionId, event.data.memberId);
          return;
        case 'DelegateWithdrew':
          withdraw.run(event.data.electionId, event.data.memberId);
          return;
        case 'AlternateSeated':
          seat.run(event.data.replacing, event.data.electionId, event.data.memberId);
          return;
        case 'AlternateWithdrew':
          withdrawAlternate.run(event.data.electionId, event.data.memberId);
          return;
        default:
          // Events of other contexts pass by this projection.
          return;
      }
    };
  },
};
