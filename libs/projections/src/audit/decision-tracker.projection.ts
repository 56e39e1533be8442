import type Database from 'better-sqlite3';
import type { Actor } from '../../../core/src';
import { uuidV5 } from '../../../core/src';
import type { RecordedEvent } from '../../../event-store/src';
import type { ConventionEvent, DelegateElectionEvent } from '../../../convention/src';
import type { InterimDecisionEvent } from '../../../organization/src';
import type { ConventionVoteEvent, ReferendumEvent } from '../../../proposals/src';
import type { Projection } from '../projection';

type PhaseDeadlines = readonly { phase: string; deadline: string }[];

/**
 * The committee's and secretariat's decision tracker: every decision of every kind as one row.
 *
 * `stage` is what the events say (open, pending, adopted, rejected, lapsed); OPEN against
 * OVERDUE is not stored, because it depends on the clock: the query compares the stored
 * deadline with the instant it answers for (see the read model). No timer ever writes here.
 *
 * Phase changes: a convention's current phase is an open decision "leave <phase>" with that
 * phase's deadline from the rules of procedure; advancing adopts it and opens the next one.
 *
 * Participation is kept only for roll-call decisions (the committee, the convention's seats):
 * secret ballots (delegate elections, referendums) leave nothing here before their count.
 */
export const decisionTrackerProjection: Projection = {
  name: 'decision-tracker',
  version: 1,
  tables: ['tracker_decisions', 'tracker_participants', 'tracker_phase_deadlines', 'tracker_clock'],
  schema: `
    CREATE TABLE IF NOT EXISTS tracker_decisions (
      decision_id      TEXT PRIMARY KEY,
      kind             TEXT NOT NULL,
      subject          TEXT NOT NULL,
      -- What the subject names, for the query to show it by its current name (a proposal's title,
      -- a chapter's name): 'title', 'proposal', 'amendment', 'competing', 'election', 'phase'.
      subject_kind     TEXT NOT NULL,
      subject_ref      TEXT,
      body             TEXT NOT NULL,
      body_id          TEXT NOT NULL,
      stage            TEXT NOT NULL CHECK (stage IN ('open', 'pending', 'adopted', 'rejected', 'lapsed')),
      step             TEXT NOT NULL,
      deadline         TEXT,
      electorate       INTEGER,
      opened_at        TEXT NOT NULL,
      opened_position  INTEGER NOT NULL,
      opened_type      TEXT NOT NULL,
      opened_actor     TEXT,
      closed_at        TEXT,
      closed_position  INTEGER,
      closed_type      TEXT,
      closed_actor     TEXT
    );
    CREATE INDEX IF NOT EXISTS tracker_decisions_by_opening ON tracker_decisions (opened_position, decision_id);
    CREATE TABLE IF NOT EXISTS tracker_participants (
      decision_id TEXT NOT NULL,
      participant TEXT NOT NULL,
      PRIMARY KEY (decision_id, participant)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS tracker_phase_deadlines (
      convention_id TEXT PRIMARY KEY,
      deadlines     TEXT NOT NULL
    );
    -- The acceptance time of the last event applied: the instant a view as of a position answers for.
    CREATE TABLE IF NOT EXISTS tracker_clock (
      clock TEXT PRIMARY KEY CHECK (clock = 'clock'),
      at    TEXT NOT NULL
    );
  `,
  bind(db: Database.Database) {
    const open = db.prepare(
      `INSERT OR IGNORE INTO tracker_decisions
         (decision_id, kind, subject, subject_kind, subject_ref, body, body_id, stage, step, deadline, electorate,
          opened_at, opened_position, opened_type, opened_actor)
       VALUES (@id, @kind, @subject, @subjectKind, @subjectRef, @body, @bodyId, 'open', @step, @deadline, @electorate,
          @at, @position, @type, @actor)`,
    );
    const advance = db.prepare(
      `UPDATE tracker_decisions SET stage = @stage, step = @step WHERE decision_id = @id AND stage IN ('open', 'pending')`,
    );
    const close = db.prepare(
      `UPDATE tracker_decisions
          SET stage = @stage, closed_at = @at, closed_position = @position,
              closed_type = @type, closed_actor = @actor
        WHERE decision_id = @id AND stage IN ('open', 'pending')`,
    );
    const participate = db.prepare(
      'INSERT OR IGNORE INTO tracker_participants (decision_id, participant) VALUES (?, ?)',
    );
    const tick = db.prepare(
      `INSERT INTO tracker_clock (clock, at) VALUES ('clock', ?) ON CONFLICT (clock) DO UPDATE SET at = excluded.at`,
    );
    const keepDeadlines = db.prepare(
      'INSERT OR REPLACE INTO tracker_phase_deadlines (convention_id, deadlines) VALUES (?, ?)',
    );
    const deadlinesOf = db
      .prepare<[string], string>('SELECT deadlines FROM tracker_phase_deadlines WHERE convention_id = ?')
      .pluck();

    return (recorded: RecordedEvent) => {
      const position = Number(recorded.position);
      const at = canonical(recorded.metadata.acceptedAt);
      const actor = actorKey(recorded.metadata.actor);
      const base = { position, at, type: recorded.type, actor };
      const openPhase = (conventionId: string, phase: string, deadlines: PhaseDeadlines): void => {
        const deadline = deadlines.find((entry) => entry.phase === phase)?.deadline;
        open.run({
          ...base,
          id: phaseDecisionId(conventionId, phase),
          kind: 'PHASE_CHANGE',
          subject: `Convention ${conventionId} leaves ${phase}`,
          subjectKind: 'phase',
          subjectRef: conventionId,
          body: 'SECRETARIAT',
          bodyId: conventionId,
          step: phase,
          deadline: deadline === undefined ? null : canonical(deadline),
          electorate: null,
        });
      };
      const event = { type: recorded.type, data: recorded.data } as
        InterimDecisionEvent | ConventionVoteEvent | DelegateElectionEvent | ReferendumEvent | ConventionEvent;
      switch (event.type) {
        case 'InterimDecisionProposed': {
          const { decisionId, title, committee, deadline } = event.data;
          open.run({
            ...base,
            id: decisionId,
            kind: 'INTERIM_DECISION',
            subject: title,
            subjectKind: 'title',
            subjectRef: null,
            body: 'COMMITTEE',
            bodyId: 'organization',
            step: 'voting',
            deadline: canonical(deadline),
            electorate: committee.length,
          });
          break;
        }
        case 'InterimDecisionVoteCast':
          participate.run(event.data.decisionId, event.data.memberId);
          break;
        case 'InterimDecisionAdopted':
          close.run({ ...base, id: event.data.decisionId, stage: 'adopted' });
          break;
        case 'InterimDecisionLapsed':
          close.run({ ...base, id: event.data.decisionId, stage: 'lapsed' });
          break;
        case 'ConventionVoteOpened': {
          const { voteId, conventionId, subject, electorate } = event.data;
          open.run({
            ...base,
            id: voteId,
            kind: 'CONVENTION_VOTE',
            ...subjectOf(subject),
            body: 'CONVENTION',
            bodyId: conventionId,
            step: 'voting',
            deadline: null,
            electorate: electorate.seatIds?.length ?? electorate.seats,
          });
          break;
        }
        case 'ConventionBallotCast':
          participate.run(event.data.voteId, event.data.seatId);
          break;
        case 'ConventionVotingEnded':
          advance.run({ id: event.data.voteId, stage: 'pending', step: 'counting' });
          break;
        case 'ConventionVoteClosed':
          close.run({ ...base, id: event.data.voteId, stage: conventionVoteStage(event.data.tally) });
          break;
        case 'ConventionVoteCancelled':
          close.run({ ...base, id: event.data.voteId, stage: 'lapsed' });
          break;
        case 'DelegateElectionStarted': {
          const { electionId, conventionId, chapterId, seats } = event.data;
          open.run({
            ...base,
            id: electionId,
            kind: 'DELEGATE_ELECTION',
            subject: `Delegates of chapter ${chapterId} to convention ${conventionId}`,
            subjectKind: 'election',
            subjectRef: chapterId,
            body: 'CHAPTER',
            bodyId: chapterId,
            step: 'nominating',
            deadline: null,
            electorate: seats,
          });
          break;
        }
        case 'DelegateVotingOpened':
          advance.run({ id: event.data.electionId, stage: 'open', step: 'voting' });
          break;
        case 'DelegateVotingClosed':
          advance.run({ id: event.data.electionId, stage: 'pending', step: 'counting' });
          break;
        case 'DelegateElectionTallied':
          close.run({ ...base, id: event.data.electionId, stage: 'adopted' });
          break;
        case 'ReferendumOpened': {
          const { referendumId, question, conventionId, electorateSize } = event.data;
          open.run({
            ...base,
            id: referendumId,
            kind: 'REFERENDUM',
            subject: question,
            subjectKind: 'title',
            subjectRef: null,
            body: 'MEMBERS',
            bodyId: conventionId,
            step: 'voting',
            deadline: null,
            electorate: electorateSize,
          });
          break;
        }
        case 'ReferendumVotingClosed':
          advance.run({ id: event.data.referendumId, stage: 'pending', step: 'counting' });
          break;
        case 'ReferendumCounted':
        case 'ReferendumClosed':
          close.run({
            ...base,
            id: event.data.referendumId,
            stage: event.data.tally.outcome === 'adopted' ? 'adopted' : 'rejected',
          });
          break;
        case 'ConventionCalled': {
          const { conventionId, rules } = event.data;
          keepDeadlines.run(conventionId, JSON.stringify(rules.deadlines));
          openPhase(conventionId, 'CALLED', rules.deadlines);
          break;
        }
        case 'ConventionPhaseAdvanced': {
          const { conventionId, from, to } = event.data;
          close.run({ ...base, id: phaseDecisionId(conventionId, from), stage: 'adopted' });
          const stored = deadlinesOf.get(conventionId);
          if (to !== 'CLOSED')
            openPhase(conventionId, to, stored === undefined ? [] : (JSON.parse(stored) as PhaseDeadlines));
          break;
        }
        default:
          break;
      }
      tick.run(at);
    };
  },
};

/** The tracker's id of "convention C leaves phase P": derived, so a rebuild gives the same id. */
export function phaseDecisionId(conventionId: string, phase: string): string {
  return uuidV5(`decision-tracker:phase:${conventionId}:${phase}`);
}

/** `member:<id>` or `operator:<name>`; the read model shows the member's pseudonym. */
function actorKey(actor: Actor | null): string | null {
  if (actor === null) return null;
  return actor.kind === 'member' ? `member:${actor.memberId}` : `operator:${actor.name}`;
}

/** One form for every instant, so deadlines compare as strings. */
function canonical(instant: string): string {
  return new Date(instant).toISOString();
}

type VoteOpened = Extract<ConventionVoteEvent, { type: 'ConventionVoteOpened' }>;
type VoteClosed = Extract<ConventionVoteEvent, { type: 'ConventionVoteClosed' }>;

function subjectOf(subject: VoteOpened['data']['subject']): {
  subject: string;
  subjectKind: string;
  subjectRef: string | null;
} {
  switch (subject.kind) {
    case 'amendment':
      return {
        subject: `Amendment ${subject.amendmentId} to proposal ${subject.proposalId}`,
        subjectKind: 'amendment',
        subjectRef: subject.proposalId,
      };
    case 'proposal':
      return { subject: `Proposal ${subject.proposalId}`, subjectKind: 'proposal', subjectRef: subject.proposalId };
    case 'competing-proposals':
      return { subject: `Competing proposals on ${subject.subject}`, subjectKind: 'competing', subjectRef: null };
  }
}

function conventionVoteStage(tally: VoteClosed['data']['tally']): 'adopted' | 'rejected' {
  if ('method' in tally && tally.method === 'ranked') return tally.winner === null ? 'rejected' : 'adopted';
  return tally.outcome === 'adopted' ? 'adopted' : 'rejected';
}
