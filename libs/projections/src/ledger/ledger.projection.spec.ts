import { CommandRunner, RecordedEvent } from '../../../event-store/src';
import { EMPTY_ROOT, inclusionProof, ledgerLeafText, leafHash, nodeHash, rootHash } from '../../../ledger/src';
import { memberDecider, memberStream } from '../../../membership/src';
import { entityIdFor } from '../../../core/src';
import { StoreFixture, openStoreFixture, testMetadata } from '../../../testing/src';
import { verifyInclusion } from '../../../ledger-verifier/src';
import { ProjectionRunner } from '../projection-runner';
import { dumpTables, openReadModelDatabase } from '../read-model-database';
import { join } from 'node:path';
import { ledgerProjection, ledgerSubtrees } from './ledger.projection';

function referenceRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leafHash(leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

async function enrol(runner: CommandRunner, count: number, from = 0): Promise<void> {
  for (let index = from; index < from + count; index += 1) {
    const memberId = entityIdFor('member', `ledger-${index}`);
    await runner.run(memberDecider, memberStream(memberId), {
      command: {
        type: 'EnrollMember',
        data: {
          memberId,
          pseudonym: `Ledger ${index}`,
          region: index % 2 ? 'Lyon' : null,
          acceptedCommitmentsVersion: null,
          currentCommitmentsVersion: null,
          enrolledAt: '2026-01-01T00:00:00.000Z',
        },
      },
      metadata: testMetadata(),
    });
  }
}

describe('ledger projection', () => {
  let fixture: StoreFixture;

  beforeEach(() => {
    fixture = openStoreFixture();
  });

  afterEach(() => fixture.close());

  it('keeps a Merkle tree whose root is the RFC 6962 root of every log entry, at every size', async () => {
    const commands = new CommandRunner(fixture.store);
    const runner = new ProjectionRunner(fixture.store, fixture.db, [ledgerProjection], { batchSize: 7 });
    const leaves: Buffer[] = [];
    for (const count of [1, 2, 5, 16, 9]) {
      await enrol(commands, count, leaves.length);
      await runner.catchUp();
      const events: RecordedEvent[] = await fixture.store.readAll({ after: 0n, maxCount: 10_000 });
      leaves.splice(0, leaves.length, ...events.map((event) => Buffer.from(ledgerLeafText(event), 'utf8')));
      expect(rootHash(ledgerSubtrees(fixture.db), leaves.length)).toEqual(referenceRoot(leaves));
    }
    const hashes = ledgerSubtrees(fixture.db);
    const root = rootHash(hashes, leaves.length);
    for (let index = 0; index < leaves.length; index += 1) {
      expect(
        verifyInclusion(
          leafHash(leaves[index]),
          index,
          leaves.length,
          inclusionProof(hashes, index, leaves.length),
          root,
        ),
      ).toBe(true);
    }
  });

  it('rebuilds byte-identical, whatever the batch size', async () => {
    await enrol(new CommandRunner(fixture.store), 40);
    await new ProjectionRunner(fixture.store, fixture.db, [ledgerProjection], { batchSize: 1000 }).catchUp();
    const fresh = openReadModelDatabase(join(fixture.dir, 'ledger-fresh.sqlite'));
    try {
      await new ProjectionRunner(fixture.store, fresh, [ledgerProjection], { batchSize: 3 }).catchUp();
      expect(dumpTables(fresh)).toBe(dumpTables(fixture.db));
    } finally {
      fresh.close();
    }
  });

  it('puts the event, its place in the log and its metadata in the leaf, with sorted keys', async () => {
    await enrol(new CommandRunner(fixture.store), 1);
    const [event] = await fixture.store.readAll({ after: 0n, maxCount: 1 });
    const leaf = JSON.parse(ledgerLeafText(event)) as unknown[];
    expect(leaf.slice(0, 6)).toEqual(['plenary-event-v1', '1', event.id, event.streamName, '0', 'MemberEnrolled']);
    expect(Object.keys(leaf[6] as object)).toEqual([...Object.keys(leaf[6] as object)].sort());
    expect(leaf[7]).toMatchObject({ commandId: event.metadata.commandId });
  });
});
