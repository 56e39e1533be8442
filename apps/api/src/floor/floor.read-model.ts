import { Inject, Injectable } from '@nestjs/common';
import type Database from 'better-sqlite3';
import {
  AgendaBlock,
  AgendaFacts,
  AmendmentStatus as DomainAmendmentStatus,
  ClauseOperation,
  ConventionBallot,
  ConventionVoteSubject,
  ConventionVoteTally,
  EnactmentOrigin,
  ProposalMotion,
  ProposalStatus as DomainProposalStatus,
  ProposalVersionOrigin,
  VoteRules,
  agendaBlocks,
  agendaOrder,
} from '../../../../libs/proposals/src';
import { Page, PositionAndId, PositionPageParameters, pageOf, positionPageParameters } from '../graphql/connection';
import { ReadModelSource, ReadModels } from '../infrastructure/read-models.service';
import { conventionTally, voteRules } from './convention-tally';
import { ConventionTallyObject } from './convention-tally.types';
import { ProposalKind } from '../convention/convention.types';
import { conventionProposalKindOf } from './floor-facts';
import {
  AgendaItem,
  AgendaItemKind,
  Amendment,
  AmendmentStatus,
  BodySeats,
  Charter,
  CharterEntry,
  CharterEntryKind,
  CharterRule,
  ClauseOperationKind,
  ConventionVote,
  ConventionVoteStatus,
  Enactment,
  RollCallEntry,
  Proposal,
  ProposalStatus,
  VoteChoice,
} from './floor.types';

interface ProposalRow {
  proposal_id: string;
  /** Of the submission: never changes, so pages in this order stay stable. */
  position: number;
  convention_id: string;
  kind: string;
  motion: string;
  title: string;
  subject: string;
  sponsor_id: string;
  sponsor_pseudonym: string | null;
  seconders_required: number;
  status: string;
  current_version: number;
  vote_id: string | null;
  decision_tally: string | null;
  submitted_at: string;
}
interface VersionRow {
  proposal_id: string;
  version: number;
  clauses: string;
  origin: string;
  made_at: string;
}
interface SeconderRow {
  member_id: string;
  pseudonym: string | null;
}
interface AmendmentRow {
  amendment_id: string;
  /** Of the proposal of the amendment: never changes. */
  position: number;
  proposal_id: string;
  parent_amendment_id: string | null;
  depth: number;
  author_id: string;
  author_pseudonym: string | null;
  revision: number;
  base_version: number;
  operations: string;
  proposed_clauses: string;
  status: string;
  in_conflict_with: number | null;
  vote_id: string | null;
  decision_tally: string | null;
}
interface VoteRow {
  vote_id: string;
  /** Of the opening. */
  position: number;
  convention_id: string;
  subject: string;
  method: string;
  rules: string;
  electorate_seats: number;
  status: string;
  opened_by: string;
  opened_at: string;
  closed_at: string | null;
  tally: string | null;
}
interface BallotRow {
  seat_id: string;
  member_id: string;
  pseudonym: string | null;
  weight: string;
  ballot: string;
  cast_at: string;
}
interface RuleRow {
  rule_id: string;
  position: number;
  title: string;
  status: string;
  repealed_by: string | null;
}
interface RuleVersionRow {
  version: number;
  clauses: string;
  consolidated_text: string;
  origin: string;
  enacted_at: string;
}
interface ParticipationRow {
  ballots: number;
  yes: number;
  no: number;
  abstain: number;
  ranked: number;
}
/** The kinds of entry in the charter_entries table. */
interface EntryRow {
  kind: string;
  position: number;
  entry_id: string;
  title: string;
  clauses: string;
  composition: string | null;
  origin: string;
  enacted_at: string;
}

const upper = <T>(value: string): T => value.toUpperCase().replace(/-/g, '_') as T;
const parse = <T>(text: string): T => JSON.parse(text) as T;

const BLOCK_REASONS: Record<AgendaBlock['reason'], string> = {
  'pending-amendments': 'AMENDMENTS_PENDING',
  'in-conflict': 'AMENDMENT_IN_CONFLICT',
  'not-seconded': 'PROPOSAL_NOT_SECONDED',
  'not-open': 'SUBJECT_NOT_OPEN',
};

/** Queries over the floor projection's tables, live or as of a past position. */
/** A recorded tally (JSON in the read model) as the schema's object. */
function tallyOf(text: string | null): ConventionTallyObject | null {
  return text === null ? null : conventionTally(parse<ConventionVoteTally>(text));
}

@Injectable()
export class FloorReadModel {
  private readonly proposalsOf;
  private readonly proposalPage;
  private readonly proposalCount;
  private readonly oneProposal;
  private readonly versionsOf;
  private readonly secondersOf;
  private readonly amendmentPage;
  private readonly amendmentCount;
  private readonly amendmentsOfConvention;
  private readonly votesOf;
  private readonly votePage;
  private readonly voteCount;
  private readonly oneVote;
  private readonly ballotPage;
  private readonly participationOf;
  private readonly lateBallotsOf;
  private readonly voteTally;
  private readonly rulePage;
  private readonly ruleCount;
  private readonly ruleVersions;
  private readonly entryPage;
  private readonly entryCount;

  private readonly db: Database.Database;

  constructor(@Inject(ReadModels) { db }: ReadModelSource) {
    this.db = db;
    const proposalColumns = `p.*, m.pseudonym AS sponsor_pseudonym
      FROM floor_proposals p LEFT JOIN members m ON m.member_id = p.sponsor_id`;
    this.proposalsOf = db.prepare<[string], ProposalRow>(
      `SELECT ${proposalColumns} WHERE p.convention_id = ? ORDER BY p.position, p.proposal_id`,
    );
    this.proposalPage = db.prepare<PageParameters, ProposalRow>(
      `SELECT ${proposalColumns}
        WHERE (@conventionId IS NULL OR p.convention_id = @conventionId)
          AND (@afterPosition IS NULL OR (p.position, p.proposal_id) > (@afterPosition, @afterId))
        ORDER BY p.position, p.proposal_id
        LIMIT @limit`,
    );
    this.proposalCount = db
      .prepare<{ conventionId: string | null }, number>(
        'SELECT count(*) FROM floor_proposals WHERE @conventionId IS NULL OR convention_id = @conventionId',
      )
      .pluck();
    this.oneProposal = db.prepare<[string], ProposalRow>(`SELECT ${proposalColumns} WHERE p.proposal_id = ?`);
    this.versionsOf = db.prepare<[string], VersionRow>(
      'SELECT * FROM floor_proposal_versions WHERE proposal_id = ? ORDER BY version',
    );
    this.secondersOf = db.prepare<[string], SeconderRow>(
      `SELECT s.member_id, m.pseudonym FROM floor_seconders s LEFT JOIN members m ON m.member_id = s.member_id
        WHERE s.proposal_id = ? ORDER BY s.position, s.member_id`,
    );
    const amendmentColumns = `a.*, m.pseudonym AS author_pseudonym
      FROM floor_amendments a LEFT JOIN members m ON m.member_id = a.author_id`;
    this.amendmentPage = db.prepare<PageParameters & { proposalId: string }, AmendmentRow>(
      `SELECT ${amendmentColumns}
        WHERE a.proposal_id = @proposalId
          AND (@afterPosition IS NULL OR (a.position, a.amendment_id) > (@afterPosition, @afterId))
        ORDER BY a.position, a.amendment_id
        LIMIT @limit`,
    );
    this.amendmentCount = db
      .prepare<[string], number>('SELECT count(*) FROM floor_amendments WHERE proposal_id = ?')
      .pluck();
    this.amendmentsOfConvention = db.prepare<[string], AmendmentRow>(
      `SELECT ${amendmentColumns} JOIN floor_proposals p ON p.proposal_id = a.proposal_id
        WHERE p.convention_id = ? ORDER BY a.position, a.amendment_id`,
    );
    this.votesOf = db.prepare<[string], VoteRow>(
      'SELECT * FROM floor_votes WHERE convention_id = ? ORDER BY position, vote_id',
    );
    this.votePage = db.prepare<PageParameters, VoteRow>(
      `SELECT * FROM floor_votes
        WHERE (@conventionId IS NULL OR convention_id = @conventionId)
          AND (@afterPosition IS NULL OR (position, vote_id) > (@afterPosition, @afterId))
        ORDER BY position, vote_id
        LIMIT @limit`,
    );
    this.voteCount = db
      .prepare<{ conventionId: string | null }, number>(
        'SELECT count(*) FROM floor_votes WHERE @conventionId IS NULL OR convention_id = @conventionId',
      )
      .pluck();
    this.oneVote = db.prepare<[string], VoteRow>('SELECT * FROM floor_votes WHERE vote_id = ?');
    this.ballotPage = db.prepare<{ voteId: string; after: string | null; limit: number }, BallotRow>(
      `SELECT b.seat_id, b.member_id, m.pseudonym, b.weight, b.ballot, b.cast_at
         FROM floor_ballots b LEFT JOIN members m ON m.member_id = b.member_id
        WHERE b.vote_id = @voteId AND (@after IS NULL OR b.seat_id > @after)
        ORDER BY b.seat_id
        LIMIT @limit`,
    );
    // Counted in SQL so that a vote's participation never loads its whole roll call.
    this.participationOf = db.prepare<[string], ParticipationRow>(
      `SELECT count(*) AS ballots, coalesce(sum(choice = 'yes'), 0) AS yes, coalesce(sum(choice = 'no'), 0) AS no,
              coalesce(sum(choice = 'abstain'), 0) AS abstain, coalesce(sum(choice IS NULL), 0) AS ranked
         FROM floor_ballots WHERE vote_id = ?`,
    );
    this.lateBallotsOf = db.prepare<[string], BallotRow & { position: number }>(
      `SELECT b.position, b.seat_id, b.member_id, m.pseudonym, b.weight, b.ballot, b.cast_at
         FROM floor_late_ballots b LEFT JOIN members m ON m.member_id = b.member_id
        WHERE b.vote_id = ? ORDER BY b.position`,
    );
    this.voteTally = db.prepare<[string], { tally: string | null }>('SELECT tally FROM floor_votes WHERE vote_id = ?');
    this.rulePage = db.prepare<PageParameters, RuleRow>(
      `SELECT * FROM charter_rules
        WHERE @afterPosition IS NULL OR (position, rule_id) > (@afterPosition, @afterId)
        ORDER BY position, rule_id
        LIMIT @limit`,
    );
    this.ruleCount = db.prepare<[], number>('SELECT count(*) FROM charter_rules').pluck();
    this.ruleVersions = db.prepare<[string], RuleVersionRow>(
      'SELECT * FROM charter_rule_versions WHERE rule_id = ? ORDER BY version',
    );
    this.entryPage = db.prepare<PageParameters & { kind: CharterEntryKind }, EntryRow>(
      `SELECT * FROM charter_entries
        WHERE kind = @kind AND (@afterPosition IS NULL OR (position, entry_id) > (@afterPosition, @afterId))
        ORDER BY position, entry_id
        LIMIT @limit`,
    );
    this.entryCount = db
      .prepare<[CharterEntryKind], number>('SELECT count(*) FROM charter_entries WHERE kind = ?')
      .pluck();
  }

  /** Proposals in order of submission, of one convention or of all, after a (position, id) key. */
  proposals(conventionId: string | null, first: number, after: PositionAndId | null): Page<Proposal> {
    return pageOf(
      this.proposalPage.all(pageParameters(conventionId, first, after)),
      first,
      this.proposalCount.get({ conventionId }) ?? 0,
      (row) => `${row.position}:${row.proposal_id}`,
      (row) => this.toProposal(row),
    );
  }

  proposal(proposalId: string): Proposal | null {
    const row = this.oneProposal.get(proposalId);
    return row === undefined ? null : this.toProposal(row);
  }

  /** A proposal's amendments in order proposed, after a (position, id) key. */
  amendments(proposalId: string, first: number, after: PositionAndId | null): Page<Amendment> {
    return pageOf(
      this.amendmentPage.all({ ...pageParameters(null, first, after), proposalId }),
      first,
      this.amendmentCount.get(proposalId) ?? 0,
      (row) => `${row.position}:${row.amendment_id}`,
      (row) => this.toAmendment(row),
    );
  }

  /** The undecided business in voting order, each item with whether its vote may open now. */
  agenda(conventionId: string): AgendaItem[] {
    const facts: AgendaFacts = {
      proposals: this.proposalsOf.all(conventionId).map((row) => ({
        proposalId: row.proposal_id,
        subject: row.subject,
        status: row.status as DomainProposalStatus,
        seconded: this.secondersOf.all(row.proposal_id).length >= row.seconders_required,
      })),
      amendments: this.amendmentsOfConvention.all(conventionId).map((row) => ({
        amendmentId: row.amendment_id,
        proposalId: row.proposal_id,
        parentAmendmentId: row.parent_amendment_id,
        status: row.status as DomainAmendmentStatus,
        inConflict: row.in_conflict_with !== null,
      })),
    };
    return agendaOrder(facts).map((item, index) => {
      const amendmentId = item.kind === 'amendment' ? item.amendmentId : null;
      const blocks = agendaBlocks(facts, item.proposalId, amendmentId);
      return {
        order: index + 1,
        kind: item.kind === 'amendment' ? AgendaItemKind.AMENDMENT : AgendaItemKind.PROPOSAL,
        proposalId: item.proposalId,
        amendmentId,
        depth: item.kind === 'amendment' ? item.depth : null,
        mayOpen: blocks.length === 0,
        blockedBy: blocks.map((block) => BLOCK_REASONS[block.reason]),
      };
    });
  }

  /** Convention votes in order of opening, of one convention or of all, after a (position, id) key. */
  votes(conventionId: string | null, first: number, after: PositionAndId | null): Page<ConventionVote> {
    return pageOf(
      this.votePage.all(pageParameters(conventionId, first, after)),
      first,
      this.voteCount.get({ conventionId }) ?? 0,
      (row) => `${row.position}:${row.vote_id}`,
      (row) => this.toVote(row),
    );
  }

  vote(voteId: string): ConventionVote | null {
    const row = this.oneVote.get(voteId);
    return row === undefined ? null : this.toVote(row);
  }

  /** The charter; its lists page from this read model, so they all read the same moment. */
  charter(): Charter {
    return { readModel: this };
  }

  /** The charter's rules in order of adoption, after a (position, id) key. */
  charterRules(first: number, after: PositionAndId | null): Page<CharterRule> {
    return pageOf(
      this.rulePage.all(pageParameters(null, first, after)),
      first,
      this.ruleCount.get() ?? 0,
      (row) => `${row.position}:${row.rule_id}`,
      (row): CharterRule => ({
        id: row.rule_id,
        title: row.title,
        status: row.status,
        versions: this.ruleVersions.all(row.rule_id).map((version) => ({
          version: version.version,
          clauses: parse<string[]>(version.clauses),
          consolidatedText: version.consolidated_text,
          enactment: this.toEnactment(parse<EnactmentOrigin>(version.origin)),
          enactedAt: version.enacted_at,
        })),
        repealedBy: row.repealed_by === null ? null : this.toEnactment(parse<EnactmentOrigin>(row.repealed_by)),
        readModel: this.db,
      }),
    );
  }

  /** The charter's bodies, commitments, campaigns or resolutions in order of adoption, after a (position, id) key. */
  charterEntries(kind: CharterEntryKind, first: number, after: PositionAndId | null): Page<CharterEntry> {
    return pageOf(
      this.entryPage.all({ ...pageParameters(null, first, after), kind }),
      first,
      this.entryCount.get(kind) ?? 0,
      (row) => `${row.position}:${row.entry_id}`,
      (row) => this.toEntry(row),
    );
  }

  /** A vote's counted ballots by seat, after a seat id. */
  rollCall(voteId: string, first: number, afterSeat: string | null): Page<RollCallEntry> {
    return pageOf(
      this.ballotPage.all({ voteId, after: afterSeat, limit: first + 1 }),
      first,
      this.participationOf.get(voteId)?.ballots ?? 0,
      (row) => row.seat_id,
      (row) => this.toRollCallEntry(row),
    );
  }

  private toProposal(row: ProposalRow): Proposal {
    const motion = parse<ProposalMotion>(row.motion);
    const versions = this.versionsOf.all(row.proposal_id).map((version) => {
      const origin = parse<ProposalVersionOrigin>(version.origin);
      return {
        version: version.version,
        clauses: parse<string[]>(version.clauses),
        madeBy: origin.by,
        amendmentId: origin.by === 'submission' ? null : origin.amendmentId,
        voteId: origin.by === 'adopted-amendment' ? origin.voteId : null,
        madeAt: version.made_at,
      };
    });
    return {
      id: row.proposal_id,
      conventionId: row.convention_id,
      kind: conventionProposalKindOf(motion.kind) as ProposalKind,
      title: row.title,
      subject: row.subject,
      status: upper<ProposalStatus>(row.status),
      sponsor: { memberId: row.sponsor_id, pseudonym: row.sponsor_pseudonym },
      seconders: this.secondersOf.all(row.proposal_id).map((seconder) => ({
        memberId: seconder.member_id,
        pseudonym: seconder.pseudonym,
      })),
      secondersRequired: row.seconders_required,
      currentVersion: row.current_version,
      clauses: versions[versions.length - 1]?.clauses ?? [],
      versions,
      ruleId: 'ruleId' in motion ? motion.ruleId : null,
      ruleVersion: 'ruleVersion' in motion ? motion.ruleVersion : null,
      bodyId: motion.kind === 'create-body' ? motion.bodyId : null,
      bodyName: motion.kind === 'create-body' ? motion.name : null,
      composition: motion.kind === 'create-body' ? (motion.composition as BodySeats[]) : null,
      entryId:
        motion.kind === 'adopt-commitment'
          ? motion.commitmentId
          : motion.kind === 'adopt-campaign'
            ? motion.campaignId
            : null,
      voteId: row.vote_id,
      decisionTally: tallyOf(row.decision_tally),
      submittedAt: row.submitted_at,
    };
  }

  private toAmendment(row: AmendmentRow): Amendment {
    return {
      id: row.amendment_id,
      proposalId: row.proposal_id,
      parentAmendmentId: row.parent_amendment_id,
      depth: row.depth,
      author: { memberId: row.author_id, pseudonym: row.author_pseudonym },
      revision: row.revision,
      baseVersion: row.base_version,
      operations: parse<ClauseOperation[]>(row.operations).map((operation) => ({
        op: upper<ClauseOperationKind>(operation.op),
        clause: operation.clause,
        text: operation.op === 'strike' ? null : operation.text,
      })),
      proposedClauses: parse<string[]>(row.proposed_clauses),
      status: upper<AmendmentStatus>(row.status),
      inConflict: row.in_conflict_with !== null,
      inConflictWith: row.in_conflict_with,
      voteId: row.vote_id,
      decisionTally: tallyOf(row.decision_tally),
    };
  }

  private toRollCallEntry(row: BallotRow): RollCallEntry {
    const ballot = parse<ConventionBallot>(row.ballot);
    return {
      seatId: row.seat_id,
      voter: { memberId: row.member_id, pseudonym: row.pseudonym },
      choice: ballot.method === 'yes-no' ? upper<VoteChoice>(ballot.choice) : null,
      ranking: ballot.method === 'ranked' ? ballot.ranking : null,
      weight: row.weight,
      castAt: row.cast_at,
    };
  }

  private toVote(row: VoteRow): ConventionVote {
    const subject = parse<ConventionVoteSubject>(row.subject);
    const participation = this.participationOf.get(row.vote_id) ?? {
      ballots: 0,
      yes: 0,
      no: 0,
      abstain: 0,
      ranked: 0,
    };
    const lateBallots = this.lateBallotsOf
      .all(row.vote_id)
      .map((lateRow) => ({ ...this.toRollCallEntry(lateRow), position: String(lateRow.position) }));
    const tally = row.tally === null ? null : parse<{ outcome: string; winner?: string | null }>(row.tally);
    return {
      id: row.vote_id,
      conventionId: row.convention_id,
      subjectKind: subject.kind,
      amendmentId: subject.kind === 'amendment' ? subject.amendmentId : null,
      proposalIds: subject.kind === 'competing-proposals' ? subject.proposalIds : [subject.proposalId],
      subject: subject.kind === 'competing-proposals' ? subject.subject : null,
      method: row.method,
      rules: voteRules(parse<VoteRules>(row.rules)),
      electorateSeats: row.electorate_seats,
      status: upper<ConventionVoteStatus>(row.status),
      openedBy: row.opened_by,
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      participation: { ...participation },
      readModel: this,
      lateBallots,
      outcome: tally?.outcome ?? null,
      winner: tally?.winner ?? null,
      tally: tallyOf(row.tally),
    };
  }

  private toEnactment(origin: EnactmentOrigin): Enactment {
    return { ...origin, tally: tallyOf(this.voteTally.get(origin.voteId)?.tally ?? null) };
  }

  private toEntry(row: EntryRow): CharterEntry {
    return {
      id: row.entry_id,
      title: row.title,
      clauses: parse<string[]>(row.clauses),
      composition: row.composition === null ? null : parse<BodySeats[]>(row.composition),
      enactment: this.toEnactment(parse<EnactmentOrigin>(row.origin)),
      enactedAt: row.enacted_at,
    };
  }
}

type PageParameters = PositionPageParameters & { readonly conventionId: string | null };

function pageParameters(conventionId: string | null, first: number, after: PositionAndId | null): PageParameters {
  return { conventionId, ...positionPageParameters(first, after) };
}
