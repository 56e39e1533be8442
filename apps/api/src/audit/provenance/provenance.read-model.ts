import type Database from 'better-sqlite3';
import { InvalidInputError } from '../../../../../libs/core/src';
import type { TrackedClauseOrigin } from '../../../../../libs/projections/src/audit/rule-clauses';
import type { ConventionVoteTally, VoteRules } from '../../../../../libs/proposals/src';
import { RuleNotFoundError, TrackedClause, diffClauses } from '../../../../../libs/proposals/src';
import type { ApportionmentResult } from '../../../../../libs/voting/src';
import { StoredElectionWorking, electionWorking } from '../../convention/counts';
import type { ElectionWorking } from '../../convention/counts.types';
import { conventionTally, lotsOf, voteRules } from '../../floor/convention-tally';
import { Page, pageOf } from '../../graphql/connection';
import { Recorded } from '../recorded.types';
import {
  BlamedClause,
  ClauseChange,
  ClauseChangeKind,
  ClauseOrigin,
  ClauseOriginKind,
  RuleDiff,
} from './clause-blame.types';
import {
  ProvenanceAmendment,
  ProvenanceApportionment,
  ProvenanceDelegate,
  ProvenanceElection,
  ProvenanceMember,
  ProvenanceProposal,
  ProvenanceRollCallEntry,
  ProvenanceRule,
  ProvenanceRuleVersion,
  ProvenanceVote,
} from './provenance.types';

interface RecordRow {
  position: number;
  at: string;
  event_type: string;
  actor_member_id: string | null;
  actor_operator: string | null;
  actor_pseudonym: string | null;
}

type EnactmentOrigin = { proposalId: string; proposalVersion: number; voteId: string; amendmentIds: string[] };

const parse = <T>(text: string): T => JSON.parse(text) as T;

function recordedOf(row: RecordRow | undefined): Recorded | null {
  if (row === undefined) return null;
  return {
    position: String(row.position),
    at: row.at,
    eventType: row.event_type,
    actor: row.actor_member_id !== null ? row.actor_pseudonym : row.actor_operator,
  };
}

/** A ballot of a roll-call page, with its event (null when unrecorded) and the voter's roster entry. */
type BallotRow = { seat_id: string; member_id: string; weight: string; ballot: string } & {
  [Column in keyof RecordRow]: RecordRow[Column] | null;
} & {
  election_id: string | null;
  chapter_id: string;
  role: string;
  rank: number;
  chapter_name: string | null;
  pseudonym: string | null;
};

interface ElectionRow {
  election_id: string;
  method: string;
  seats: number;
  ballots: number;
}

/** Values read once per query and shared by every link that needs them (see `shared` below). */
class SharedPerQuery {
  private readonly values = new Map<string, unknown>();

  election = (id: string, read: () => ElectionRow | undefined) => this.once(`election:${id}`, read);
  working = (id: string, read: () => StoredElectionWorking | null) => this.once(`working:${id}`, read);
  typedWorking = (id: string, read: () => ElectionWorking | null) => this.once(`typed-working:${id}`, read);
  apportionment = (
    conventionId: string,
    read: () =>
      | { row: { method: string; cutoff_position: string; total_seats: number }; working: ApportionmentResult }
      | undefined,
  ) => this.once(`apportionment:${conventionId}`, read);
  chapterApportionment = (key: string, read: () => ProvenanceApportionment | null) =>
    this.once(`chapter-apportionment:${key}`, read);
  record = (subject: string, read: () => Recorded | null) => this.once(`record:${subject}`, read);

  private once<T>(key: string, read: () => T): T {
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = read();
    this.values.set(key, value);
    return value;
  }
}

/** Every parent object carries the reader it came from, so nested fields read the same moment. */
export type Sourced<T> = T & { readonly reader: ProvenanceReadModel };

/**
 * The provenance read side over one read-model database (the live one, or a view of the past):
 * the floor and convention tables for the facts, `provenance_records` for the event behind each.
 */
export class ProvenanceReadModel {
  private readonly record;
  private readonly rule;
  private readonly versionsPage;
  private readonly versionCount;
  private readonly proposal;
  private readonly proposalVersions;
  private readonly seconders;
  private readonly amendment;
  private readonly secondaries;
  private readonly vote;
  private readonly ballotsPage;
  private readonly ballotCount;
  /**
   * What every seat of a roll call shares (its election, its chapter's apportionment), read and
   * parsed once per query: a roll-call page of 50 at full depth otherwise parsed the same
   * election and apportionment workings (tens to hundreds of KB of JSON each) 50 times over.
   * Fresh for every query (`forQuery`), so a long-lived reader never serves a stale answer.
   */
  private shared = new SharedPerQuery();
  private readonly election;
  private readonly electionWorkingText;
  private readonly apportionment;
  private readonly chapterSeats;
  private readonly member;
  private readonly blameRows;
  private readonly removal;

  constructor(db: Database.Database) {
    this.record = db.prepare<[string], RecordRow>(
      `SELECT r.*, m.pseudonym AS actor_pseudonym FROM provenance_records r
         LEFT JOIN members m ON m.member_id = r.actor_member_id WHERE r.subject = ?`,
    );
    this.rule = db.prepare<[string], { rule_id: string; title: string; status: string }>(
      'SELECT rule_id, title, status FROM charter_rules WHERE rule_id = ?',
    );
    this.versionsPage = db.prepare<
      [string, number, number],
      { version: number; clauses: string; consolidated_text: string; origin: string; enacted_at: string }
    >('SELECT * FROM charter_rule_versions WHERE rule_id = ? AND version > ? ORDER BY version LIMIT ?');
    this.versionCount = db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM charter_rule_versions WHERE rule_id = ?',
    );
    this.proposal = db.prepare<
      [string],
      { proposal_id: string; kind: string; title: string; sponsor_id: string; sponsor_pseudonym: string | null }
    >(
      `SELECT p.proposal_id, p.kind, p.title, p.sponsor_id, m.pseudonym AS sponsor_pseudonym
         FROM floor_proposals p LEFT JOIN members m ON m.member_id = p.sponsor_id WHERE p.proposal_id = ?`,
    );
    this.proposalVersions = db.prepare<[string], { version: number; clauses: string; origin: string }>(
      'SELECT version, clauses, origin FROM floor_proposal_versions WHERE proposal_id = ? ORDER BY version',
    );
    this.seconders = db.prepare<[string], { member_id: string; pseudonym: string | null }>(
      `SELECT s.member_id, m.pseudonym FROM floor_seconders s LEFT JOIN members m ON m.member_id = s.member_id
        WHERE s.proposal_id = ? ORDER BY s.position, s.member_id`,
    );
    const amendmentColumns = `a.amendment_id, a.proposal_id, a.parent_amendment_id, a.author_id, a.operations,
      a.proposed_clauses, a.status, a.vote_id, m.pseudonym AS author_pseudonym
      FROM floor_amendments a LEFT JOIN members m ON m.member_id = a.author_id`;
    this.amendment = db.prepare<[string], AmendmentRow>(`SELECT ${amendmentColumns} WHERE a.amendment_id = ?`);
    this.secondaries = db.prepare<[string], AmendmentRow>(
      `SELECT ${amendmentColumns} WHERE a.parent_amendment_id = ? ORDER BY a.position, a.amendment_id`,
    );
    this.vote = db.prepare<
      [string],
      {
        vote_id: string;
        convention_id: string;
        method: string;
        rules: string;
        electorate_seats: number;
        electorate_weight: string;
        status: string;
        tally: string | null;
      }
    >('SELECT * FROM floor_votes WHERE vote_id = ?');
    // One statement for a page of the roll call: each ballot with the event that counted it and
    // the voter's roster entry (the convention's first for that member), chapter and pseudonym,
    // instead of three statements per seat. The roster entry is found by its key (election,
    // member) over the convention's few elections: by the convention index alone each seat
    // scanned every roster entry of the convention.
    this.ballotsPage = db.prepare<[string, string, string, string, number], BallotRow>(
      `SELECT b.seat_id, b.member_id, b.weight, b.ballot,
              r.position, r.at, r.event_type, r.actor_member_id, r.actor_operator, rm.pseudonym AS actor_pseudonym,
              d.election_id, d.chapter_id, d.role, d.rank, c.name AS chapter_name, m.pseudonym
         FROM floor_ballots b
         LEFT JOIN provenance_records r ON r.subject = 'ballot:' || b.vote_id || ':' || b.seat_id
         LEFT JOIN members rm ON rm.member_id = r.actor_member_id
         LEFT JOIN delegate_roster d ON d.rowid =
           (SELECT min(rowid) FROM delegate_roster WHERE member_id = b.member_id AND +convention_id = ?
              AND election_id IN (SELECT election_id FROM delegate_elections WHERE convention_id = ?))
         LEFT JOIN chapters c ON c.chapter_id = d.chapter_id
         LEFT JOIN members m ON m.member_id = b.member_id
        WHERE b.vote_id = ? AND b.seat_id > ? ORDER BY b.seat_id LIMIT ?`,
    );
    this.ballotCount = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM floor_ballots WHERE vote_id = ?');
    // The working apart: an election's working is its whole count (hundreds of KB for a few
    // hundred candidates), read only for an STV count's stages or a client that asks for it.
    this.election = db.prepare<[string], ElectionRow>(
      'SELECT election_id, method, seats, ballots FROM delegate_elections WHERE election_id = ?',
    );
    this.electionWorkingText = db.prepare<[string], { working: string | null }>(
      'SELECT working FROM delegate_elections WHERE election_id = ?',
    );
    this.apportionment = db.prepare<
      [string],
      { method: string; cutoff_position: string; total_seats: number; working: string }
    >('SELECT method, cutoff_position, total_seats, working FROM convention_apportionments WHERE convention_id = ?');
    this.chapterSeats = db.prepare<[string, string], { members: number; seats: number }>(
      'SELECT members, seats FROM convention_seats WHERE convention_id = ? AND chapter_id = ?',
    );
    this.member = db.prepare<[string], { pseudonym: string }>('SELECT pseudonym FROM members WHERE member_id = ?');
    this.blameRows = db.prepare<
      [string, number],
      { number: number; identity: string; text: string; shaped_by: string }
    >(
      `SELECT number, identity, text, shaped_by FROM provenance_rule_clauses
        WHERE rule_id = ? AND version = ? ORDER BY number`,
    );
    // The first version after `from` that no longer had the clause: what dropped it there.
    this.removal = db.prepare<[string, string, number, number], { removed_by: string }>(
      `SELECT removed_by FROM provenance_rule_removals
        WHERE rule_id = ? AND identity = ? AND version > ? AND version <= ? ORDER BY version LIMIT 1`,
    );
  }

  /**
   * A reader for one query: the same prepared statements (inherited from this reader), with
   * caches of its own that are dropped with the answer.
   */
  forQuery(): ProvenanceReadModel {
    const view = Object.create(this) as ProvenanceReadModel;
    view.shared = new SharedPerQuery();
    return view;
  }

  recorded(subject: string): Recorded | null {
    return recordedOf(this.record.get(subject));
  }

  ruleById(ruleId: string): Sourced<ProvenanceRule> | null {
    const row = this.rule.get(ruleId);
    return row === undefined ? null : { id: row.rule_id, title: row.title, status: row.status, reader: this };
  }

  ruleVersions(ruleId: string, first: number, after: number): Page<Sourced<ProvenanceRuleVersion>> {
    return pageOf(
      this.versionsPage.all(ruleId, after, first + 1),
      first,
      this.versionCount.get(ruleId)?.n ?? 0,
      (row) => String(row.version),
      (row) => {
        const origin = parse<EnactmentOrigin>(row.origin);
        return {
          version: row.version,
          clauses: parse<string[]>(row.clauses),
          consolidatedText: row.consolidated_text,
          enactedAt: row.enacted_at,
          enactment: { ...origin, reader: this },
          ruleId,
          recorded: this.recorded(`rule-version:${ruleId}:${row.version}`),
          reader: this,
        };
      },
    );
  }

  proposalById(proposalId: string): ProvenanceProposal | null {
    const row = this.proposal.get(proposalId);
    if (row === undefined) return null;
    return {
      id: row.proposal_id,
      kind: row.kind.toUpperCase().replace(/-/g, '_'),
      title: row.title,
      sponsor: { memberId: row.sponsor_id, pseudonym: row.sponsor_pseudonym },
      seconders: this.seconders.all(proposalId).map((seconder) => ({
        member: { memberId: seconder.member_id, pseudonym: seconder.pseudonym },
        recorded: this.recorded(`seconder:${proposalId}:${seconder.member_id}`),
      })),
      versions: this.proposalVersions.all(proposalId).map((version) => {
        const origin = parse<{ by: string; amendmentId?: string }>(version.origin);
        return {
          version: version.version,
          clauses: parse<string[]>(version.clauses),
          madeBy: origin.by,
          amendmentId: origin.amendmentId ?? null,
          recorded: this.recorded(
            version.version === 1 ? `proposal:${proposalId}` : `proposal-version:${proposalId}:${version.version}`,
          ),
        };
      }),
      submitted: this.recorded(`proposal:${proposalId}`),
    };
  }

  amendmentById(amendmentId: string): Sourced<ProvenanceAmendment> | null {
    const row = this.amendment.get(amendmentId);
    return row === undefined ? null : this.toAmendment(row);
  }

  secondariesOf(amendmentId: string): Sourced<ProvenanceAmendment>[] {
    return this.secondaries.all(amendmentId).map((row) => this.toAmendment(row));
  }

  voteById(voteId: string): Sourced<ProvenanceVote> | null {
    const row = this.vote.get(voteId);
    if (row === undefined) return null;
    return {
      id: row.vote_id,
      conventionId: row.convention_id,
      method: row.method,
      rules: voteRules(parse<VoteRules>(row.rules)),
      electorateSeats: row.electorate_seats,
      electorateWeight: row.electorate_weight,
      status: row.status.toUpperCase(),
      tally: row.tally === null ? null : conventionTally(parse<ConventionVoteTally>(row.tally)),
      opened: this.recorded(`vote:${voteId}`),
      closed: this.recorded(`vote-closed:${voteId}`),
      reader: this,
    };
  }

  rollCall(
    vote: { id: string; conventionId: string },
    first: number,
    after: string,
  ): Page<Sourced<ProvenanceRollCallEntry>> {
    return pageOf(
      this.ballotsPage.all(vote.conventionId, vote.conventionId, vote.id, after, first + 1),
      first,
      this.ballotCount.get(vote.id)?.n ?? 0,
      (row) => row.seat_id,
      (row) => {
        const ballot = parse<{ method: string; choice?: string; ranking?: string[] }>(row.ballot);
        return {
          seatId: row.seat_id,
          choice: ballot.choice === undefined ? null : ballot.choice.toUpperCase(),
          ranking: ballot.ranking ?? null,
          weight: row.weight,
          recorded: recordedOf(row.position === null ? undefined : (row as RecordRow)),
          memberId: row.member_id,
          conventionId: vote.conventionId,
          delegate: row.election_id === null ? null : this.delegateOf(row, row.election_id, vote.conventionId),
          reader: this,
        };
      },
    );
  }

  /** A voter's roster entry; their election and apportionment are read when a client asks for them. */
  private delegateOf(row: BallotRow, electionId: string, conventionId: string): Sourced<ProvenanceDelegate> {
    const election = (delegate: Sourced<ProvenanceDelegate>) => this.electionOf(delegate);
    const apportionment = (delegate: Sourced<ProvenanceDelegate>) => this.apportionmentOf(delegate);
    return {
      member: { memberId: row.member_id, pseudonym: row.pseudonym },
      role: row.role,
      chapterId: row.chapter_id,
      chapterName: row.chapter_name,
      conventionId,
      electionId,
      rank: row.rank,
      reader: this,
      get election() {
        return election(this);
      },
      get apportionment() {
        return apportionment(this);
      },
    };
  }

  electionOf(delegate: { electionId: string; rank: number; member: ProvenanceMember }): ProvenanceElection | null {
    const row = this.shared.election(delegate.electionId, () => this.election.get(delegate.electionId));
    if (row === undefined) return null;
    const workingOf = (election: { id: string }) => this.workingOf(election);
    const memberId = delegate.member.memberId;
    // Only an STV count has stages; approval's working is parsed only if a client asks for it.
    const working = row.method === 'APPROVAL' ? null : this.electionWorkingOf(row);
    const electedAtStage =
      working?.method === 'scottish-stv'
        ? (working.stages.find((stage) => stage.elected.some((e) => e.candidate === memberId))?.stage ?? null)
        : null;
    return {
      id: row.election_id,
      method: row.method,
      seats: row.seats,
      ballotsCounted: row.ballots,
      electedAtStage,
      rank: delegate.rank,
      recorded: this.shared.record(`election:${row.election_id}`, () => this.recorded(`election:${row.election_id}`)),
      get working() {
        return workingOf(this);
      },
    };
  }

  /** An election's full working, as typed objects; one per election and query, shared by its delegates. */
  private workingOf(election: { id: string }): ElectionWorking | null {
    return this.shared.typedWorking(election.id, () => {
      const row = this.shared.election(election.id, () => this.election.get(election.id));
      const working = row === undefined ? null : this.electionWorkingOf(row);
      return working === null ? null : electionWorking(working);
    });
  }

  apportionmentOf(delegate: { conventionId: string; chapterId: string }): ProvenanceApportionment | null {
    const { conventionId, chapterId } = delegate;
    return this.shared.chapterApportionment(`${conventionId}:${chapterId}`, () => {
      const seats = this.chapterSeats.get(conventionId, chapterId);
      const found = this.shared.apportionment(conventionId, () => {
        const row = this.apportionment.get(conventionId);
        return row === undefined ? undefined : { row, working: parse<ApportionmentResult>(row.working) };
      });
      if (seats === undefined || found === undefined) return null;
      const { row, working } = found;
      const awards = working.awards.filter((award) => award.unit === chapterId);
      const lastRound = working.hamiltonRounds[working.hamiltonRounds.length - 1];
      const hamilton = lastRound === undefined ? [] : lastRound.lines.filter((line) => line.unit === chapterId);
      const quotient = awards[awards.length - 1]?.quotient ?? hamilton[0]?.quota ?? null;
      return {
        method: row.method,
        cutoffPosition: row.cutoff_position,
        totalSeats: row.total_seats,
        chapterId,
        members: seats.members,
        seats: seats.seats,
        quotient: quotient === null ? null : { ...quotient },
        awards: awards.map((award) => ({ ...award, quotient: { ...award.quotient } })),
        hamilton: hamilton.map((line) => ({ ...line, quota: { ...line.quota }, remainder: { ...line.remainder } })),
        lots: lotsOf(working.lots),
        recorded: this.shared.record(`apportionment:${conventionId}`, () =>
          this.recorded(`apportionment:${conventionId}`),
        ),
      };
    });
  }

  private electionWorkingOf(row: ElectionRow): StoredElectionWorking | null {
    return this.shared.working(row.election_id, () => {
      const text = this.electionWorkingText.get(row.election_id)?.working ?? null;
      return text === null ? null : parse<StoredElectionWorking | null>(text);
    });
  }

  /** Each clause of a rule version with what last shaped its text, in clause order. */
  blame(ruleId: string, version: number): BlamedClause[] {
    const originOf = this.clauseOrigins();
    return this.trackedVersion(ruleId, version).map((clause, index) => ({
      number: index + 1,
      identity: clause.identity,
      text: clause.text,
      shapedBy: originOf(clause.shapedBy),
    }));
  }

  /**
   * The clause-by-clause diff of two versions of a rule, matched by identity. `from` may equal
   * `to` (every clause UNCHANGED); a diff never runs backwards, since its origins say what made
   * each change, and undoing a change was made by nothing.
   */
  ruleDiff(ruleId: string, from: number, to: number): RuleDiff {
    if (this.rule.get(ruleId) === undefined) throw new RuleNotFoundError(ruleId);
    const count = this.versionCount.get(ruleId)?.n ?? 0;
    const versions = count === 1 ? 'its only version is 1' : `its versions are 1 to ${count}`;
    const unknown = (field: string, version: number) =>
      Number.isSafeInteger(version) && version >= 1 && version <= count
        ? []
        : [{ field, message: `rule ${ruleId} has no version ${version}; ${versions}`, reason: 'UNKNOWN_RULE_VERSION' }];
    const problems = [...unknown('from', from), ...unknown('to', to)];
    if (problems.length > 0) throw new InvalidInputError(problems);
    if (from > to) {
      throw new InvalidInputError([
        {
          field: 'to',
          message: `must not be before from (${from}): a diff runs from an earlier version to a later one`,
          reason: 'RULE_VERSIONS_OUT_OF_ORDER',
        },
      ]);
    }
    const later = this.trackedVersion(ruleId, to);
    const originOf = this.clauseOrigins();
    const changes = diffClauses(this.trackedVersion(ruleId, from), later).map((entry): ClauseChange => {
      switch (entry.change) {
        case 'unchanged':
          return {
            change: ClauseChangeKind.UNCHANGED,
            identity: entry.identity,
            oldNumber: entry.fromNumber,
            newNumber: entry.toNumber,
            oldText: entry.text,
            newText: entry.text,
            origin: null,
          };
        case 'changed':
        case 'added':
          return {
            change: entry.change === 'changed' ? ClauseChangeKind.CHANGED : ClauseChangeKind.ADDED,
            identity: entry.identity,
            oldNumber: entry.change === 'changed' ? entry.fromNumber : null,
            newNumber: entry.toNumber,
            oldText: entry.change === 'changed' ? entry.oldText : null,
            newText: entry.newText,
            origin: originOf(later[entry.toNumber - 1].shapedBy),
          };
        case 'removed': {
          const removal = this.removal.get(ruleId, entry.identity, from, to);
          return {
            change: ClauseChangeKind.REMOVED,
            identity: entry.identity,
            oldNumber: entry.fromNumber,
            newNumber: null,
            oldText: entry.oldText,
            newText: null,
            origin: removal === undefined ? null : originOf(parse<TrackedClauseOrigin>(removal.removed_by)),
          };
        }
      }
    });
    return { ruleId, from, to, changes };
  }

  pseudonymOf(memberId: string): string | null {
    return this.member.get(memberId)?.pseudonym ?? null;
  }

  private trackedVersion(ruleId: string, version: number): TrackedClause<TrackedClauseOrigin>[] {
    return this.blameRows.all(ruleId, version).map((row) => ({
      identity: row.identity,
      text: row.text,
      shapedBy: parse<TrackedClauseOrigin>(row.shaped_by),
    }));
  }

  /** Resolves origins, each drafting event once: most clauses of a version share a few origins. */
  private clauseOrigins(): (origin: TrackedClauseOrigin) => Sourced<ClauseOrigin> {
    const resolved = new Map<string, Sourced<ClauseOrigin>>();
    return (origin) => {
      let found = resolved.get(origin.subject);
      if (found === undefined) {
        found = {
          kind: ClauseOriginKind[origin.kind],
          proposalId: origin.proposalId,
          amendmentId: origin.amendmentId,
          mover: { memberId: origin.moverId, pseudonym: this.pseudonymOf(origin.moverId) },
          movedAt: origin.movedAt,
          recorded: this.recorded(origin.subject),
          reader: this,
        };
        resolved.set(origin.subject, found);
      }
      return found;
    };
  }

  private toAmendment(row: AmendmentRow): Sourced<ProvenanceAmendment> {
    const decided = this.recorded(`amendment-decision:${row.amendment_id}`);
    return {
      id: row.amendment_id,
      proposalId: row.proposal_id,
      parentId: row.parent_amendment_id,
      level: row.parent_amendment_id === null ? 'PRIMARY' : 'SECONDARY',
      mover: { memberId: row.author_id, pseudonym: row.author_pseudonym },
      decidedBy:
        row.status === 'accepted-as-friendly'
          ? 'FRIENDLY'
          : row.vote_id !== null && (row.status === 'adopted' || row.status === 'rejected')
            ? 'VOTED'
            : row.status.toUpperCase().replace(/-/g, '_'),
      status: row.status.toUpperCase().replace(/-/g, '_'),
      operations: parse<{ op: string; clause: number; text?: string }[]>(row.operations).map((operation) => ({
        op: operation.op.toUpperCase().replace(/-/g, '_'),
        clause: operation.clause,
        text: operation.text ?? null,
      })),
      proposedClauses: parse<string[]>(row.proposed_clauses),
      moved: this.recorded(`amendment:${row.amendment_id}`),
      decided,
      voteId: row.vote_id,
      reader: this,
    };
  }
}

interface AmendmentRow {
  amendment_id: string;
  proposal_id: string;
  parent_amendment_id: string | null;
  author_id: string;
  operations: string;
  proposed_clauses: string;
  status: string;
  vote_id: string | null;
  author_pseudonym: string | null;
}
