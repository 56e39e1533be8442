import { Inject, Injectable } from '@nestjs/common';
import { POSITION_AND_ID_KEY, Page, pageOf } from '../../graphql/connection';
import { ReadModelSource, ReadModels } from '../../infrastructure/read-models.service';
import { Recorded } from '../recorded.types';
import { Decision, DecisionBody, DecisionKind, DecisionStatus, DecisionWaitingOn, WaitingParty } from './tracker.types';

interface DecisionRow {
  decision_id: string;
  kind: DecisionKind;
  subject: string;
  subject_kind: 'title' | 'proposal' | 'amendment' | 'competing' | 'election' | 'phase';
  subject_ref: string | null;
  proposal_title: string | null;
  chapter_name: string | null;
  convention_title: string | null;
  body: DecisionBody;
  body_id: string;
  stage: 'open' | 'pending' | 'adopted' | 'rejected' | 'lapsed';
  step: string;
  deadline: string | null;
  electorate: number | null;
  opened_at: string;
  opened_position: number;
  opened_type: string;
  opened_actor: string | null;
  closed_at: string | null;
  closed_position: number | null;
  closed_type: string | null;
  closed_actor: string | null;
  participants: number;
  status: DecisionStatus;
  opened_pseudonym: string | null;
  closed_pseudonym: string | null;
}

/** What a list asks for, already checked; `reference` is the instant statuses are computed at. */
export interface DecisionQuery {
  readonly kinds: readonly DecisionKind[] | null;
  readonly statuses: readonly DecisionStatus[] | null;
  readonly bodies: readonly DecisionBody[] | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly reference: string;
  readonly after: { position: number; id: string } | null;
  readonly first: number;
}

/** The cursor's sort key: opening position and id. */
export const DECISION_CURSOR = POSITION_AND_ID_KEY;

/**
 * OPEN against OVERDUE is decided here, at query time, from the stored deadline and the instant
 * answered for: the same in every process, and the same for an asOf view as it was live then.
 */
const STATUS = `CASE
    WHEN d.stage = 'open' AND d.deadline IS NOT NULL AND d.deadline < @reference THEN 'OVERDUE'
    WHEN d.stage = 'open' THEN 'OPEN'
    ELSE upper(d.stage) END`;

const SELECT = `
  SELECT d.*, ${STATUS} AS status,
         (SELECT count(*) FROM tracker_participants p WHERE p.decision_id = d.decision_id) AS participants,
         (SELECT pseudonym FROM members m WHERE 'member:' || m.member_id = d.opened_actor) AS opened_pseudonym,
         (SELECT pseudonym FROM members m WHERE 'member:' || m.member_id = d.closed_actor) AS closed_pseudonym,
         (SELECT title FROM floor_proposals f WHERE f.proposal_id = d.subject_ref) AS proposal_title,
         (SELECT name FROM chapters c WHERE c.chapter_id = d.subject_ref) AS chapter_name,
         (SELECT title FROM conventions v
           WHERE v.convention_id = CASE d.kind WHEN 'PHASE_CHANGE' THEN d.subject_ref ELSE d.body_id END) AS convention_title
    FROM tracker_decisions d`;

const FILTER = `
  (@kinds IS NULL OR d.kind IN (SELECT value FROM json_each(@kinds)))
  AND (@bodies IS NULL OR d.body IN (SELECT value FROM json_each(@bodies)))
  AND (@statuses IS NULL OR ${STATUS} IN (SELECT value FROM json_each(@statuses)))
  AND (@from IS NULL OR d.closed_at IS NULL OR d.closed_at >= @from)
  AND (@to IS NULL OR d.opened_at < @to)`;

/** Queries over the decision tracker's tables, live or as of a past position. */
@Injectable()
export class TrackerReadModel {
  private readonly page;
  private readonly count;
  private readonly byId;
  private readonly clockRow;

  constructor(@Inject(ReadModels) source: ReadModelSource) {
    const { db } = source;
    this.page = db.prepare<Record<string, unknown>, DecisionRow>(
      `${SELECT}
        WHERE ${FILTER}
          AND (@afterPosition IS NULL OR (d.opened_position, d.decision_id) > (@afterPosition, @afterId))
        ORDER BY d.opened_position, d.decision_id
        LIMIT @limit`,
    );
    this.count = db
      .prepare<Record<string, unknown>, number>(`SELECT count(*) FROM tracker_decisions d WHERE ${FILTER}`)
      .pluck();
    this.byId = db.prepare<Record<string, unknown>, DecisionRow>(`${SELECT} WHERE d.decision_id = @id`);
    this.clockRow = db.prepare<[], string>("SELECT at FROM tracker_clock WHERE clock = 'clock'").pluck();
  }

  /** The acceptance time of the last event these tables include; null on an empty log. */
  clock(): string | null {
    return this.clockRow.get() ?? null;
  }

  decisions(query: DecisionQuery): Page<Decision> {
    const filter = {
      kinds: query.kinds === null ? null : JSON.stringify(query.kinds),
      bodies: query.bodies === null ? null : JSON.stringify(query.bodies),
      statuses: query.statuses === null ? null : JSON.stringify(query.statuses),
      from: query.from,
      to: query.to,
      reference: query.reference,
    };
    const rows = this.page.all({
      ...filter,
      afterPosition: query.after?.position ?? null,
      afterId: query.after?.id ?? null,
      limit: query.first + 1,
    });
    return pageOf(
      rows,
      query.first,
      this.count.get(filter) ?? 0,
      (row) => `${row.opened_position}:${row.decision_id}`,
      toDecision,
    );
  }

  decision(id: string, reference: string): Decision | null {
    const row = this.byId.get({ id, reference });
    return row === undefined ? null : toDecision(row);
  }
}

function toDecision(row: DecisionRow): Decision {
  return {
    id: row.decision_id,
    kind: row.kind,
    subject: subjectOf(row),
    body: row.body,
    bodyId: row.body_id,
    status: row.status,
    deadline: row.deadline,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    opened: recorded(row.opened_position, row.opened_at, row.opened_type, row.opened_actor, row.opened_pseudonym),
    closed:
      row.closed_position === null || row.closed_at === null || row.closed_type === null
        ? null
        : recorded(row.closed_position, row.closed_at, row.closed_type, row.closed_actor, row.closed_pseudonym),
    waitingOn: waitingOn(row),
  };
}

/** The actor as others see them: a member by pseudonym, the operator by name. */
function recorded(
  position: number,
  at: string,
  eventType: string,
  actor: string | null,
  pseudonym: string | null,
): Recorded {
  const shown = actor === null ? null : actor.startsWith('operator:') ? actor.slice('operator:'.length) : pseudonym;
  return { position: String(position), at, eventType, actor: shown };
}

/** The subject by the names its parts carry now; the stored wording when they are not known. */
function subjectOf(row: DecisionRow): string {
  switch (row.subject_kind) {
    case 'proposal':
      return row.proposal_title === null ? row.subject : `Proposal "${row.proposal_title}"`;
    case 'amendment':
      return row.proposal_title === null ? row.subject : `Amendment to "${row.proposal_title}"`;
    case 'election':
      return row.chapter_name === null ? row.subject : `Delegates of ${row.chapter_name}`;
    case 'phase':
      return row.convention_title === null ? row.subject : `${row.convention_title} leaves ${row.step}`;
    default:
      return row.subject;
  }
}

function waitingOn(row: DecisionRow): DecisionWaitingOn | null {
  const single = (party: WaitingParty, description: string): DecisionWaitingOn => ({
    party,
    outstanding: null,
    of: null,
    description,
  });
  if (row.stage === 'pending') return single(WaitingParty.CLERK, 'waiting on the clerk to record the count');
  if (row.stage !== 'open') return null;
  if (row.status === DecisionStatus.OVERDUE && row.kind !== DecisionKind.PHASE_CHANGE)
    return single(WaitingParty.CLERK, 'the deadline has passed: waiting on the clerk to close it');
  switch (row.kind) {
    case DecisionKind.INTERIM_DECISION: {
      const of = row.electorate ?? 0;
      const outstanding = Math.max(0, of - row.participants);
      return {
        party: WaitingParty.COMMITTEE,
        outstanding,
        of,
        description: `waiting on ${outstanding} of ${of} committee members`,
      };
    }
    case DecisionKind.CONVENTION_VOTE: {
      const of = row.electorate ?? 0;
      const outstanding = Math.max(0, of - row.participants);
      return {
        party: WaitingParty.SEATS,
        outstanding,
        of,
        description: `waiting on ${outstanding} of ${of} seats, then the secretariat to end voting`,
      };
    }
    case DecisionKind.DELEGATE_ELECTION:
      return row.step === 'nominating'
        ? single(WaitingParty.SECRETARIAT, 'taking nominations: waiting on the secretariat to open voting')
        : single(
            WaitingParty.VOTERS,
            "secret ballot: waiting on the chapter's members and the secretariat to close it",
          );
    case DecisionKind.REFERENDUM:
      return single(WaitingParty.VOTERS, 'secret ballot: waiting on the members and the secretariat to close it');
    case DecisionKind.PHASE_CHANGE:
      return single(
        WaitingParty.SECRETARIAT,
        row.status === DecisionStatus.OVERDUE
          ? `the ${row.step} phase is past its deadline: waiting on the secretariat to advance it`
          : `waiting on the secretariat to advance the convention out of ${row.step}`,
      );
  }
}
