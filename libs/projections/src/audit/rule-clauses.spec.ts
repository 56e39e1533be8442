import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { DomainEvent, eventIdFor } from '../../../core/src';
import { StoreFixture, openStoreFixture, testMetadata } from '../../../testing/src';
import { ProjectionRunner } from '../projection-runner';
import { dumpTables, openReadModelDatabase } from '../read-model-database';
import { ClauseOperation, applyClauseOperations } from '../../../proposals/src';
import type { RecordedEvent } from '../../../event-store/src';
import { provenanceProjection } from './provenance.projection';
import { bindRuleClauses, ruleClauseSchema } from './rule-clauses';

const RULE = 'r1';
const origin = (proposalId: string, proposalVersion: number) => ({
  proposalId,
  proposalVersion,
  voteId: 'v',
  amendmentIds: [],
});

describe('clause blame in the provenance projection', () => {
  let fixture: StoreFixture;

  const append = async (stream: string, event: DomainEvent, acceptedAt: string) => {
    const metadata = testMetadata({ acceptedAt, actor: { kind: 'member', memberId: 'someone' } });
    const existing = await fixture.store.readStream(stream);
    await fixture.store.appendToStream(
      stream,
      [{ id: eventIdFor(metadata.commandId, stream, 0), ...event, metadata }],
      {
        expectedRevision: existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1),
      },
    );
  };
  const submit = (proposalId: string, sponsorId: string, motion: object, clauses: string[], at: string) =>
    append(
      `Proposal-${proposalId}`,
      { type: 'ProposalSubmitted', data: { proposalId, motion, clauses, sponsorId, version: 1, submittedAt: at } },
      at,
    );
  const propose = (
    amendmentId: string,
    proposalId: string,
    parentAmendmentId: string | null,
    authorId: string,
    operations: object[],
    proposedClauses: string[],
    at: string,
  ) =>
    append(
      `Amendment-${amendmentId}`,
      {
        type: 'AmendmentProposed',
        data: {
          amendmentId,
          proposalId,
          parentAmendmentId,
          depth: parentAmendmentId === null ? 1 : 2,
          authorId,
          baseVersion: 1,
          operations,
          proposedClauses,
          proposedAt: at,
        },
      },
      at,
    );

  const blame = (version: number) =>
    (
      fixture.db
        .prepare(
          'SELECT number, identity, text, shaped_by FROM provenance_rule_clauses WHERE rule_id = ? AND version = ? ORDER BY number',
        )
        .all(RULE, version) as Array<{ number: number; identity: string; text: string; shaped_by: string }>
    ).map((row) => {
      const by = JSON.parse(row.shaped_by) as {
        kind: string;
        amendmentId: string | null;
        moverId: string;
        subject: string;
      };
      return [row.number, row.identity, row.text, by.kind, by.amendmentId ?? by.subject, by.moverId];
    });
  const removals = (version: number) =>
    (
      fixture.db
        .prepare('SELECT identity, text, removed_by FROM provenance_rule_removals WHERE rule_id = ? AND version = ?')
        .all(RULE, version) as Array<{ identity: string; text: string; removed_by: string }>
    ).map((row) => {
      const by = JSON.parse(row.removed_by) as { amendmentId: string | null; subject: string; movedAt: string };
      return [row.identity, row.text, by.amendmentId, by.subject, by.movedAt];
    });

  beforeEach(() => {
    fixture = openStoreFixture();
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('blames each clause on the operation that produced its text, through secondaries, rebases and redrafts; rebuilds byte for byte', async () => {
    // Version 1: a proposal amended by a primary, itself amended by a secondary before the vote.
    await submit('p', 'm1', { kind: 'adopt-rule', ruleId: RULE }, ['A.', 'B.', 'C.'], 't1');
    await propose(
      'a1',
      'p',
      null,
      'm2',
      [
        { op: 'replace', clause: 2, text: 'B2.' },
        { op: 'insert-after', clause: 3, text: 'D.' },
      ],
      ['A.', 'B2.', 'C.', 'D.'],
      't2',
    );
    // The secondary rewords the primary's insertion and strikes a clause of the proposal.
    await propose(
      's1',
      'p',
      'a1',
      'm3',
      [
        { op: 'replace', clause: 4, text: 'D2.' },
        { op: 'strike', clause: 1 },
      ],
      ['B2.', 'C.', 'D2.'],
      't3',
    );
    await append(
      'Amendment-a1',
      {
        type: 'AmendmentRevisedBySecondary',
        data: {
          amendmentId: 'a1',
          secondaryAmendmentId: 's1',
          voteId: 'vs',
          revision: 2,
          proposedClauses: ['B2.', 'C.', 'D2.'],
          revisedAt: 't4',
        },
      },
      't4',
    );
    await append(
      'Proposal-p',
      {
        type: 'ProposalAmendedByVote',
        data: {
          proposalId: 'p',
          amendmentId: 'a1',
          voteId: 'va',
          version: 2,
          clauses: ['B2.', 'C.', 'D2.'],
          amendedAt: 't5',
        },
      },
      't5',
    );
    await append(
      'Charter-organization',
      {
        type: 'RuleAdopted',
        data: { ruleId: RULE, version: 1, clauses: ['B2.', 'C.', 'D2.'], origin: origin('p', 2) },
      },
      't6',
    );

    // Version 2: a full redraft, amended by a primary that its author rebased before it was taken in.
    await submit(
      'q',
      'm4',
      { kind: 'amend-rule', ruleId: RULE, ruleVersion: 1 },
      ['B2.', 'C, redrafted.', 'D2.', 'E.'],
      't7',
    );
    await propose('a2', 'q', null, 'm2', [{ op: 'strike', clause: 1 }], ['C, redrafted.', 'D2.', 'E.'], 't8');
    await append(
      'Amendment-a2',
      {
        type: 'AmendmentRebased',
        data: {
          amendmentId: 'a2',
          revision: 2,
          baseVersion: 1,
          operations: [
            { op: 'strike', clause: 1 },
            { op: 'replace', clause: 4, text: 'E2.' },
          ],
          proposedClauses: ['C, redrafted.', 'D2.', 'E2.'],
          rebasedAt: 't9',
        },
      },
      't9',
    );
    await append(
      'Proposal-q',
      {
        type: 'ProposalFriendlyAmendmentAccepted',
        data: {
          proposalId: 'q',
          amendmentId: 'a2',
          version: 2,
          clauses: ['C, redrafted.', 'D2.', 'E2.'],
          acceptedBy: 'm4',
          acceptedAt: 't10',
        },
      },
      't10',
    );
    await append(
      'Charter-organization',
      {
        type: 'RuleAmended',
        data: { ruleId: RULE, version: 2, clauses: ['C, redrafted.', 'D2.', 'E2.'], origin: origin('q', 2) },
      },
      't11',
    );

    // Version 3: what the enactment says wins even where no tracked text leads to it.
    await submit('x', 'm5', { kind: 'amend-rule', ruleId: RULE, ruleVersion: 2 }, ['C, redrafted.', 'F.'], 't12');
    await append(
      'Charter-organization',
      {
        type: 'RuleAmended',
        data: { ruleId: RULE, version: 3, clauses: ['C, redrafted.', 'G.'], origin: origin('x', 9) },
      },
      't13',
    );
    // A proposal that makes no rule is not tracked.
    await submit('z', 'm1', { kind: 'resolution' }, ['Z.'], 't14');

    const runner = new ProjectionRunner(fixture.store, fixture.db, [provenanceProjection]);
    await runner.catchUp();

    expect(blame(1)).toEqual([
      [1, 'p#2', 'B2.', 'PRIMARY_AMENDMENT', 'a1', 'm2'],
      [2, 'p#3', 'C.', 'PROPOSAL', 'proposal:p', 'm1'],
      // Inserted by the primary (its identity), worded by the secondary (its blame).
      [3, 'a1+1', 'D2.', 'SECONDARY_AMENDMENT', 's1', 'm3'],
    ]);
    expect(removals(1)).toEqual([]);

    expect(blame(2)).toEqual([
      [1, 'p#3', 'C, redrafted.', 'PROPOSAL', 'proposal:q', 'm4'],
      [2, 'a1+1', 'D2.', 'SECONDARY_AMENDMENT', 's1', 'm3'],
      [3, 'q#4', 'E2.', 'PRIMARY_AMENDMENT', 'a2', 'm2'],
    ]);
    const [rebased] = (
      fixture.db
        .prepare('SELECT shaped_by FROM provenance_rule_clauses WHERE rule_id = ? AND version = 2 AND number = 3')
        .all(RULE) as Array<{ shaped_by: string }>
    ).map((row) => JSON.parse(row.shaped_by));
    expect(rebased).toMatchObject({ movedAt: 't9', subject: 'amendment-revision:a2:2' });
    // Struck by the rebased amendment, not by the redraft that kept it.
    expect(removals(2)).toEqual([['p#2', 'B2.', 'a2', 'amendment-revision:a2:2', 't9']]);

    expect(blame(3)).toEqual([
      [1, 'p#3', 'C, redrafted.', 'PROPOSAL', 'proposal:q', 'm4'],
      [2, 'a1+1', 'G.', 'PROPOSAL', 'proposal:x', 'm5'],
    ]);
    expect(removals(3)).toEqual([['q#4', 'E2.', null, 'proposal:x', 't12']]);
    expect(
      fixture.db.prepare("SELECT count(*) AS n FROM provenance_texts WHERE text_key LIKE 'proposal:z:%'").get(),
    ).toEqual({ n: 0 });
    expect(
      fixture.db.prepare("SELECT event_type FROM provenance_records WHERE subject = 'amendment-revision:a2:2'").get(),
    ).toEqual({ event_type: 'AmendmentRebased' });

    const rebuilt = openReadModelDatabase(join(fixture.dir, 'rebuilt.sqlite'));
    try {
      await new ProjectionRunner(fixture.store, rebuilt, [provenanceProjection], { batchSize: 3 }).catchUp();
      expect(dumpTables(rebuilt, provenanceProjection.tables)).toBe(
        dumpTables(fixture.db, provenanceProjection.tables),
      );
    } finally {
      rebuilt.close();
    }
  });
});

describe('clause blame through a primary and its secondary, for any operations', () => {
  // Few distinct words, so that the same words turn up in several places and blame cannot go by text.
  const text = fc.constantFrom('a.', 'b.', 'c.', 'd.', 'e.', 'f.', 'g.');
  // Each clause number at most once, so most generated sets are valid operations.
  const operationsFor = (length: number) =>
    fc.uniqueArray(
      fc.oneof(
        fc.record({ op: fc.constant('replace' as const), clause: fc.integer({ min: 1, max: length }), text }),
        fc.record({ op: fc.constant('insert-after' as const), clause: fc.integer({ min: 0, max: length }), text }),
        fc.record({ op: fc.constant('strike' as const), clause: fc.integer({ min: 1, max: length }) }),
      ),
      { minLength: 1, maxLength: 5, selector: (operation) => operation.clause },
    );
  const applied = (base: string[], operations: ClauseOperation[]): string[] | null => {
    try {
      return applyClauseOperations(base, operations);
    } catch {
      return null;
    }
  };
  const written = (operations: ClauseOperation[]) =>
    new Set(operations.flatMap((operation) => (operation.op === 'strike' ? [] : [operation.text])));

  it('names the proposal, the primary or the secondary only for words it wrote, and the secondary whenever the primary could not have', () => {
    fc.assert(
      fc.property(
        fc
          .array(text, { minLength: 1, maxLength: 6 })
          .chain((clauses) =>
            operationsFor(clauses.length).chain((primary) =>
              fc.tuple(
                fc.constant(clauses),
                fc.constant(primary),
                operationsFor(applied(clauses, primary)?.length ?? 1),
                fc.boolean(),
              ),
            ),
          ),
        ([submitted, primaryOperations, secondaryOperations, secondaryAdopted]) => {
          const primaryText = applied(submitted, primaryOperations);
          if (primaryText === null) return;
          const secondaryText = applied(primaryText, secondaryOperations);
          if (secondaryText === null) return;
          const adopted = secondaryAdopted ? secondaryText : primaryText;
          const db = new Database(':memory:');
          try {
            db.exec(ruleClauseSchema);
            const apply = bindRuleClauses(db);
            let position = 0n;
            const feed = (type: string, data: object) => {
              position += 1n;
              apply({ type, data, position, metadata: { acceptedAt: `t${position}` } } as unknown as RecordedEvent);
            };
            const proposal = (data: object) => ({ proposalId: 'p', ...data });
            const amendment = (
              amendmentId: string,
              parentAmendmentId: string | null,
              operations: object[],
              proposedClauses: string[],
            ) => ({
              amendmentId,
              proposalId: 'p',
              parentAmendmentId,
              depth: parentAmendmentId === null ? 1 : 2,
              authorId: amendmentId === 'a' ? 'm2' : 'm3',
              baseVersion: 1,
              operations,
              proposedClauses,
              proposedAt: 't',
            });
            feed(
              'ProposalSubmitted',
              proposal({
                motion: { kind: 'adopt-rule', ruleId: RULE },
                clauses: submitted,
                sponsorId: 'm1',
                submittedAt: 't',
              }),
            );
            feed('AmendmentProposed', amendment('a', null, primaryOperations, primaryText));
            feed('AmendmentProposed', amendment('s', 'a', secondaryOperations, secondaryText));
            if (secondaryAdopted) {
              feed('AmendmentRevisedBySecondary', {
                amendmentId: 'a',
                secondaryAmendmentId: 's',
                voteId: 'vs',
                revision: 2,
                proposedClauses: secondaryText,
                revisedAt: 't',
              });
            }
            feed(
              'ProposalAmendedByVote',
              proposal({ amendmentId: 'a', voteId: 'va', version: 2, clauses: adopted, amendedAt: 't' }),
            );
            feed('RuleAdopted', { ruleId: RULE, version: 1, clauses: adopted, origin: origin('p', 2) });

            const rows = db
              .prepare(
                'SELECT identity, text, shaped_by FROM provenance_rule_clauses WHERE rule_id = ? ORDER BY number',
              )
              .all(RULE) as Array<{ identity: string; text: string; shaped_by: string }>;
            expect(rows.map((row) => row.text)).toEqual(adopted);
            expect(new Set(rows.map((row) => row.identity)).size).toBe(rows.length);
            for (const row of rows) {
              const by = (JSON.parse(row.shaped_by) as { amendmentId: string | null }).amendmentId;
              if (by === 's') expect(written(secondaryOperations)).toContain(row.text);
              if (by === 'a') expect(written(primaryOperations)).toContain(row.text);
              if (by === null) expect(submitted).toContain(row.text);
              if (!secondaryAdopted) expect(by).not.toBe('s');
              // Words the primary's text never had can only be the secondary's.
              if (!primaryText.includes(row.text)) expect(by).toBe('s');
            }
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
