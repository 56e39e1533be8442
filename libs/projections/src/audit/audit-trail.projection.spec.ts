import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DomainEvent, eventIdFor } from '../../../core/src';
import type { Actor } from '../../../core/src';
import { StoreFixture, openStoreFixture, testMetadata } from '../../../testing/src';
import { ProjectionRunner } from '../projection-runner';
import { dumpTables, openReadModelDatabase } from '../read-model-database';
import { ENTITY_STREAMS, PRIVATE_STREAMS, SHARED_STREAMS, auditTrailProjection } from './audit-trail.projection';

const member = (memberId: string): Actor => ({ kind: 'member', memberId });

async function append(
  fixture: StoreFixture,
  stream: string,
  events: DomainEvent[],
  actor: Actor | null,
  acceptedAt: string,
): Promise<void> {
  const metadata = testMetadata({ acceptedAt, actor });
  const existing = await fixture.store.readStream(stream);
  await fixture.store.appendToStream(
    stream,
    events.map((event, index) => ({ id: eventIdFor(metadata.commandId, stream, index), ...event, metadata })),
    { expectedRevision: existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1) },
  );
}

/** Every stream-name prefix the code defines, from the literals that build stream names. */
function definedStreamPrefixes(): Set<string> {
  const root = join(__dirname, '..', '..', '..', '..');
  const prefixes = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const match of text.matchAll(/[`']([A-Z][A-Za-z]+)-(?:\$\{|organization')/g)) prefixes.add(match[1]);
        for (const match of text.matchAll(/streamCategory: '([A-Z][A-Za-z]+)'/g)) prefixes.add(match[1]);
      }
    }
  };
  walk(join(root, 'libs'));
  walk(join(root, 'apps', 'api', 'src'));
  return prefixes;
}

describe('audit trail projection', () => {
  let fixture: StoreFixture;

  beforeEach(() => {
    fixture = openStoreFixture();
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('decides for every stream prefix the code defines whether it is indexed, shared or private', () => {
    const decided = new Set([...Object.keys(ENTITY_STREAMS), ...SHARED_STREAMS, ...PRIVATE_STREAMS]);
    const defined = definedStreamPrefixes();
    expect(defined.size).toBeGreaterThan(15);
    expect([...defined].filter((prefix) => !decided.has(prefix))).toEqual([]);
  });

  it('indexes each event under its stream and the ids it names; secret ballots only under their vote, without actor; sessions nowhere; rebuilds byte for byte', async () => {
    await append(
      fixture,
      'Member-m1',
      [{ type: 'MemberEnrolled', data: { memberId: 'm1', chapterId: 'c1' } }],
      member('clerk'),
      't1',
    );
    await append(
      fixture,
      'Proposal-p1',
      [{ type: 'ProposalSubmitted', data: { proposalId: 'p1' } }],
      member('m1'),
      't2',
    );
    await append(fixture, 'Session-s1', [{ type: 'SessionStarted', data: { memberId: 'm1' } }], member('m1'), 't3');
    await append(
      fixture,
      'ReferendumBallot-r1-key',
      [{ type: 'ReferendumBallotCast', data: { referendumId: 'r1', voterKey: 'key', tracker: 'tr', choice: 'YES' } }],
      member('m1'),
      't4',
    );
    await append(
      fixture,
      'Charter-organization',
      [{ type: 'RuleAdopted', data: { ruleId: 'r-rule', proposalId: 'p1' } }],
      { kind: 'operator', name: 'ops' },
      't5',
    );
    const runner = new ProjectionRunner(fixture.store, fixture.db, [auditTrailProjection]);
    await runner.catchUp();

    const trail = (kind: string, id: string) =>
      fixture.db
        .prepare('SELECT * FROM trail_entries WHERE entity_kind = ? AND entity_id = ? ORDER BY position')
        .all(kind, id);
    expect(trail('member', 'm1')).toEqual([
      {
        entity_kind: 'member',
        entity_id: 'm1',
        position: 1,
        stream: 'Member-m1',
        event_type: 'MemberEnrolled',
        at: 't1',
        actor_member_id: 'clerk',
        actor_operator: null,
        ballot_key: null,
        tracker: null,
      },
    ]);
    expect(trail('chapter', 'c1')).toMatchObject([{ position: 1, event_type: 'MemberEnrolled' }]);
    expect(trail('proposal', 'p1')).toMatchObject([
      { position: 2, event_type: 'ProposalSubmitted', actor_member_id: 'm1' },
      { position: 5, event_type: 'RuleAdopted', actor_member_id: null, actor_operator: 'ops' },
    ]);
    expect(trail('rule', 'r-rule')).toMatchObject([{ position: 5, stream: 'Charter-organization' }]);
    expect(trail('referendum', 'r1')).toEqual([
      {
        entity_kind: 'referendum',
        entity_id: 'r1',
        position: 4,
        stream: 'ReferendumBallot',
        event_type: 'ReferendumBallotCast',
        at: 't4',
        actor_member_id: null,
        actor_operator: null,
        ballot_key: 'key',
        tracker: 'tr',
      },
    ]);
    expect(
      fixture.db.prepare("SELECT COUNT(*) AS n FROM trail_entries WHERE event_type = 'SessionStarted'").get(),
    ).toEqual({ n: 0 });

    const rebuilt = openReadModelDatabase(join(fixture.dir, 'rebuilt.sqlite'));
    try {
      await new ProjectionRunner(fixture.store, rebuilt, [auditTrailProjection]).catchUp();
      expect(dumpTables(rebuilt, auditTrailProjection.tables)).toBe(
        dumpTables(fixture.db, auditTrailProjection.tables),
      );
    } finally {
      rebuilt.close();
    }
  });
});
