import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../../../event-store/src';
import type { AmendmentEvent, CharterEvent, ProposalEvent, TrackedClause } from '../../../proposals/src';
import {
  applyTrackedOperations,
  removedClauses,
  sameClauses,
  trackClauses,
  trackRedraft,
} from '../../../proposals/src';

/**
 * What last set a clause's text: the proposal that drafted it, or the amendment whose own
 * operation did (a secondary's replace is blamed on the secondary, not on the primary it went
 * through; a primary's insert stays the primary's). `subject` names the drafting event in
 * `provenance_records` (ProposalSubmitted, AmendmentProposed, or AmendmentRebased when the
 * author redrafted it), so the read side can give its log position.
 */
export interface TrackedClauseOrigin {
  readonly kind: 'PROPOSAL' | 'PRIMARY_AMENDMENT' | 'SECONDARY_AMENDMENT';
  readonly proposalId: string;
  readonly amendmentId: string | null;
  readonly moverId: string;
  readonly movedAt: string;
  readonly subject: string;
}

type Tracked = TrackedClause<TrackedClauseOrigin>;
interface Removal {
  readonly identity: string;
  readonly text: string;
  readonly removedBy: TrackedClauseOrigin;
}
/** A tracked text, and the clauses it lost since its base (the rule version redrafted, or the submission). */
interface TrackedText {
  readonly clauses: Tracked[];
  readonly removed: Removal[];
}

type Event = ProposalEvent | AmendmentEvent | CharterEvent;

export const ruleClauseTables = [
  'provenance_texts',
  'provenance_text_sources',
  'provenance_rule_clauses',
  'provenance_rule_removals',
] as const;

/**
 * Clause blame, kept beside provenance_records. Every proposal that makes a rule version and
 * every amendment of it has its text tracked clause by clause (`provenance_texts`, keyed
 * `proposal:<id>:<version>` or `amendment:<id>:<revision>`), so an amendment's text is derived
 * from exactly the text it was drafted on; the rule versions keep the result, one row a clause,
 * and the clauses each version dropped with what dropped them.
 */
export const ruleClauseSchema = `
  CREATE TABLE IF NOT EXISTS provenance_texts (
    text_key TEXT PRIMARY KEY,
    clauses  TEXT NOT NULL,
    removed  TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS provenance_text_sources (
    source     TEXT PRIMARY KEY,
    amends     TEXT,
    head       INTEGER NOT NULL,
    origin     TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS provenance_rule_clauses (
    rule_id   TEXT NOT NULL,
    version   INTEGER NOT NULL,
    number    INTEGER NOT NULL,
    identity  TEXT NOT NULL,
    text      TEXT NOT NULL,
    shaped_by TEXT NOT NULL,
    PRIMARY KEY (rule_id, version, number)
  );
  CREATE TABLE IF NOT EXISTS provenance_rule_removals (
    rule_id    TEXT NOT NULL,
    version    INTEGER NOT NULL,
    identity   TEXT NOT NULL,
    text       TEXT NOT NULL,
    removed_by TEXT NOT NULL,
    PRIMARY KEY (rule_id, version, identity)
  );
`;

const parse = <T>(text: string): T => JSON.parse(text) as T;

/**
 * The tracked clauses if they read exactly `clauses`; otherwise `clauses` as a redraft of them.
 * The events carry the texts the deciders computed, so tracking never contradicts them: were an
 * operation not to replay here as it did there, the blame would name the step as a redraft
 * rather than show a text that was never adopted.
 */
function settle(
  tracked: Tracked[],
  base: Tracked[],
  clauses: readonly string[],
  source: string,
  origin: TrackedClauseOrigin,
) {
  return sameClauses(
    tracked.map((clause) => clause.text),
    clauses,
  )
    ? tracked
    : trackRedraft(base, clauses, source, origin);
}

function withRemovals(base: TrackedText, clauses: Tracked[], removedBy: TrackedClauseOrigin): TrackedText {
  const removed = removedClauses(base.clauses, clauses).map((clause) => ({
    identity: clause.identity,
    text: clause.text,
    removedBy,
  }));
  return { clauses, removed: [...base.removed, ...removed] };
}

export function bindRuleClauses(db: Database.Database): (recorded: RecordedEvent) => void {
  const readText = db.prepare<[string], { clauses: string; removed: string }>(
    'SELECT clauses, removed FROM provenance_texts WHERE text_key = ?',
  );
  const writeText = db.prepare(
    `INSERT INTO provenance_texts (text_key, clauses, removed) VALUES (?, ?, ?)
     ON CONFLICT (text_key) DO UPDATE SET clauses = excluded.clauses, removed = excluded.removed`,
  );
  const readSource = db.prepare<[string], { amends: string | null; head: number; origin: string }>(
    'SELECT amends, head, origin FROM provenance_text_sources WHERE source = ?',
  );
  const writeSource = db.prepare(
    `INSERT INTO provenance_text_sources (source, amends, head, origin) VALUES (?, ?, ?, ?)
     ON CONFLICT (source) DO UPDATE SET head = excluded.head, origin = excluded.origin`,
  );
  const ruleClauses = db.prepare<[string, number], { identity: string; text: string; shaped_by: string }>(
    'SELECT identity, text, shaped_by FROM provenance_rule_clauses WHERE rule_id = ? AND version = ? ORDER BY number',
  );
  const writeRuleClause = db.prepare(
    `INSERT OR REPLACE INTO provenance_rule_clauses (rule_id, version, number, identity, text, shaped_by)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const writeRemoval = db.prepare(
    `INSERT OR REPLACE INTO provenance_rule_removals (rule_id, version, identity, text, removed_by)
     VALUES (?, ?, ?, ?, ?)`,
  );

  const textOf = (key: string): TrackedText | null => {
    const row = readText.get(key);
    return row === undefined ? null : { clauses: parse(row.clauses), removed: parse(row.removed) };
  };
  const saveText = (key: string, text: TrackedText) =>
    writeText.run(key, JSON.stringify(text.clauses), JSON.stringify(text.removed));
  const sourceOf = (source: string) => {
    const row = readSource.get(source);
    return row === undefined
      ? null
      : { amends: row.amends, head: row.head, origin: parse<TrackedClauseOrigin>(row.origin) };
  };
  /** The current text of a proposal or amendment being tracked; null for one that makes no rule. */
  const headText = (source: string) => {
    const found = sourceOf(source);
    return found === null ? null : textOf(`${source}:${found.head}`);
  };
  const ruleVersion = (ruleId: string, version: number): Tracked[] =>
    ruleClauses.all(ruleId, version).map((row) => ({
      identity: row.identity,
      text: row.text,
      shapedBy: parse<TrackedClauseOrigin>(row.shaped_by),
    }));

  /** An amendment's text, drafted as operations on the text it amends (a proposal version or a parent revision). */
  const draftAmendment = (
    amendmentId: string,
    revision: number,
    baseVersion: number,
    operations: Parameters<typeof applyTrackedOperations>[1],
    proposedClauses: readonly string[],
    origin: TrackedClauseOrigin,
    amends: string,
  ) => {
    const base = textOf(`${amends}:${baseVersion}`);
    if (base === null) return;
    let clauses: Tracked[];
    try {
      clauses = applyTrackedOperations(base.clauses, operations, amendmentId, origin);
    } catch {
      clauses = [];
    }
    clauses = settle(clauses, base.clauses, proposedClauses, amendmentId, origin);
    const source = `amendment:${amendmentId}`;
    saveText(`${source}:${revision}`, withRemovals(base, clauses, origin));
    writeSource.run(source, amends, revision, JSON.stringify(origin));
  };

  /** A new version of a text taken from another one (an amendment taken in, a secondary adopted). */
  const takeIn = (target: string, version: number, from: string, clauses: readonly string[]) => {
    const current = sourceOf(target);
    const taken = headText(from);
    const origin = sourceOf(from)?.origin;
    if (current === null || taken === null || origin === undefined) return;
    const before = textOf(`${target}:${current.head}`) ?? { clauses: [], removed: [] };
    const redraft = () => trackRedraft(before.clauses, clauses, from.slice(from.indexOf(':') + 1), origin);
    const text = sameClauses(
      taken.clauses.map((clause) => clause.text),
      clauses,
    )
      ? taken
      : withRemovals(before, redraft(), origin);
    saveText(`${target}:${version}`, text);
    writeSource.run(target, current.amends, version, JSON.stringify(current.origin));
  };

  const enact = (ruleId: string, version: number, proposalId: string, proposalVersion: number, clauses: string[]) => {
    const proposal = sourceOf(`proposal:${proposalId}`);
    if (proposal === null) return;
    const adopted = textOf(`proposal:${proposalId}:${proposalVersion}`) ?? { clauses: [], removed: [] };
    const previous = version > 1 ? ruleVersion(ruleId, version - 1) : [];
    const tracked = settle(adopted.clauses, previous, clauses, proposalId, proposal.origin);
    tracked.forEach((clause, index) =>
      writeRuleClause.run(ruleId, version, index + 1, clause.identity, clause.text, JSON.stringify(clause.shapedBy)),
    );
    const removedBy = new Map(adopted.removed.map((removal) => [removal.identity, removal.removedBy]));
    for (const clause of removedClauses(previous, tracked)) {
      const by = removedBy.get(clause.identity) ?? proposal.origin;
      writeRemoval.run(ruleId, version, clause.identity, clause.text, JSON.stringify(by));
    }
  };

  return (recorded: RecordedEvent) => {
    const event = { type: recorded.type, data: recorded.data } as Event;
    switch (event.type) {
      case 'ProposalSubmitted': {
        const { proposalId, motion, clauses, sponsorId, submittedAt } = event.data;
        if (motion.kind !== 'adopt-rule' && motion.kind !== 'amend-rule') return;
        const origin: TrackedClauseOrigin = {
          kind: 'PROPOSAL',
          proposalId,
          amendmentId: null,
          moverId: sponsorId,
          movedAt: submittedAt,
          subject: `proposal:${proposalId}`,
        };
        const base = motion.kind === 'amend-rule' ? ruleVersion(motion.ruleId, motion.ruleVersion) : [];
        const tracked =
          base.length === 0
            ? trackClauses(clauses, proposalId, origin)
            : trackRedraft(base, clauses, proposalId, origin);
        saveText(`proposal:${proposalId}:1`, withRemovals({ clauses: base, removed: [] }, tracked, origin));
        writeSource.run(`proposal:${proposalId}`, null, 1, JSON.stringify(origin));
        return;
      }
      case 'AmendmentProposed': {
        const { amendmentId, proposalId, parentAmendmentId, authorId, baseVersion, operations } = event.data;
        const origin: TrackedClauseOrigin = {
          kind: parentAmendmentId === null ? 'PRIMARY_AMENDMENT' : 'SECONDARY_AMENDMENT',
          proposalId,
          amendmentId,
          moverId: authorId,
          movedAt: event.data.proposedAt,
          subject: `amendment:${amendmentId}`,
        };
        const amends = parentAmendmentId === null ? `proposal:${proposalId}` : `amendment:${parentAmendmentId}`;
        draftAmendment(amendmentId, 1, baseVersion, operations, event.data.proposedClauses, origin, amends);
        return;
      }
      case 'AmendmentRebased': {
        const { amendmentId, revision, baseVersion, operations, proposedClauses, rebasedAt } = event.data;
        const source = sourceOf(`amendment:${amendmentId}`);
        if (source === null || source.amends === null) return;
        const origin: TrackedClauseOrigin = {
          ...source.origin,
          movedAt: rebasedAt,
          subject: `amendment-revision:${amendmentId}:${revision}`,
        };
        draftAmendment(amendmentId, revision, baseVersion, operations, proposedClauses, origin, source.amends);
        return;
      }
      case 'AmendmentRevisedBySecondary': {
        const { amendmentId, secondaryAmendmentId, revision, proposedClauses } = event.data;
        takeIn(`amendment:${amendmentId}`, revision, `amendment:${secondaryAmendmentId}`, proposedClauses);
        return;
      }
      case 'ProposalFriendlyAmendmentAccepted':
      case 'ProposalAmendedByVote': {
        const { proposalId, amendmentId, version, clauses } = event.data;
        takeIn(`proposal:${proposalId}`, version, `amendment:${amendmentId}`, clauses);
        return;
      }
      case 'RuleAdopted':
      case 'RuleAmended': {
        const { ruleId, version, clauses, origin } = event.data;
        enact(ruleId, version, origin.proposalId, origin.proposalVersion, clauses);
        return;
      }
      default:
        return;
    }
  };
}
