import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  ProjectionRunner,
  ReadModelSnapshot,
  ReadModelSnapshots,
  allProjections,
  dumpTables,
  openReadModelDatabase,
} from '../../libs/projections/src';
import { makeTempDir } from '../../libs/testing/src';
import { ReadModelHistory } from '../../apps/api/src/infrastructure/read-model-history';
import { ReadModelSnapshotter } from '../../apps/api/src/infrastructure/read-model-snapshotter';
import { READ_MODEL_SNAPSHOTS } from '../../apps/api/src/infrastructure/tokens';
import { TestApp } from '../support/test-app';

const STRUCTURE = `query ($asOf: String, $wait: String) {
  commitments(asOf: $asOf, waitForPosition: $wait) { version principles }
  committee(asOf: $asOf) { pseudonym }
  chapters(asOf: $asOf, first: 200) { nodes { name status memberCount } }
}`;

/** Every table the projections own, with their checkpoints: what a view must hold exactly. */
const PROJECTION_TABLES = ['projection_checkpoints', ...allProjections.flatMap((projection) => projection.tables)];

describe('asOf views from read-model snapshots plus a short replay (e2e)', () => {
  let app: TestApp;
  let history: ReadModelHistory;
  let snapshots: ReadModelSnapshots;
  const scratch = makeTempDir('plenary-full-replay-');
  /** What the live read models answered right after each receipt position. */
  const liveAt = new Map<string, unknown>();
  let taken: ReadModelSnapshot[];

  beforeAll(async () => {
    app = await TestApp.start(
      { PLENARY_SNAPSHOT_EVERY: '3', PLENARY_SNAPSHOT_KEEP: '1000' },
      { chapterFoundersMinimum: 1 },
    );
    history = app.app.get(ReadModelHistory);
    snapshots = app.app.get<ReadModelSnapshots>(READ_MODEL_SNAPSHOTS);
    const snapshotter = app.app.get(ReadModelSnapshotter);
    const operator = await app.operatorToken();
    const record = async (position: string) => {
      const live = await app.gql(STRUCTURE, { wait: position });
      liveAt.set(position, live.data);
      // One snapshot at a time: waiting lets the next batch start the next one.
      await snapshotter.settled();
    };
    const published = await app.gql(
      `mutation { publishCommitments(input: { principles: ["Solidarity"] }) { receipt { position } } }`,
      {},
      { token: operator },
    );
    await record(published.data!.publishCommitments.receipt.position);
    for (let index = 1; index <= 6; index += 1) {
      const founder = await app.enroll(`Snapshot Founder ${index}`);
      await record(founder.position);
      const { position } = await app.foundChapter(founder.token, `Snapshot Chapter ${index}`, 'Lyon');
      await record(position);
      const joiner = await app.enroll(`Snapshot Joiner ${index}`);
      const joined = await app.gql(
        `mutation ($input: JoinChapterInput!) { joinChapter(input: $input) { receipt { position } } }`,
        {
          input: {
            chapterId: (await app.gql(`{ chapters(first: 200) { nodes { id name } } }`)).data!.chapters.nodes.find(
              (chapter: { name: string }) => chapter.name === `Snapshot Chapter ${index}`,
            ).id,
          },
        },
        { token: joiner.token },
      );
      await record(joined.data!.joinChapter.receipt.position);
    }
    taken = snapshots.list();
  });

  afterAll(async () => {
    await app.stop();
    scratch.remove();
  });

  /** The projections' tables replayed from position 0 into a fresh database: the reference. */
  async function fullReplay(position: bigint): Promise<string> {
    const db = openReadModelDatabase(join(scratch.path, `full-${position}.sqlite`));
    try {
      await new ProjectionRunner(app.store, db, allProjections).catchUp({ until: position });
      return dumpTables(db, PROJECTION_TABLES);
    } finally {
      db.close();
    }
  }

  async function viewAt(position: bigint): Promise<{ dump: string; startedFrom: bigint }> {
    const view = await history.at(position.toString());
    expect(view.position).toBe(position);
    return { dump: dumpTables(view.db, PROJECTION_TABLES), startedFrom: view.startedFrom };
  }

  it('took several snapshots, each named by its exact position', () => {
    expect(taken.length).toBeGreaterThanOrEqual(3);
    for (const snapshot of taken) {
      const db = new Database(snapshot.path, { readonly: true });
      const positions = db.prepare('SELECT DISTINCT position FROM projection_checkpoints').all();
      db.close();
      expect(positions).toEqual([{ position: Number(snapshot.position) }]);
    }
  });

  it('ignores a snapshot whose projection versions are not the current ones', async () => {
    const head = await app.store.headPosition();
    const belowHead = taken.filter((snapshot) => snapshot.position < head);
    const newest = belowHead[belowHead.length - 1];
    const earlier = belowHead[belowHead.length - 2];
    // As if an older version had written it: right name, but other versions inside.
    const genuine = `${newest.path}.genuine`;
    renameSync(newest.path, genuine);
    try {
      copyFileSync(genuine, newest.path);
      const db = new Database(newest.path);
      db.prepare("UPDATE projection_checkpoints SET version = version - 1 WHERE name = 'membership'").run();
      db.close();
      const view = await viewAt(newest.position);
      expect(view.startedFrom).toBe(earlier.position);
      expect(view.dump).toEqual(await fullReplay(newest.position));
    } finally {
      renameSync(genuine, newest.path);
    }
    // A snapshot folder seen by other projection versions holds nothing they may use.
    const bumped = allProjections.map((projection) =>
      projection.name === 'membership' ? { ...projection, version: projection.version + 1 } : projection,
    );
    const other = new ReadModelSnapshots({ directory: snapshots.directory, projections: bumped, keep: 1000 });
    expect(other.fingerprint).not.toBe(snapshots.fingerprint);
    expect(other.list()).toEqual([]);
  });

  it('equals a full replay from position 0: at a snapshot, just after, between, and before the first', async () => {
    const [first, second] = taken;
    const cases: Array<[bigint, bigint]> = [
      [second.position, second.position],
      [second.position + 1n, second.position],
      [second.position + 2n, second.position],
      [first.position - 1n, 0n],
      [first.position + 1n, first.position],
    ];
    for (const [position, startedFrom] of cases) {
      const view = await viewAt(position);
      expect(view.startedFrom).toBe(startedFrom);
      expect(view.dump).toEqual(await fullReplay(position));
    }
  });

  it('answers GraphQL queries as the live read models did at each position', async () => {
    for (const [position, live] of liveAt) {
      const past = await app.gql(STRUCTURE, { asOf: position });
      expect(past.errors).toBeUndefined();
      expect(past.data).toEqual(live);
    }
  });

  it('leaves every snapshot file as it was written, byte for byte', async () => {
    const head = await app.store.headPosition();
    // Read as bytes, not through SQLite, which would share the open views' index of the same file.
    const digests = () =>
      snapshots
        .list()
        .map((snapshot) => [snapshot.path, createHash('sha256').update(readFileSync(snapshot.path)).digest('hex')]);
    const before = digests();
    for (const snapshot of snapshots.list()) {
      if (snapshot.position + 2n <= head) await viewAt(snapshot.position + 2n);
    }
    for (const position of liveAt.keys()) await app.gql(STRUCTURE, { asOf: position });
    expect(digests()).toEqual(before);
  });
});
