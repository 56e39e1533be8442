import Database from 'better-sqlite3';
import { auditLedger } from '../../libs/ledger-verifier/src';
import { TestApp } from '../support/test-app';

const CHECKPOINT = '{ ledgerCheckpoint { treeSize rootHash signature publicKey } }';
const ENTRY = `query ($position: String!, $treeSize: Int) {
  ledgerEntry(position: $position, treeSize: $treeSize) { position leafIndex leaf treeSize auditPath }
}`;

describe('the ledger over GraphQL, audited by the independent verifier (e2e)', () => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    app = await TestApp.start();
    await app.app.listen(0, '127.0.0.1');
    url = `${await app.app.getUrl()}/graphql`;
  });

  afterAll(async () => {
    await app.stop();
  });

  /** Enrols members and waits until the ledger covers the whole log. */
  async function grow(count: number): Promise<string[]> {
    const positions: string[] = [];
    for (let index = 0; index < count; index += 1)
      positions.push((await app.enroll(`Ledger ${Math.random()}`)).position);
    const head = Number(await app.store.headPosition());
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const result = await app.gql(CHECKPOINT);
      if (result.data!.ledgerCheckpoint.treeSize === head) return positions;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the ledger did not catch up');
  }

  it('signs a checkpoint, proves an entry and proves the log only grew', async () => {
    const [first] = await grow(3);
    const audit = await auditLedger({ url, position: first });
    expect(audit.checks.map((check) => [check.name, check.ok])).toEqual([
      ['signature', true],
      ['inclusion', true],
    ]);
    const kept = { treeSize: audit.checkpoint.treeSize, rootHash: audit.checkpoint.rootHash };

    const [later] = await grow(5);
    const next = await auditLedger({ url, position: later, previous: kept, publicKeyPem: audit.checkpoint.publicKey });
    expect(next.ok).toBe(true);
    expect(next.checkpoint.treeSize).toBeGreaterThan(kept.treeSize);
    expect(next.checks.map((check) => check.name)).toEqual(['signature', 'inclusion', 'consistency']);
    expect(next.checks.find((check) => check.name === 'consistency')!.detail).toMatch(
      new RegExp(`^the first ${kept.treeSize} entries are unchanged`),
    );

    // The same kept checkpoint with a different root is a rewritten history.
    const forged = { ...kept, rootHash: Buffer.alloc(32, 7).toString('base64') };
    const caught = await auditLedger({ url, previous: forged });
    expect(caught.ok).toBe(false);
    const consistency = caught.checks.find((check) => check.name === 'consistency')!;
    expect(consistency.ok).toBe(false);
    // The wording follows the verdict: a failed check never reads as a pass.
    expect(consistency.detail).not.toMatch(/are unchanged/);
    expect(consistency.detail).toMatch(/does not extend the kept checkpoint .* may have been rewritten/);
  });

  it('fails an audit against a key other than the pinned one', async () => {
    await grow(1);
    const { generateKeyPairSync } = await import('node:crypto');
    const otherKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const audit = await auditLedger({ url, publicKeyPem: otherKey });
    expect(audit.ok).toBe(false);
    expect(audit.checks.filter((check) => !check.ok).map((check) => check.name)).toEqual(['signature', 'key']);
    expect(audit.checks[0].detail).toMatch(/does not verify/);
    expect(audit.checks[0].detail).not.toMatch(/signed by the pinned key$/);
  });

  it('refuses bad arguments with the field at fault', async () => {
    for (const [variables, field] of [
      [{ position: 'first' }, 'position'],
      [{ position: '1', treeSize: 0 }, 'treeSize'],
      [{ position: '1', treeSize: 10_000_000 }, 'treeSize'],
    ] as const) {
      const result = await app.gql(ENTRY, variables);
      expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field }] });
    }
    const missing = await app.gql(ENTRY, { position: '999999' });
    expect(missing.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'LEDGER_ENTRY_NOT_FOUND' });
  });

  it('catches an event altered in the store behind the application’s back', async () => {
    const [position] = await grow(1);
    if (app.config.store.kind !== 'sqlite') throw new Error('this test needs the embedded store');
    const raw = new Database(app.config.store.path);
    try {
      raw
        .prepare(`UPDATE events SET data = json_set(data, '$.pseudonym', 'Someone Else') WHERE position = ?`)
        .run(Number(position));
    } finally {
      raw.close();
    }
    const result = await app.gql(ENTRY, { position });
    expect(result.errors![0].extensions).toMatchObject({ code: 'UNAVAILABLE', reason: 'LEDGER_MISMATCH' });
  });
});
