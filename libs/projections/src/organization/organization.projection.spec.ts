import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { entityIdFor } from '../../../core/src';
import { CommandRunner, SqliteEventStore } from '../../../event-store/src';
import {
  CommitteeActor,
  DEFAULT_INTERIM_DECISION_RULES,
  InterimDecisionCommand,
  branchDecider,
  branchStream,
  commitmentsDecider,
  commitmentsStream,
  committeeDecider,
  committeeStream,
  interimDecisionDecider,
  interimDecisionStream,
  interimRulesDecider,
  interimRulesStream,
} from '../../../organization/src';
import { StoreFixture, openStoreFixture, testMetadata } from '../../../testing/src';
import { ProjectionRunner } from '../projection-runner';
import { dumpTables, openReadModelDatabase } from '../read-model-database';
import { organizationProjection } from './organization.projection';

const at = '2026-03-01T10:00:00.000Z';
const metadata = () => testMetadata({ acceptedAt: at });

const memberIds = [0, 1, 2, 3].map((index) => entityIdFor('member', `m${index}`));
const by = (memberId: string): CommitteeActor => ({ kind: 'member', memberId });
const decisionIds = ['adopted', 'open', 'lapsed'].map((name) => entityIdFor('interim-decision', name));
const deadline = '2026-03-15T10:00:00.000Z';
const afterDeadline = '2026-03-16T10:00:00.000Z';

/** Three decisions of the committee [ada, bea, dan]: one adopted, one still open, one lapsed. */
async function writeInterimDecisions(runner: CommandRunner): Promise<void> {
  const [ada, bea, , dan] = memberIds;
  const decide = (decisionId: string, command: InterimDecisionCommand) =>
    runner.run(interimDecisionDecider, interimDecisionStream(decisionId), { command, metadata: metadata() });
  for (const [index, decisionId] of decisionIds.entries()) {
    await decide(decisionId, {
      type: 'ProposeInterimDecision',
      data: {
        decisionId,
        kind: 'CALL_CONVENTION',
        title: `Decision ${index + 1}`,
        text: 'Text',
        proposedBy: ada,
        committee: [ada, bea, dan],
        rules: DEFAULT_INTERIM_DECISION_RULES,
        deadline,
        proposedAt: at,
      },
    });
  }
  const vote = (decisionId: string, memberId: string, choice: 'support' | 'object' | 'abstain') =>
    decide(decisionId, {
      type: 'VoteOnInterimDecision',
      data: { decisionId, memberId, vote: choice, votedAt: at },
    });
  for (const memberId of [ada, bea, dan]) await vote(decisionIds[0], memberId, 'support');
  await decide(decisionIds[0], { type: 'CloseInterimDecision', data: { decisionId: decisionIds[0], closedAt: at } });
  await vote(decisionIds[1], bea, 'support');
  await vote(decisionIds[1], bea, 'object');
  await vote(decisionIds[1], ada, 'abstain');
  await vote(decisionIds[2], dan, 'support');
  await decide(decisionIds[2], {
    type: 'CloseInterimDecision',
    data: { decisionId: decisionIds[2], closedAt: afterDeadline },
  });
}

/**
 * Appoints four members and retires one, publishes two versions, founds three branches and
 * takes three interim decisions, then sets the interim rules once by the adopted one.
 */
async function writeHistory(runner: CommandRunner): Promise<string[]> {
  const [ada, bea, cy, dan] = memberIds;
  const committee = (command: Parameters<typeof committeeDecider.decide>[0]) =>
    runner.run(committeeDecider, committeeStream(), { command, metadata: metadata() });
  await committee({
    type: 'AppointCommitteeMember',
    data: { memberId: ada, appointedBy: { kind: 'operator' }, appointedAt: at },
  });
  for (const memberId of [bea, cy, dan]) {
    await committee({ type: 'AppointCommitteeMember', data: { memberId, appointedBy: by(ada), appointedAt: at } });
  }
  await committee({ type: 'RetireCommitteeMember', data: { memberId: cy, retiredBy: by(cy), retiredAt: at } });
  for (const principles of [
    ['Solidarity', 'Democracy'],
    ['Solidarity', 'Democracy', 'Line one\nline two'],
  ]) {
    await runner.run(commitmentsDecider, commitmentsStream(), {
      command: { type: 'PublishCommitments', data: { principles, publishedAt: at } },
      metadata: metadata(),
    });
  }
  const branchIds: string[] = [];
  for (const [name, countryCode] of [
    ['Section France', 'FR'],
    ['Sektion Deutschland', 'DE'],
    ['Sezione Italia', 'IT'],
  ]) {
    const branchId = entityIdFor('branch', countryCode);
    branchIds.push(branchId);
    await runner.run(branchDecider, branchStream(branchId), {
      command: { type: 'FoundBranch', data: { branchId, name, countryCode, foundedAt: at } },
      metadata: metadata(),
    });
  }
  await writeInterimDecisions(runner);
  await runner.run(interimRulesDecider, interimRulesStream(), {
    command: {
      type: 'SetInterimRules',
      data: {
        rules: {
          decisions: { ...DEFAULT_INTERIM_DECISION_RULES, allowedKinds: ['CALL_CONVENTION'] },
          minimumChapterFounders: 5,
        },
        authority: {
          kind: 'interim-decision',
          decisionId: decisionIds[0],
          decisionKind: 'interim-rules',
          adopted: true,
          decisionRules: {
            decisions: { ...DEFAULT_INTERIM_DECISION_RULES, allowedKinds: ['CALL_CONVENTION'] },
            minimumChapterFounders: 5,
          },
        },
        setAt: at,
      },
    },
    metadata: metadata(),
  });
  return branchIds;
}

describe('organization projection', () => {
  let fixture: StoreFixture;
  let store: SqliteEventStore;
  let db: Database.Database;

  beforeEach(() => {
    fixture = openStoreFixture();
    ({ store, db } = fixture);
  });

  afterEach(() => fixture.close());

  it('keeps the sitting members, every version of the commitments and the branches', async () => {
    const branchIds = await writeHistory(new CommandRunner(store));
    await new ProjectionRunner(store, db, [organizationProjection]).catchUp();

    const [ada, bea, , dan] = memberIds;
    expect(db.prepare('SELECT member_id, appointed_at FROM committee_members ORDER BY position').all()).toEqual(
      [ada, bea, dan].map((memberId) => ({ member_id: memberId, appointed_at: at })),
    );
    const versions = db.prepare('SELECT version, principles FROM commitments ORDER BY version').all() as Array<{
      version: number;
      principles: string;
    }>;
    expect(versions.map((row) => [row.version, JSON.parse(row.principles)])).toEqual([
      [1, ['Solidarity', 'Democracy']],
      [2, ['Solidarity', 'Democracy', 'Line one\nline two']],
    ]);
    expect(db.prepare('SELECT branch_id, name, country_code FROM branches ORDER BY position').all()).toEqual([
      { branch_id: branchIds[0], name: 'Section France', country_code: 'FR' },
      { branch_id: branchIds[1], name: 'Sektion Deutschland', country_code: 'DE' },
      { branch_id: branchIds[2], name: 'Sezione Italia', country_code: 'IT' },
    ]);
  });

  it('keeps every version of the interim rules with the decision that made it', async () => {
    await writeHistory(new CommandRunner(store));
    await new ProjectionRunner(store, db, [organizationProjection]).catchUp();
    const rows = db.prepare('SELECT version, rules, authorized_by_decision_id FROM interim_rules').all() as Array<{
      version: number;
      rules: string;
      authorized_by_decision_id: string | null;
    }>;
    expect(rows.map((row) => ({ ...row, rules: JSON.parse(row.rules) }))).toEqual([
      {
        version: 1,
        rules: {
          decisions: { ...DEFAULT_INTERIM_DECISION_RULES, allowedKinds: ['CALL_CONVENTION'] },
          minimumChapterFounders: 5,
        },
        authorized_by_decision_id: decisionIds[0],
      },
    ]);
  });

  it('keeps each interim decision with its live tally while open and its final tally once closed', async () => {
    await writeHistory(new CommandRunner(store));
    await new ProjectionRunner(store, db, [organizationProjection]).catchUp();

    expect(
      db
        .prepare(
          `SELECT decision_id, title, status, deadline, committee_size, supports, objections, abstentions
             FROM interim_decisions ORDER BY position`,
        )
        .all(),
    ).toEqual(
      [
        [decisionIds[0], 'Decision 1', 'adopted', 3, 0, 0],
        [decisionIds[1], 'Decision 2', 'open', 0, 1, 1],
        [decisionIds[2], 'Decision 3', 'lapsed', 1, 0, 0],
      ].map(([decision_id, title, status, supports, objections, abstentions]) => ({
        decision_id,
        title,
        status,
        deadline,
        committee_size: 3,
        supports,
        objections,
        abstentions,
      })),
    );
  });

  it('rebuilds byte-identical tables from position 0, whatever the batch size', async () => {
    await writeHistory(new CommandRunner(store));
    const runner = new ProjectionRunner(store, db, [organizationProjection], { batchSize: 3 });
    await runner.catchUp();
    const original = dumpTables(db);
    expect(original).toContain('"Sezione Italia"');

    const fresh = openReadModelDatabase(join(fixture.dir, 'fresh.sqlite'));
    try {
      await new ProjectionRunner(store, fresh, [organizationProjection], { batchSize: 1 }).catchUp();
      expect(dumpTables(fresh)).toBe(original);
    } finally {
      fresh.close();
    }
  });
});
