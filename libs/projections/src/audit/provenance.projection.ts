import type { RecordedEvent } from '../../../event-store/src';
import type { Projection } from '../projection';
import { bindRuleClauses, ruleClauseSchema, ruleClauseTables } from './rule-clauses';

type EventData = Record<string, unknown>;

/**
 * Which fact of a rule's provenance each event records, as a subject key. The floor and
 * convention read models hold the facts; this table holds, per fact, the event behind it, so
 * every link of `rule(id)` can name its log position, time, event type and actor.
 */
const SUBJECTS: Readonly<Record<string, (data: EventData) => string>> = {
  ProposalSubmitted: (d) => `proposal:${String(d.proposalId)}`,
  ProposalSeconded: (d) => `seconder:${String(d.proposalId)}:${String(d.seconderId)}`,
  ProposalFriendlyAmendmentAccepted: (d) => `proposal-version:${String(d.proposalId)}:${String(d.version)}`,
  ProposalAmendedByVote: (d) => `proposal-version:${String(d.proposalId)}:${String(d.version)}`,
  AmendmentProposed: (d) => `amendment:${String(d.amendmentId)}`,
  AmendmentRebased: (d) => `amendment-revision:${String(d.amendmentId)}:${String(d.revision)}`,
  AmendmentRevisedBySecondary: (d) => `amendment-revision:${String(d.amendmentId)}:${String(d.revision)}`,
  AmendmentAcceptedAsFriendly: (d) => `amendment-decision:${String(d.amendmentId)}`,
  AmendmentAdopted: (d) => `amendment-decision:${String(d.amendmentId)}`,
  AmendmentRejected: (d) => `amendment-decision:${String(d.amendmentId)}`,
  ConventionVoteOpened: (d) => `vote:${String(d.voteId)}`,
  ConventionVoteClosed: (d) => `vote-closed:${String(d.voteId)}`,
  ConventionBallotCast: (d) => `ballot:${String(d.voteId)}:${String(d.seatId)}`,
  RuleAdopted: (d) => `rule-version:${String(d.ruleId)}:1`,
  RuleAmended: (d) => `rule-version:${String(d.ruleId)}:${String(d.version)}`,
  DelegateElectionTallied: (d) => `election:${String(d.electionId)}`,
  SeatsApportioned: (d) => `apportionment:${String(d.conventionId)}`,
};

/**
 * Rule provenance: `provenance_records`, the event behind each fact, and the clause blame of
 * every rule version (rule-clauses.ts), both fed by the same events in one pass.
 */
export const provenanceProjection: Projection = {
  name: 'provenance',
  // 2: clause blame (rule-clauses.ts) and the events behind amendment revisions.
  version: 2,
  tables: ['provenance_records', ...ruleClauseTables],
  schema: `
    CREATE TABLE IF NOT EXISTS provenance_records (
      subject         TEXT PRIMARY KEY,
      position        INTEGER NOT NULL,
      at              TEXT NOT NULL,
      event_type      TEXT NOT NULL,
      actor_member_id TEXT,
      actor_operator  TEXT
    );
    ${ruleClauseSchema}
  `,
  bind(db) {
    // The latest event for a subject wins: a changed ballot is recorded by its last cast, except
    // a ballot cast after its vote ended, which never counted (the floor keeps it as late).
    const record = db.prepare(
      `INSERT INTO provenance_records (subject, position, at, event_type, actor_member_id, actor_operator)
       SELECT @subject, @position, @at, @eventType, @memberId, @operator
        WHERE @lateGuard IS NULL OR NOT EXISTS (SELECT 1 FROM provenance_records WHERE subject = @lateGuard)
       ON CONFLICT (subject) DO UPDATE SET position = excluded.position, at = excluded.at,
         event_type = excluded.event_type, actor_member_id = excluded.actor_member_id,
         actor_operator = excluded.actor_operator`,
    );
    const ended = db.prepare(
      `INSERT OR IGNORE INTO provenance_records (subject, position, at, event_type) VALUES (?, ?, ?, ?)`,
    );
    const trackClauses = bindRuleClauses(db);
    return (recorded: RecordedEvent) => {
      trackClauses(recorded);
      const data = recorded.data as EventData;
      const { actor, acceptedAt } = recorded.metadata;
      if (recorded.type === 'ConventionVotingEnded' || recorded.type === 'ConventionVoteClosed') {
        ended.run(`vote-ended:${String(data.voteId)}`, Number(recorded.position), acceptedAt, recorded.type);
      }
      const subjectOf = SUBJECTS[recorded.type];
      if (subjectOf === undefined) return;
      record.run({
        subject: subjectOf(data),
        position: Number(recorded.position),
        at: acceptedAt,
        eventType: recorded.type,
        memberId: actor?.kind === 'member' ? actor.memberId : null,
        operator: actor?.kind === 'operator' ? actor.name : null,
        lateGuard: recorded.type === 'ConventionBallotCast' ? `vote-ended:${String(data.voteId)}` : null,
      });
    };
  },
};
