import { Inject, Injectable } from '@nestjs/common';
import { RulesOfProcedure as DomainRules, ratificationThresholdOf } from '../../../../libs/convention/src';
import { Page, PositionAndId, PositionPageParameters, pageOf, positionPageParameters } from '../graphql/connection';
import { ReadModelSource, ReadModels } from '../infrastructure/read-models.service';
import type { ApportionmentResult } from '../../../../libs/voting/src';
import { StoredElectionWorking, apportionmentWorking, electionWorking } from './counts';
import { ElectionWorking } from './counts.types';
import {
  Convention,
  ConventionPhase,
  DelegateElection,
  DelegateElectionMethod,
  DelegateElectionStatus,
  DelegateRole,
  DelegateRosterEntry,
  NominationStatus,
  ProposalKind,
  SeatApportionmentMethod,
} from './convention.types';

/** Nobody stood: a count with no working. */
const electionWorkingOf = (working: StoredElectionWorking | null): ElectionWorking | null =>
  working === null ? null : electionWorking(working);

interface ConventionRow {
  /** Of its call: never changes. */
  position: number;
  convention_id: string;
  title: string;
  phase: string;
  rules: string;
  called_by: string;
  called_at: string;
}

interface ApportionmentRow {
  cutoff_position: string;
  method: string;
  total_seats: number;
  minimum_seats: number;
  working: string;
  apportioned_at: string;
}

interface ElectionRow {
  election_id: string;
  convention_id: string;
  chapter_id: string;
  seats: number;
  method: string;
  alternates: number;
  status: string;
  candidates: string;
  ballots: number;
  elected: string | null;
  runners_up: string | null;
  working: string | null;
}

interface RosterRow {
  election_id: string;
  member_id: string;
  pseudonym: string;
  chapter_id: string;
  role: string;
  rank: number;
  seated: number;
  credentialed: number;
  withdrawn: number;
  replacing: string | null;
}

/** Queries over the convention projection's tables. */
@Injectable()
export class ConventionReadModel {
  private readonly conventionById;
  private readonly latestConvention;
  private readonly conventionPage;
  private readonly conventionCount;
  private readonly secretariatOf;
  private readonly phasesOf;
  private readonly apportionmentOf;
  private readonly seatsOf;
  private readonly electionOf;
  private readonly electionsAfter;
  private readonly electionCount;
  private readonly nominationsOf;
  private readonly lateBallotsOf;
  private readonly rosterPage;
  private readonly rosterCount;

  constructor(@Inject(ReadModels) { db }: ReadModelSource) {
    this.conventionById = db.prepare<[string], ConventionRow>('SELECT * FROM conventions WHERE convention_id = ?');
    this.latestConvention = db.prepare<[], ConventionRow>('SELECT * FROM conventions ORDER BY position DESC LIMIT 1');
    // In the order they were called (a convention's position is its call's and never changes).
    this.conventionPage = db.prepare<PositionPageParameters, ConventionRow>(
      `SELECT * FROM conventions
        WHERE @afterPosition IS NULL OR (position, convention_id) > (@afterPosition, @afterId)
        ORDER BY position, convention_id
        LIMIT @limit`,
    );
    this.conventionCount = db.prepare<[], number>('SELECT count(*) FROM conventions').pluck();
    this.secretariatOf = db.prepare<[string], { member_id: string; pseudonym: string; appointed_at: string }>(
      `SELECT s.member_id, coalesce(m.pseudonym, '') AS pseudonym, s.appointed_at
         FROM convention_secretariat s LEFT JOIN members m ON m.member_id = s.member_id
        WHERE s.convention_id = ? ORDER BY s.position, s.member_id`,
    );
    this.phasesOf = db.prepare<[string], { phase: string; entered_at: string; entered_by: string }>(
      'SELECT phase, entered_at, entered_by FROM convention_phases WHERE convention_id = ? ORDER BY position',
    );
    this.apportionmentOf = db.prepare<[string], ApportionmentRow>(
      'SELECT * FROM convention_apportionments WHERE convention_id = ?',
    );
    this.seatsOf = db.prepare<[string], { chapter_id: string; name: string | null; members: number; seats: number }>(
      `SELECT s.chapter_id, c.name, s.members, s.seats
         FROM convention_seats s LEFT JOIN chapters c ON c.chapter_id = s.chapter_id
        WHERE s.convention_id = ? ORDER BY s.chapter_id`,
    );
    this.electionOf = db.prepare<[string, string], ElectionRow>(
      'SELECT * FROM delegate_elections WHERE convention_id = ? AND chapter_id = ?',
    );
    this.electionsAfter = db.prepare<[string, string, number], ElectionRow>(
      'SELECT * FROM delegate_elections WHERE convention_id = ? AND chapter_id > ? ORDER BY chapter_id LIMIT ?',
    );
    this.electionCount = db
      .prepare<[string], number>('SELECT count(*) FROM delegate_elections WHERE convention_id = ?')
      .pluck();
    this.lateBallotsOf = db
      .prepare<[string], number>('SELECT position FROM delegate_late_ballots WHERE election_id = ? ORDER BY position')
      .pluck();
    this.nominationsOf = db.prepare<
      [string],
      { candidate_id: string; pseudonym: string; nominated_by: string; status: string }
    >(
      `SELECT n.candidate_id, coalesce(m.pseudonym, '') AS pseudonym, n.nominated_by, n.status
         FROM delegate_nominations n LEFT JOIN members m ON m.member_id = n.candidate_id
        WHERE n.election_id = ? ORDER BY n.position, n.candidate_id`,
    );
    // By chapter, delegates before alternates, then rank; after the cursor's (election, member) row.
    const rosterOrder = `r.chapter_id, CASE r.role WHEN 'DELEGATE' THEN 0 ELSE 1 END, r.rank, r.member_id`;
    this.rosterPage = db.prepare<
      { conventionId: string; afterElection: string | null; afterMember: string | null; limit: number },
      RosterRow
    >(
      `SELECT r.election_id, r.member_id, coalesce(m.pseudonym, '') AS pseudonym, r.chapter_id, r.role, r.rank,
              r.seated, r.credentialed, r.withdrawn, r.replacing
         FROM delegate_roster r LEFT JOIN members m ON m.member_id = r.member_id
        WHERE r.convention_id = @conventionId
          AND (@afterElection IS NULL OR (${rosterOrder}) > (
                SELECT ${rosterOrder} FROM delegate_roster r
                 WHERE r.election_id = @afterElection AND r.member_id = @afterMember))
        ORDER BY ${rosterOrder}
        LIMIT @limit`,
    );
    this.rosterCount = db
      .prepare<[string], number>('SELECT count(*) FROM delegate_roster WHERE convention_id = ?')
      .pluck();
  }

  /** Every convention in the order it was called, after a (position, id) key. */
  conventions(first: number, after: PositionAndId | null): Page<Convention> {
    return pageOf(
      this.conventionPage.all(positionPageParameters(first, after)),
      first,
      this.conventionCount.get() ?? 0,
      (row) => `${row.position}:${row.convention_id}`,
      (row) => this.toConvention(row),
    );
  }

  /** The convention with this id, or the most recently called one when no id is given. */
  convention(conventionId: string | null): Convention | null {
    const row = conventionId === null ? this.latestConvention.get() : this.conventionById.get(conventionId);
    return row === undefined ? null : this.toConvention(row);
  }

  private toConvention(row: ConventionRow): Convention {
    const rules = JSON.parse(row.rules) as DomainRules;
    const apportionment = this.apportionmentOf.get(row.convention_id);
    return {
      id: row.convention_id,
      title: row.title,
      phase: row.phase as ConventionPhase,
      rules: {
        ...rules,
        thresholds: rules.thresholds.map((entry) => ({ kind: entry.kind as ProposalKind, threshold: entry.threshold })),
        deadlines: rules.deadlines.map((entry) => ({
          phase: entry.phase as ConventionPhase,
          deadline: entry.deadline,
        })),
        apportionmentMethod: rules.apportionmentMethod as SeatApportionmentMethod,
        electionMethod: rules.electionMethod as DelegateElectionMethod,
        ratificationThreshold: ratificationThresholdOf(rules),
        seatWeights: rules.seatWeights?.map((entry) => ({ ...entry })) ?? [],
      },
      calledBy: row.called_by,
      calledAt: row.called_at,
      secretariat: this.secretariatOf.all(row.convention_id).map((member) => ({
        memberId: member.member_id,
        pseudonym: member.pseudonym,
        appointedAt: member.appointed_at,
      })),
      phases: this.phasesOf.all(row.convention_id).map((entry) => ({
        phase: entry.phase as ConventionPhase,
        enteredAt: entry.entered_at,
        enteredBy: entry.entered_by,
      })),
      apportionment:
        apportionment === undefined
          ? null
          : {
              cutoffPosition: apportionment.cutoff_position,
              method: apportionment.method as SeatApportionmentMethod,
              totalSeats: apportionment.total_seats,
              minimumSeatsPerChapter: apportionment.minimum_seats,
              chapters: this.seatsOf.all(row.convention_id).map((seats) => ({
                chapterId: seats.chapter_id,
                name: seats.name,
                members: seats.members,
                seats: seats.seats,
              })),
              working: apportionmentWorking(JSON.parse(apportionment.working) as ApportionmentResult),
              apportionedAt: apportionment.apportioned_at,
            },
    };
  }

  /** A chapter's election: nominations, status and ballot count; the tally once counted. */
  delegateElection(conventionId: string, chapterId: string): DelegateElection | null {
    const row = this.electionOf.get(conventionId, chapterId);
    return row === undefined ? null : this.electionFrom(row);
  }

  /** A page of a convention's delegate elections in chapter-id order, after the chapter `after`. */
  delegateElections(conventionId: string, after: string | undefined, first: number): Page<DelegateElection> {
    const rows = this.electionsAfter.all(conventionId, after ?? '', first + 1);
    return pageOf(
      rows,
      first,
      this.electionCount.get(conventionId) ?? 0,
      (row) => row.chapter_id,
      (row) => this.electionFrom(row),
    );
  }

  private electionFrom(row: ElectionRow): DelegateElection {
    return {
      id: row.election_id,
      conventionId: row.convention_id,
      chapterId: row.chapter_id,
      seats: row.seats,
      method: row.method as DelegateElectionMethod,
      alternates: row.alternates,
      status: row.status as DelegateElectionStatus,
      nominations: this.nominationsOf.all(row.election_id).map((nomination) => ({
        candidateId: nomination.candidate_id,
        pseudonym: nomination.pseudonym,
        nominatedBy: nomination.nominated_by,
        status: nomination.status as NominationStatus,
      })),
      candidates: JSON.parse(row.candidates) as string[],
      ballots: row.ballots,
      lateBallotPositions: this.lateBallotsOf.all(row.election_id).map(String),
      tally:
        row.status === 'TALLIED'
          ? {
              elected: JSON.parse(row.elected ?? '[]') as string[],
              alternates: JSON.parse(row.runners_up ?? '[]') as string[],
              working:
                row.working === null
                  ? null
                  : electionWorkingOf(JSON.parse(row.working) as StoredElectionWorking | null),
            }
          : null,
    };
  }

  /** Delegates and alternates of every chapter, by chapter, delegates first, in rank order. */
  /** A page of a convention's roster after the (election id, member id) of a row. */
  roster(
    conventionId: string,
    first: number,
    after: { electionId: string; memberId: string } | null,
  ): Page<DelegateRosterEntry> {
    const rows = this.rosterPage.all({
      conventionId,
      afterElection: after?.electionId ?? null,
      afterMember: after?.memberId ?? null,
      limit: first + 1,
    });
    return pageOf(
      rows,
      first,
      this.rosterCount.get(conventionId) ?? 0,
      (row) => `${row.election_id}:${row.member_id}`,
      (row) => ({
        memberId: row.member_id,
        pseudonym: row.pseudonym,
        chapterId: row.chapter_id,
        role: row.role as DelegateRole,
        rank: row.rank,
        seated: row.seated === 1,
        credentialed: row.credentialed === 1,
        withdrawn: row.withdrawn === 1,
        replacing: row.replacing,
      }),
    );
  }
}
