import { Inject, Injectable } from '@nestjs/common';
import type { BodySeats, EnactmentOrigin, PublishedBallotLine } from '../../../../libs/proposals/src';
import type { YesNoResult } from '../../../../libs/voting/src';
import { Page, PositionAndId, PositionPageParameters, pageOf, positionPageParameters } from '../graphql/connection';
import { ReadModelSource, ReadModels } from '../infrastructure/read-models.service';
import { MembershipReadModel } from '../membership/membership.read-model';
import { OrganizationReadModel } from '../organization/organization.read-model';
import { Chapter } from '../membership/membership.types';
import {
  CommitmentOrigin,
  FinalStructure,
  FinalStructureBody,
  FinalStructureCommitment,
  FinalStructureRule,
  InterimStructure,
  OrganizationPhase,
  OrganizationStructure,
  PublishedBallot,
  RatificationOutcome,
  Referendum,
  ReferendumChoice,
  ReferendumOutcome,
  ReferendumStatus,
} from './ratification.types';

interface ReferendumRow {
  referendum_id: string;
  convention_id: string;
  question: string;
  status: 'open' | 'closing' | 'closed';
  electorate: number;
  rules: string;
  turnout: number;
  opened_by: string;
  opened_at: string;
  tally: string | null;
  closed_at: string | null;
}

interface PhaseRow {
  phase: 'INTERIM' | 'FINAL';
  referendum_id: string;
  outcome: 'ratified' | 'failed';
  decided_at: string;
}

const OUTCOMES = {
  adopted: ReferendumOutcome.ADOPTED,
  rejected: ReferendumOutcome.REJECTED,
  'no-quorum': ReferendumOutcome.NO_QUORUM,
} as const;

const choiceOf = (choice: string): ReferendumChoice => choice.toUpperCase() as ReferendumChoice;

/** A tracker's line in one page of the count (lines in tracker order), by binary search. */
function findLine(lines: readonly PublishedBallotLine[], tracker: string): PublishedBallotLine | undefined {
  let low = 0;
  let high = lines.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = lines[middle].tracker;
    if (candidate === tracker) return lines[middle];
    if (candidate < tracker) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** Queries over the ratification projection's tables, live or as of a past position. */
@Injectable()
export class RatificationReadModel {
  private readonly goodStanding;
  private readonly ballotRows;
  private readonly referendumById;
  private readonly referendumOfConvention;
  private readonly countPagesAfter;
  private readonly countPageOfTracker;
  private readonly lateBallotsOf;
  private readonly phaseRow;
  private readonly bodyPage;
  private readonly bodyCount;
  private readonly rulePage;
  private readonly ruleCount;
  private readonly commitments;

  constructor(@Inject(ReadModels) private readonly source: ReadModelSource) {
    const { db } = source;
    this.goodStanding = db.prepare<[], number>("SELECT count(*) FROM members WHERE status = 'active'").pluck();
    // Rows come out as the count's lines themselves: one object per ballot, nothing to copy.
    this.ballotRows = db.prepare<[string], PublishedBallotLine>(
      'SELECT tracker, choice FROM referendum_ballots WHERE referendum_id = ? ORDER BY tracker',
    );
    this.referendumById = db.prepare<[string], ReferendumRow>('SELECT * FROM referendums WHERE referendum_id = ?');
    this.referendumOfConvention = db.prepare<[string], ReferendumRow>(
      'SELECT * FROM referendums WHERE convention_id = ? ORDER BY open_position DESC LIMIT 1',
    );
    this.countPagesAfter = db
      .prepare<[string, string], string>(
        'SELECT items FROM referendum_count_pages WHERE referendum_id = ? AND last_tracker > ? ORDER BY last_tracker',
      )
      .pluck();
    this.countPageOfTracker = db
      .prepare<[string, string], string>(
        `SELECT items FROM referendum_count_pages WHERE referendum_id = ? AND last_tracker >= ?
          ORDER BY last_tracker LIMIT 1`,
      )
      .pluck();
    this.lateBallotsOf = db.prepare<[string], { position: number; tracker: string; choice: string }>(
      'SELECT position, tracker, choice FROM referendum_late_ballots WHERE referendum_id = ? ORDER BY position',
    );
    this.phaseRow = db.prepare<[], PhaseRow>(
      'SELECT phase, referendum_id, outcome, decided_at FROM organization_phase',
    );
    // A body's position is its creation's and never changes, so pages in this order stay stable.
    this.bodyPage = db.prepare<
      PositionPageParameters,
      { body_id: string; position: number; name: string; composition: string; mandate: string; origin: string }
    >(
      `SELECT body_id, position, name, composition, mandate, origin FROM ratification_charter_bodies
        WHERE @afterPosition IS NULL OR (position, body_id) > (@afterPosition, @afterId)
        ORDER BY position, body_id
        LIMIT @limit`,
    );
    this.bodyCount = db.prepare<[], number>('SELECT count(*) FROM ratification_charter_bodies').pluck();
    // A rule's position moves with each new version, so rules page by id, which never does.
    this.rulePage = db.prepare<
      { after: string | null; limit: number },
      { rule_id: string; title: string; version: number; consolidated_text: string; origin: string }
    >(
      `SELECT rule_id, title, version, consolidated_text, origin FROM ratification_charter_rules
        WHERE status = 'in-force' AND (@after IS NULL OR rule_id > @after)
        ORDER BY rule_id
        LIMIT @limit`,
    );
    this.ruleCount = db
      .prepare<[], number>("SELECT count(*) FROM ratification_charter_rules WHERE status = 'in-force'")
      .pluck();
    this.commitments = db.prepare<[], { commitment_id: string; title: string; clauses: string; origin: string }>(
      'SELECT commitment_id, title, clauses, origin FROM ratification_charter_commitments ORDER BY position, commitment_id',
    );
  }

  /** Members enrolled and not resigned, as far as the read models have got. */
  membersInGoodStanding(): number {
    return this.goodStanding.get() ?? 0;
  }

  /**
   * Each voter's latest ballot in a referendum not yet counted, in tracker order (the order the
   * count is published in), as far as the read models have got. Once they have applied the
   * close, these are exactly the ballots below it: what the close counts.
   */
  ballotsOf(referendumId: string): PublishedBallotLine[] {
    return this.ballotRows.all(referendumId);
  }

  /** A referendum by id, or the latest of a convention. */
  referendum(referendumId: string | null, conventionId: string | null): Referendum | null {
    const row =
      referendumId !== null
        ? this.referendumById.get(referendumId)
        : conventionId !== null
          ? this.referendumOfConvention.get(conventionId)
          : undefined;
    if (row === undefined) return null;
    const rules = JSON.parse(row.rules) as { threshold: { fraction?: string } };
    const tally = row.tally === null ? null : (JSON.parse(row.tally) as YesNoResult);
    return {
      id: row.referendum_id,
      conventionId: row.convention_id,
      question: row.question,
      // Closing (voting closed, count not yet published) reads as CLOSED with no result yet.
      status: row.status === 'open' ? ReferendumStatus.OPEN : ReferendumStatus.CLOSED,
      electorate: row.electorate,
      turnout: row.turnout,
      threshold: String(rules.threshold.fraction ?? ''),
      openedBy: row.opened_by,
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      lateBallots: this.lateBallotsOf.all(row.referendum_id).map((late) => ({
        tracker: late.tracker,
        choice: choiceOf(late.choice),
        position: String(late.position),
      })),
      result:
        tally === null
          ? null
          : {
              outcome: OUTCOMES[tally.outcome],
              yes: tally.voters.yes,
              no: tally.voters.no,
              abstain: tally.voters.abstain,
              required: tally.threshold.required,
              thresholdMet: tally.threshold.met,
              working: {
                method: tally.method,
                outcome: OUTCOMES[tally.outcome],
                tally: { ...tally.tally },
                voters: { ...tally.voters },
                cast: tally.cast,
                participation: tally.participation,
                quorum: tally.quorum === null ? null : { ...tally.quorum },
                threshold: { ...tally.threshold },
              },
            },
    };
  }

  /**
   * The published count of a closed referendum in tracker order, a page after `after`, or one
   * tracker's line: read from the count's pages, opening only those the answer needs.
   */
  publishedCount(referendumId: string, first: number, after: string | null, tracker: string | null): PublishedBallot[] {
    const lines: PublishedBallotLine[] = [];
    if (tracker !== null) {
      const page = this.countPageOfTracker.get(referendumId, tracker);
      const line = page === undefined ? undefined : findLine(JSON.parse(page) as PublishedBallotLine[], tracker);
      if (line !== undefined) lines.push(line);
    } else {
      const from = after ?? '';
      for (const page of this.countPagesAfter.iterate(referendumId, from)) {
        for (const line of JSON.parse(page) as PublishedBallotLine[]) {
          if (line.tracker > from) lines.push(line);
          if (lines.length === first) break;
        }
        if (lines.length === first) break;
      }
    }
    return lines.map((line) => ({ tracker: line.tracker, choice: choiceOf(line.choice) }));
  }

  /** The phase and the structure in force in it: the interim structure until ratified, the charter's after. */
  structure(): OrganizationStructure {
    const row = this.phaseRow.get();
    const phase = row?.phase === 'FINAL' ? OrganizationPhase.FINAL : OrganizationPhase.INTERIM;
    return {
      phase,
      ratification:
        row === undefined
          ? null
          : {
              referendumId: row.referendum_id,
              outcome: row.outcome === 'ratified' ? RatificationOutcome.RATIFIED : RatificationOutcome.FAILED,
              decidedAt: row.decided_at,
            },
      interim: phase === OrganizationPhase.INTERIM ? this.interim() : null,
      final: phase === OrganizationPhase.FINAL ? this.final() : null,
    };
  }

  private interim(): InterimStructure {
    const organization = new OrganizationReadModel(this.source);
    return {
      committee: organization.committee(),
      commitments: organization.commitments(),
      branches: organization.branches(),
      readModel: this,
    };
  }

  private final(): FinalStructure {
    return { commitments: this.commitmentsInForce(), readModel: this };
  }

  /** The interim structure's chapters, by name then id, after a chapter id. */
  chapters(first: number, after: string | null): Page<Chapter> {
    return new MembershipReadModel(this.source, null).chapters(first, after);
  }

  /** The final structure's bodies in order of creation, after a (position, id) key. */
  bodies(first: number, after: PositionAndId | null): Page<FinalStructureBody> {
    return pageOf(
      this.bodyPage.all(positionPageParameters(first, after)),
      first,
      this.bodyCount.get() ?? 0,
      (row) => `${row.position}:${row.body_id}`,
      (row) => ({
        id: row.body_id,
        name: row.name,
        composition: JSON.parse(row.composition) as BodySeats[],
        mandate: JSON.parse(row.mandate) as string[],
        proposalId: (JSON.parse(row.origin) as EnactmentOrigin).proposalId,
      }),
    );
  }

  /** The rules in force, by id, after a rule id. */
  rules(first: number, after: string | null): Page<FinalStructureRule> {
    return pageOf(
      this.rulePage.all({ after, limit: first + 1 }),
      first,
      this.ruleCount.get() ?? 0,
      (row) => row.rule_id,
      (row) => ({
        id: row.rule_id,
        title: row.title,
        version: row.version,
        text: row.consolidated_text,
        proposalId: (JSON.parse(row.origin) as EnactmentOrigin).proposalId,
      }),
    );
  }

  /**
   * The interim commitments stay in force until the charter replaces them: a charter that adopts
   * commitments of its own replaces them as a whole (the convention restates what it keeps);
   * one that adopts none leaves the latest published interim commitments in force.
   */
  private commitmentsInForce(): FinalStructureCommitment[] {
    const charter = this.commitments.all().map((row) => ({
      id: row.commitment_id,
      title: row.title,
      clauses: JSON.parse(row.clauses) as string[],
      origin: CommitmentOrigin.CHARTER,
      interimVersion: null,
      proposalId: (JSON.parse(row.origin) as EnactmentOrigin).proposalId,
    }));
    if (charter.length > 0) return charter;
    const interim = new OrganizationReadModel(this.source).commitments();
    if (interim === null) return [];
    return [
      {
        id: `interim-commitments-${interim.version}`,
        title: `Interim commitments, version ${interim.version}`,
        clauses: [...interim.principles],
        origin: CommitmentOrigin.INTERIM,
        interimVersion: interim.version,
        proposalId: null,
      },
    ];
  }
}
