import { Inject, Injectable } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { Page, pageOf } from '../../graphql/connection';
import { ReadModelSource, ReadModels } from '../../infrastructure/read-models.service';
import { AuditEntity, AuditTrailEntry, SecretBallotStatus } from './trail.types';

interface TrailRow {
  position: number;
  stream: string;
  event_type: string;
  at: string;
  actor_operator: string | null;
  pseudonym: string | null;
  ballot_key: string | null;
  tracker: string | null;
}

/** The cursor's sort key: the log position of the page's last entry. */
export const TRAIL_CURSOR = /^(0|[1-9][0-9]{0,18})$/;

/**
 * Where each kind of secret ballot learns its fate: the table of ballots recorded after the
 * close, and the vote's own row, which says whether it has been counted.
 */
const SECRET_BALLOTS = {
  ReferendumBallotCast: {
    late: 'SELECT 1 FROM referendum_late_ballots WHERE referendum_id = @id AND position = @position',
    counted: "SELECT 1 FROM referendums WHERE referendum_id = @id AND status = 'closed'",
  },
  DelegateBallotCast: {
    late: 'SELECT 1 FROM delegate_late_ballots WHERE election_id = @id AND position = @position',
    counted: "SELECT 1 FROM delegate_elections WHERE election_id = @id AND status = 'TALLIED'",
  },
} as const;
type SecretBallotType = keyof typeof SECRET_BALLOTS;
type Statement = Database.Statement<[Record<string, unknown>], unknown>;

/** Queries over the audit trail's table, live or as of a past position. */
@Injectable()
export class TrailReadModel {
  private readonly page;
  private readonly count;
  private readonly replacedBy;
  private readonly late: Record<SecretBallotType, Statement>;
  private readonly counted: Record<SecretBallotType, Statement>;

  constructor(@Inject(ReadModels) source: ReadModelSource) {
    const { db } = source;
    this.page = db.prepare<Record<string, unknown>, TrailRow>(
      `SELECT t.position, t.stream, t.event_type, t.at, t.actor_operator, t.ballot_key, t.tracker,
              (SELECT pseudonym FROM members m WHERE m.member_id = t.actor_member_id) AS pseudonym
         FROM trail_entries t
        WHERE t.entity_kind = @kind AND t.entity_id = @id AND t.position > @after
        ORDER BY t.position
        LIMIT @limit`,
    );
    this.count = db
      .prepare<Record<string, unknown>, number>(
        'SELECT count(*) FROM trail_entries WHERE entity_kind = @kind AND entity_id = @id',
      )
      .pluck();
    // A later ballot of the same voter replaces this one unless it came too late to count.
    this.replacedBy = db
      .prepare<Record<string, unknown>, number>(
        `SELECT position FROM trail_entries
          WHERE entity_kind = @kind AND entity_id = @id AND ballot_key = @ballotKey AND position > @position
          ORDER BY position`,
      )
      .pluck();
    const prepareEach = (query: 'late' | 'counted'): Record<SecretBallotType, Statement> => ({
      ReferendumBallotCast: db.prepare(SECRET_BALLOTS.ReferendumBallotCast[query]),
      DelegateBallotCast: db.prepare(SECRET_BALLOTS.DelegateBallotCast[query]),
    });
    this.late = prepareEach('late');
    this.counted = prepareEach('counted');
  }

  trail(kind: AuditEntity, id: string, after: number, first: number): Page<AuditTrailEntry> {
    const rows = this.page.all({ kind, id, after, limit: first + 1 });
    return pageOf(
      rows,
      first,
      this.count.get({ kind, id }) ?? 0,
      (row) => String(row.position),
      (row) => this.toEntry(kind, id, row),
    );
  }

  private toEntry(kind: AuditEntity, id: string, row: TrailRow): AuditTrailEntry {
    const secret = row.event_type in SECRET_BALLOTS && row.ballot_key !== null;
    return {
      recorded: {
        position: String(row.position),
        at: row.at,
        eventType: row.event_type,
        actor: secret ? null : (row.actor_operator ?? row.pseudonym),
      },
      stream: row.stream,
      secretBallot: secret
        ? { tracker: row.tracker, status: this.secretBallotStatus(kind, id, row.event_type as SecretBallotType, row) }
        : null,
    };
  }

  private secretBallotStatus(kind: AuditEntity, id: string, type: SecretBallotType, row: TrailRow): SecretBallotStatus {
    const isLate = (position: number) => this.late[type].get({ id, position }) !== undefined;
    if (isLate(row.position)) return SecretBallotStatus.LATE;
    const later = this.replacedBy.all({ kind, id, ballotKey: row.ballot_key, position: row.position });
    if (later.some((position) => !isLate(position))) return SecretBallotStatus.REPLACED;
    return this.counted[type].get({ id }) === undefined ? SecretBallotStatus.PENDING : SecretBallotStatus.COUNTED;
  }
}
