import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../testing/src';
import type { Projection } from './projection';
import { openReadModelDatabase } from './read-model-database';
import { ReadModelSnapshots, fingerprintOf } from './read-model-snapshots';

const projections: Projection[] = [
  {
    name: 'alpha',
    version: 2,
    tables: ['alpha_rows'],
    schema: 'CREATE TABLE IF NOT EXISTS alpha_rows (id INTEGER PRIMARY KEY)',
    bind: () => () => undefined,
  },
  {
    name: 'beta',
    version: 1,
    tables: ['beta_rows'],
    schema: 'CREATE TABLE IF NOT EXISTS beta_rows (id INTEGER PRIMARY KEY)',
    bind: () => () => undefined,
  },
];

const nameOf = (position: number, fingerprint = fingerprintOf(projections)) =>
  `read-models-${String(position).padStart(20, '0')}-${fingerprint}.sqlite`;

describe('read-model snapshots', () => {
  let dir: { path: string; remove(): void };
  beforeEach(() => {
    dir = makeTempDir('plenary-snapshots-');
  });
  afterEach(() => dir.remove());

  /** A read-model database whose checkpoints stand at the given positions. */
  function readModels(positions: { alpha: number; beta: number }, versions = { alpha: 2, beta: 1 }): string {
    const path = join(dir.path, 'read-models.sqlite');
    const db = openReadModelDatabase(path);
    db.exec(
      'CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)',
    );
    db.exec(projections.map((projection) => projection.schema).join(';'));
    db.prepare('INSERT INTO projection_checkpoints VALUES (?, ?, ?), (?, ?, ?)').run(
      'alpha',
      versions.alpha,
      positions.alpha,
      'beta',
      versions.beta,
      positions.beta,
    );
    db.prepare('INSERT INTO alpha_rows (id) VALUES (?)').run(positions.alpha);
    db.close();
    return path;
  }

  it('publishes a copy under the position its checkpoints hold, in WAL mode, leaving no temporary file', async () => {
    const snapshots = new ReadModelSnapshots({ directory: join(dir.path, 'snapshots'), projections, keep: 10 });
    const snapshot = await snapshots.take(readModels({ alpha: 1234, beta: 1234 }));
    expect(snapshot?.position).toBe(1234n);
    expect(readdirSync(snapshots.directory)).toEqual([nameOf(1234)]);
    const header = readFileSync(snapshot!.path).subarray(18, 20);
    expect([...header]).toEqual([2, 2]);
    expect(snapshots.storage()).toEqual({ count: 1, bytes: snapshot!.bytes, oldest: 1234n, newest: 1234n });
  });

  it('publishes nothing while the projections stand at different positions or other versions', async () => {
    const snapshots = new ReadModelSnapshots({ directory: join(dir.path, 'snapshots'), projections, keep: 10 });
    expect(await snapshots.take(readModels({ alpha: 10, beta: 7 }))).toBeUndefined();
    expect(readdirSync(snapshots.directory)).toEqual([]);
  });

  it('refuses to open a view of a file whose checkpoints are not its name’s', async () => {
    const snapshots = new ReadModelSnapshots({ directory: join(dir.path, 'snapshots'), projections, keep: 10 });
    const genuine = await snapshots.take(readModels({ alpha: 50, beta: 50 }));
    const older = new ReadModelSnapshots({
      directory: snapshots.directory,
      projections: [{ ...projections[0], version: 1 }, projections[1]],
      keep: 10,
    });
    expect(older.list()).toEqual([]);
    // Mislabelled: the name says the current versions, the contents say another.
    const mislabelled = { ...genuine!, position: 49n };
    expect(snapshots.openView(mislabelled, join(dir.path, 'view.sqlite'))).toBeUndefined();
    expect(existsSync(join(dir.path, 'view.sqlite'))).toBe(false);
    const view = snapshots.openView(genuine!, join(dir.path, 'view-2.sqlite'));
    expect(view?.inTransaction).toBe(true);
    view!.close();
  });

  it('never opens a half-written file, even under a snapshot name', async () => {
    const snapshots = new ReadModelSnapshots({ directory: join(dir.path, 'snapshots'), projections, keep: 10 });
    const genuine = await snapshots.take(readModels({ alpha: 70, beta: 70 }));
    const bytes = readFileSync(genuine!.path);
    // Under its own name, cut short by one page: as if the rename had come before the data.
    writeFileSync(genuine!.path, bytes.subarray(0, bytes.length - 4096));
    writeFileSync(join(snapshots.directory, '.tmp-1-abcdef.sqlite'), bytes);
    expect(snapshots.atOrBelow(100n).map((snapshot) => snapshot.position)).toEqual([70n]);
    const [torn] = snapshots.atOrBelow(100n);
    expect(snapshots.openView(torn, join(dir.path, 'torn-view.sqlite'))).toBeUndefined();
    expect(existsSync(join(dir.path, 'torn-view.sqlite'))).toBe(false);
    writeFileSync(genuine!.path, bytes);
    const whole = snapshots.openView(torn, join(dir.path, 'whole-view.sqlite'));
    expect(whole?.inTransaction).toBe(true);
    whole!.close();
  });

  it('keeps at most `keep`, evenly spread, always the newest; drops other versions and dead temporaries', () => {
    const directory = join(dir.path, 'snapshots');
    const snapshots = new ReadModelSnapshots({ directory, projections, keep: 5 });
    mkdirSync(directory);
    for (let position = 1000; position <= 20_000; position += 1000)
      writeFileSync(join(directory, nameOf(position)), '');
    writeFileSync(join(directory, nameOf(3000, '0123456789abcdef')), '');
    writeFileSync(join(directory, '.tmp-4194305-abcdef.sqlite'), '');
    writeFileSync(join(directory, `.tmp-${process.pid}-abcdef.sqlite`), '');
    snapshots.prune();
    const kept = snapshots.list().map((snapshot) => Number(snapshot.position));
    expect(kept).toHaveLength(5);
    expect(kept[kept.length - 1]).toBe(20_000);
    const gaps = kept.map((position, index) => position - (index === 0 ? 0 : kept[index - 1]));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(8000);
    expect(readdirSync(directory).filter((name) => !name.startsWith('read-models-'))).toEqual([
      `.tmp-${process.pid}-abcdef.sqlite`,
    ]);
    expect(readdirSync(directory)).not.toContain(nameOf(3000, '0123456789abcdef'));
  });
});
