import { Inject, Injectable } from '@nestjs/common';
import { Page, PositionAndId, PositionPageParameters, pageOf, positionPageParameters } from '../graphql/connection';
import { ReadModelSource, ReadModels } from '../infrastructure/read-models.service';
import { DEFAULT_INTERIM_RULES, InterimRules } from '../../../../libs/organization/src';
import {
  Branch,
  Commitments,
  CommitteeMember,
  InterimDecision,
  InterimDecisionStatus,
  InterimRulesView,
} from './organization.types';

interface CommitteeMemberRow {
  member_id: string;
  pseudonym: string;
  appointed_at: string;
}

interface CommitmentsRow {
  version: number;
  principles: string;
  published_at: string;
}

interface BranchRow {
  branch_id: string;
  name: string;
  country_code: string;
  founded_at: string;
}

interface InterimDecisionRow {
  decision_id: string;
  /** Of the proposal: never changes. */
  position: number;
  kind: string;
  title: string;
  status: string;
  deadline: string;
  committee_size: number;
  supports: number;
  objections: number;
  abstentions: number;
}

interface InterimRulesRow {
  version: number;
  rules: string;
  authorized_by_decision_id: string | null;
  set_at: string;
}

/** Queries over the organization projection's tables, live or as of a past position. */
@Injectable()
export class OrganizationReadModel {
  private readonly committeeMembers;
  private readonly latestCommitments;
  private readonly allBranches;
  private readonly interimDecisionPage;
  private readonly interimDecisionCount;
  private readonly latestInterimRules;

  constructor(@Inject(ReadModels) { db }: ReadModelSource) {
    this.committeeMembers = db.prepare<[], CommitteeMemberRow>(
      `SELECT c.member_id, m.pseudonym, c.appointed_at
         FROM committee_members c JOIN members m ON m.member_id = c.member_id
        ORDER BY c.position, c.member_id`,
    );
    this.latestCommitments = db.prepare<[], CommitmentsRow>(
      'SELECT version, principles, published_at FROM commitments ORDER BY version DESC LIMIT 1',
    );
    this.allBranches = db.prepare<[], BranchRow>('SELECT * FROM branches ORDER BY name COLLATE NOCASE, branch_id');
    this.interimDecisionPage = db.prepare<PositionPageParameters, InterimDecisionRow>(
      `SELECT decision_id, kind, title, status, deadline, committee_size, supports, objections, abstentions, position
         FROM interim_decisions
        WHERE @afterPosition IS NULL OR (position, decision_id) > (@afterPosition, @afterId)
        ORDER BY position, decision_id
        LIMIT @limit`,
    );
    this.interimDecisionCount = db.prepare<[], number>('SELECT count(*) FROM interim_decisions').pluck();
    this.latestInterimRules = db.prepare<[], InterimRulesRow>(
      'SELECT version, rules, authorized_by_decision_id, set_at FROM interim_rules ORDER BY version DESC LIMIT 1',
    );
  }

  /** Sitting members in order of appointment. */
  committee(): CommitteeMember[] {
    return this.committeeMembers.all().map((row) => ({
      memberId: row.member_id,
      pseudonym: row.pseudonym,
      appointedAt: row.appointed_at,
    }));
  }

  commitments(): Commitments | null {
    const row = this.latestCommitments.get();
    if (row === undefined) return null;
    return { version: row.version, principles: JSON.parse(row.principles) as string[], publishedAt: row.published_at };
  }

  branches(): Branch[] {
    return this.allBranches.all().map((row) => ({
      id: row.branch_id,
      name: row.name,
      countryCode: row.country_code,
      foundedAt: row.founded_at,
    }));
  }

  /** Interim decisions in order of proposal, each with its live or final tally, after a (position, id) key. */
  interimDecisions(first: number, after: PositionAndId | null): Page<InterimDecision> {
    return pageOf(
      this.interimDecisionPage.all(positionPageParameters(first, after)),
      first,
      this.interimDecisionCount.get() ?? 0,
      (row) => `${row.position}:${row.decision_id}`,
      (row) => ({
        id: row.decision_id,
        kind: row.kind,
        title: row.title,
        status: row.status as InterimDecisionStatus,
        deadline: row.deadline,
        tally: {
          supports: row.supports,
          objections: row.objections,
          abstentions: row.abstentions,
          committeeSize: row.committee_size,
        },
      }),
    );
  }

  /** The interim rules in force: the latest version set, or the defaults. */
  interimRules(): InterimRulesView {
    const row = this.latestInterimRules.get();
    const rules: InterimRules = row === undefined ? DEFAULT_INTERIM_RULES : (JSON.parse(row.rules) as InterimRules);
    return {
      version: row?.version ?? 0,
      minimumSupport: { ...rules.decisions.minimumSupport },
      maximumObjections: rules.decisions.maximumObjections,
      allowedKinds: rules.decisions.allowedKinds,
      minimumChapterFounders: rules.minimumChapterFounders,
      authorizedByDecisionId: row?.authorized_by_decision_id ?? null,
      setAt: row?.set_at ?? null,
    };
  }
}
