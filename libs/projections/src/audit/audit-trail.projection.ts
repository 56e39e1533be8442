import type { RecordedEvent } from '../../../event-store/src';
import type { Projection } from '../projection';

type EventData = Record<string, unknown>;

/** The entities a trail can be asked for. */
export const AUDIT_ENTITY_KINDS = [
  'member',
  'chapter',
  'branch',
  'proposal',
  'amendment',
  'vote',
  'rule',
  'convention',
  'interim-decision',
  'referendum',
  'delegate-election',
] as const;
export type AuditEntityKind = (typeof AUDIT_ENTITY_KINDS)[number];

/** Streams named `<Prefix>-<entity id>`: every event in them concerns that entity. */
export const ENTITY_STREAMS: Readonly<Record<string, AuditEntityKind>> = {
  Member: 'member',
  Chapter: 'chapter',
  Branch: 'branch',
  Proposal: 'proposal',
  Amendment: 'amendment',
  ConventionVote: 'vote',
  InterimDecision: 'interim-decision',
  Referendum: 'referendum',
  ReferendumCount: 'referendum',
  DelegateElection: 'delegate-election',
};

/**
 * Streams whose name is not one entity (an organization-wide register, or one seat's public
 * roll-call ballot): their events are indexed only under the ids their data names.
 */
export const SHARED_STREAMS: readonly string[] = [
  'Convention',
  'Charter',
  'ConventionBallot',
  'Committee',
  'Commitments',
  'InterimRules',
];

/**
 * Streams that are in no trail at all: sign-in sessions and credentials (how someone signs in
 * is nobody's audit), secret ballots' per-voter streams (a trail would link voter and ballot),
 * the closure register (it names members of closed chapters), and name claims (uniqueness
 * keys of pseudonyms and chapter names, command-side guards).
 */
export const PRIVATE_STREAMS: readonly string[] = [
  'Session',
  'Credentials',
  'DelegateBallot',
  'ReferendumBallot',
  'ChapterClosures',
  'PseudonymClaim',
  'ChapterNameClaim',
];

/**
 * Secret ballots: indexed under their vote only, with no actor, so a trail shows that a ballot
 * was cast (a counted tracker) and never by whom.
 */
const SECRET_BALLOTS: Readonly<Record<string, { kind: AuditEntityKind; field: string }>> = {
  ReferendumBallotCast: { kind: 'referendum', field: 'referendumId' },
  DelegateBallotCast: { kind: 'delegate-election', field: 'electionId' },
};

/** Id fields in event data naming a further entity the event concerns. */
const ID_FIELDS: Readonly<Record<string, AuditEntityKind>> = {
  memberId: 'member',
  chapterId: 'chapter',
  branchId: 'branch',
  proposalId: 'proposal',
  amendmentId: 'amendment',
  parentAmendmentId: 'amendment',
  voteId: 'vote',
  ruleId: 'rule',
  conventionId: 'convention',
  decisionId: 'interim-decision',
  referendumId: 'referendum',
  electionId: 'delegate-election',
};

/** The prefix of a stream name: everything before the first '-'. */
export const streamPrefix = (streamName: string): string => {
  const dash = streamName.indexOf('-');
  return dash < 0 ? streamName : streamName.slice(0, dash);
};

/** The (kind, id) pairs an event belongs to, without duplicates; empty for a private one. */
export function trailEntitiesOf(recorded: RecordedEvent): { kind: AuditEntityKind; id: string }[] {
  const data = (recorded.data ?? {}) as EventData;
  const secret = SECRET_BALLOTS[recorded.type];
  if (secret !== undefined) {
    const id = data[secret.field];
    return typeof id === 'string' ? [{ kind: secret.kind, id }] : [];
  }
  const prefix = streamPrefix(recorded.streamName);
  if (PRIVATE_STREAMS.includes(prefix)) return [];
  const found = new Map<string, { kind: AuditEntityKind; id: string }>();
  const add = (kind: AuditEntityKind, id: string) => found.set(`${kind}:${id}`, { kind, id });
  const streamKind = ENTITY_STREAMS[prefix];
  if (streamKind !== undefined) add(streamKind, recorded.streamName.slice(prefix.length + 1));
  else if (!SHARED_STREAMS.includes(prefix)) return [];
  for (const [field, kind] of Object.entries(ID_FIELDS)) {
    const id = data[field];
    if (typeof id === 'string' && id !== '') add(kind, id);
  }
  return [...found.values()];
}

/**
 * The audit trail: per entity, every event that concerns it, by log position. It stores no
 * event data beyond stream, type, time and actor, so nothing an event says in confidence
 * (contact details, ballot choices) can reach a trail. A secret ballot keeps two more values:
 * its tracker (a referendum's; the voter was handed it, and the published count lists it) and
 * its opaque voter key, never served, only compared to tell a ballot a later one of the same
 * voter replaced from one that counts.
 */
export const auditTrailProjection: Projection = {
  name: 'audit-trail',
  version: 2,
  tables: ['trail_entries'],
  schema: `
    CREATE TABLE IF NOT EXISTS trail_entries (
      entity_kind     TEXT NOT NULL,
      entity_id       TEXT NOT NULL,
      position        INTEGER NOT NULL,
      stream          TEXT NOT NULL,
      event_type      TEXT NOT NULL,
      at              TEXT NOT NULL,
      actor_member_id TEXT,
      actor_operator  TEXT,
      ballot_key      TEXT,
      tracker         TEXT,
      PRIMARY KEY (entity_kind, entity_id, position)
    ) WITHOUT ROWID;
    -- A secret ballot's later ballots by the same voter, to tell replaced from counted.
    CREATE INDEX IF NOT EXISTS trail_entries_by_ballot_key
      ON trail_entries (entity_kind, entity_id, ballot_key, position) WHERE ballot_key IS NOT NULL;
  `,
  bind(db) {
    const insert = db.prepare(
      `INSERT OR IGNORE INTO trail_entries
         (entity_kind, entity_id, position, stream, event_type, at, actor_member_id, actor_operator,
          ballot_key, tracker)
       VALUES (@kind, @id, @position, @stream, @eventType, @at, @memberId, @operator, @ballotKey, @tracker)`,
    );
    return (recorded: RecordedEvent) => {
      const entities = trailEntitiesOf(recorded);
      if (entities.length === 0) return;
      const { actor, acceptedAt } = recorded.metadata;
      const secret = SECRET_BALLOTS[recorded.type] !== undefined;
      const data = (recorded.data ?? {}) as EventData;
      const ballotKey = secret && typeof data.voterKey === 'string' ? data.voterKey : null;
      const tracker = secret && typeof data.tracker === 'string' ? data.tracker : null;
      for (const { kind, id } of entities) {
        insert.run({
          kind,
          id,
          position: Number(recorded.position),
          stream: secret ? streamPrefix(recorded.streamName) : recorded.streamName,
          eventType: recorded.type,
          at: acceptedAt,
          memberId: !secret && actor?.kind === 'member' ? actor.memberId : null,
          operator: !secret && actor?.kind === 'operator' ? actor.name : null,
          ballotKey,
          tracker,
        });
      }
    };
  },
};
