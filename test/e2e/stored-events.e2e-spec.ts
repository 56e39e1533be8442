import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditLedger } from '../../libs/ledger-verifier/src';
import { makeTempDir } from '../../libs/testing/src';
import { TestApp } from '../support/test-app';

/**
 * A store written before event versions existed (test/fixtures/founding-store-v1, made by
 * write-founding-store.ts from the code of that time): today's code opens it, rebuilds every
 * read model from position 0 through the upcasters, and the ledger over its stored bytes still
 * verifies. Nothing in the fixture is ever rewritten.
 */
describe('a store written by earlier code (e2e)', () => {
  const fixture = join(__dirname, '..', 'fixtures', 'founding-store-v1');
  let dataDir: { path: string; remove(): void };
  let app: TestApp;
  let url: string;
  let head: string;
  const stored = (sql: string) => {
    const db = new Database(join(dataDir.path, 'events.sqlite'), { readonly: true });
    try {
      return db.prepare(sql).all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    dataDir = makeTempDir('plenary-old-store-');
    for (const file of ['events.sqlite', 'keys.sqlite']) copyFileSync(join(fixture, file), join(dataDir.path, file));
    app = await TestApp.start({ PLENARY_DATA_DIR: dataDir.path });
    await app.app.listen(0, '127.0.0.1');
    url = `${await app.app.getUrl()}/graphql`;
    head = (await app.store.headPosition()).toString();
  });

  afterAll(async () => {
    await app.stop();
    dataDir.remove();
  });

  it('is the old shape: one SeatsApportioned with the whole table, no versions, no pages', () => {
    expect(head).toBe('241');
    const [apportioned] = stored(`SELECT data, metadata FROM events WHERE type = 'SeatsApportioned'`);
    expect(JSON.parse(apportioned.data as string)).toHaveProperty('chapters');
    expect(JSON.parse(apportioned.metadata as string)).not.toHaveProperty('eventVersion');
    expect(stored(`SELECT 1 FROM events WHERE type = 'SeatsApportionmentPage'`)).toHaveLength(0);
  });

  it('rebuilds the membership and organization read models: chapters, members, committee, branches', async () => {
    const result = await app.gql(
      `query ($wait: String) {
        chapters(waitForPosition: $wait) { nodes { name kind status memberCount } }
        committee { pseudonym }
        branches { countryCode }
        commitments { version principles }
      }`,
      { wait: head },
    );
    expect(result.errors).toBeUndefined();
    const chapters = result.data!.chapters.nodes as Array<{ name: string; memberCount: number; status: string }>;
    expect(Object.fromEntries(chapters.map((chapter) => [chapter.name, chapter.memberCount]))).toEqual({
      'Paris Nord': 9,
      'Berlin Mitte': 7,
      'Online International': 6,
    });
    expect(chapters.every((chapter) => chapter.status === 'ACTIVE')).toBe(true);
    expect(result.data!.committee.map((member: { pseudonym: string }) => member.pseudonym).sort()).toEqual([
      'Chair Ada',
      'Second Bea',
      'Third Cyd',
    ]);
    expect(result.data!.branches.map((branch: { countryCode: string }) => branch.countryCode).sort()).toEqual([
      'DE',
      'FR',
    ]);
    expect(result.data!.commitments).toMatchObject({ version: 1 });
  });

  it('reads the old single-event apportionment through its upcaster: the seats and the working', async () => {
    const result = await app.gql(
      `query ($wait: String) {
        convention(waitForPosition: $wait) {
          phase
          apportionment { method totalSeats working { method seats minimumPerUnit totalPopulation allocations { id population seats } awards { seat unit divisor quotient { exact decimal } byLot } nextQuotients { unit divisor quotient { exact decimal } } hamiltonRounds { seats population lines { unit quota { exact decimal } floor remainder { exact decimal } extraSeat byLot } raisedToMinimum } lots { context seed order keys } } chapters { chapterId members seats } }
        }
      }`,
      { wait: head },
    );
    expect(result.errors).toBeUndefined();
    const { apportionment, phase } = result.data!.convention;
    expect(phase).toBe('RATIFICATION');
    expect(apportionment.method).toBe('SAINTE_LAGUE');
    expect(apportionment.totalSeats).toBe(6);
    const [original] = stored(`SELECT data FROM events WHERE type = 'SeatsApportioned'`).map(
      (row) => JSON.parse(row.data as string) as { chapters: unknown[]; working: unknown },
    );
    expect(apportionment.chapters).toEqual(expect.arrayContaining(original.chapters as object[]));
    expect(apportionment.chapters).toHaveLength(3);
    expect(apportionment.chapters.reduce((sum: number, chapter: { seats: number }) => sum + chapter.seats, 0)).toBe(6);
    // The working as version 1 recorded it, rebuilt from the pages the upcaster made of it.
    expect(apportionment.working).toEqual(original.working);
  });

  it('rebuilds the delegate roster, the floor, the charter and the ratified final structure', async () => {
    const result = await app.gql(
      `query ($wait: String, $id: ID!) {
        delegateRoster(conventionId: $id, waitForPosition: $wait, first: 200) { nodes { role seated credentialed } }
        charter { rules { nodes { title versions { clauses } } } bodies { nodes { title composition { role seats } } } }
        organizationStructure { phase final { bodies { nodes { name } } rules { nodes { title } } } }
      }`,
      {
        wait: head,
        id: JSON.parse(stored(`SELECT data FROM events WHERE type = 'ConventionCalled'`)[0].data as string)
          .conventionId,
      },
    );
    expect(result.errors).toBeUndefined();
    const roster = result.data!.delegateRoster.nodes as Array<{ role: string; credentialed: boolean }>;
    expect(roster.filter((seat) => seat.role === 'DELEGATE')).toHaveLength(6);
    expect(roster.filter((seat) => seat.role === 'DELEGATE').every((seat) => seat.credentialed)).toBe(true);
    const { charter, organizationStructure } = result.data!;
    expect(charter.rules.nodes).toEqual([
      {
        title: 'Membership',
        versions: [{ clauses: ['Anyone who accepts the commitments may join.', 'Members pay what they can afford.'] }],
      },
    ]);
    expect(charter.bodies.nodes).toEqual([
      { title: 'National Council', composition: [{ role: 'Chapter delegate', seats: 2 }] },
    ]);
    expect(organizationStructure.phase).toBe('FINAL');
    expect(organizationStructure.final.rules.nodes).toEqual([{ title: 'Membership' }]);
  });

  it('opens sealed contact details with the key vault written alongside', async () => {
    const [chair] = stored(`SELECT data FROM events WHERE type = 'MemberContactDetailsChanged'`).map(
      (row) => JSON.parse(row.data as string) as { memberId: string },
    );
    const token = (
      await app.gql(`mutation { issueDevToken(input: { kind: MEMBER, subject: "${chair.memberId}" }) { token } }`)
    ).data!.issueDevToken.token as string;
    const me = await app.gql(
      `query ($wait: String) { me(waitForPosition: $wait) { pseudonym contact } }`,
      { wait: head },
      { token },
    );
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toEqual({ pseudonym: 'Chair Ada', contact: 'ada@example.org' });
  });

  it('proves the stored bytes in the ledger: the old apportionment event, the first and the last entry', async () => {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const checkpoint = await app.gql('{ ledgerCheckpoint { treeSize } }');
      if (String(checkpoint.data!.ledgerCheckpoint.treeSize) === head) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const [apportioned] = stored(`SELECT position FROM events WHERE type = 'SeatsApportioned'`);
    for (const position of ['1', String(apportioned.position), head]) {
      const audit = await auditLedger({ url, position });
      expect(audit.checkpoint.treeSize).toBe(241);
      expect(audit.checks.map((check) => [check.name, check.ok])).toEqual([
        ['signature', true],
        ['inclusion', true],
      ]);
    }
  });
});
