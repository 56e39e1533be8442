import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  fstatSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Projection } from './projection';
import { openReadModelDatabase } from './read-model-database';

/** One snapshot file of the read models, complete and named by the log position it holds. */
export interface ReadModelSnapshot {
  readonly path: string;
  readonly position: bigint;
  readonly bytes: number;
}

/** What the snapshots of the current projection versions take on disk. */
export interface SnapshotStorage {
  readonly count: number;
  readonly bytes: number;
  readonly oldest: bigint | null;
  readonly newest: bigint | null;
}

export interface ReadModelSnapshotsOptions {
  /** Folder of the snapshot files; several processes may share it. */
  readonly directory: string;
  /** The projections a snapshot must hold, each at the version given here. */
  readonly projections: readonly Projection[];
  /** Most snapshots kept; beyond it the one whose removal leaves the smallest gap goes. */
  readonly keep: number;
}

const VIEW_BUSY_TIMEOUT_MS = 250;
const NAME = /^read-models-(\d{20})-([0-9a-f]{16})\.sqlite$/;
const TEMPORARY = /^\.tmp-(\d+)-[0-9a-f]+\.sqlite$/;

/**
 * Periodic copies of the read-model database, so that a view of the past starts from the
 * nearest one at or below its position and replays only the events since.
 *
 * Files are written under a temporary name, synced, then renamed: a reader sees a complete
 * file or none, and two processes taking one at once each rename a whole file (the same
 * content, when at the same position). The name carries the position and a fingerprint of the
 * projection versions; the file's own `projection_checkpoints` carry them too and are checked
 * again when a view opens it, so a snapshot of a read model since rebuilt under another version
 * is never used. A snapshot is never written after its rename: views open a hard link of it and
 * replay in a transaction they never commit (see `openView`).
 */
export class ReadModelSnapshots {
  readonly directory: string;
  /** sha256 of the projections' names and versions, 16 hex digits. */
  readonly fingerprint: string;
  private readonly projections: readonly Projection[];
  private readonly keep: number;

  constructor(options: ReadModelSnapshotsOptions) {
    if (!Number.isInteger(options.keep) || options.keep < 1) throw new Error('keep at least one snapshot');
    this.directory = options.directory;
    this.projections = options.projections;
    this.keep = options.keep;
    this.fingerprint = fingerprintOf(options.projections);
  }

  /** The usable snapshots (this fingerprint), oldest first. */
  list(): ReadModelSnapshot[] {
    const snapshots: ReadModelSnapshot[] = [];
    for (const name of this.names()) {
      const match = NAME.exec(name);
      if (match === null || match[2] !== this.fingerprint) continue;
      const path = join(this.directory, name);
      try {
        snapshots.push({ path, position: BigInt(match[1]), bytes: statSync(path).size });
      } catch {
        // Removed by another process since the listing.
      }
    }
    return snapshots.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  /** The snapshots at or below a position, nearest first. */
  atOrBelow(position: bigint): ReadModelSnapshot[] {
    return this.list()
      .filter((snapshot) => snapshot.position <= position)
      .reverse();
  }

  storage(): SnapshotStorage {
    const snapshots = this.list();
    return {
      count: snapshots.length,
      bytes: snapshots.reduce((sum, snapshot) => sum + snapshot.bytes, 0),
      oldest: snapshots[0]?.position ?? null,
      newest: snapshots[snapshots.length - 1]?.position ?? null,
    };
  }

  /**
   * Copies the read-model database at `sourcePath` (`VACUUM INTO` from a connection of its own,
   * in a worker thread: a read transaction, so the projector keeps writing and this thread keeps
   * serving) and publishes it under the position its checkpoints hold, then applies retention.
   * Returns undefined when the copy is not a snapshot of these projections at one position (a
   * projection being rebuilt, another version): that copy is deleted.
   */
  async take(sourcePath: string): Promise<ReadModelSnapshot | undefined> {
    mkdirSync(this.directory, { recursive: true });
    const temporary = join(this.directory, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}.sqlite`);
    try {
      await copyInWorker(sourcePath, temporary);
      const position = this.checkedPosition(temporary);
      if (position === undefined) return undefined;
      const path = join(
        this.directory,
        `read-models-${position.toString().padStart(20, '0')}-${this.fingerprint}.sqlite`,
      );
      syncFile(temporary);
      renameSync(temporary, path);
      syncFile(this.directory);
      const snapshot = { path, position, bytes: statSync(path).size };
      this.prune();
      return snapshot;
    } finally {
      rmSync(temporary, { force: true });
    }
  }

  /**
   * Opens a writable view of a snapshot at `viewPath` inside an open transaction that must
   * never be committed: a hard link of the file (no copy, whatever its size) whose WAL is the
   * view's own, so the writes of the replay stay in that WAL as uncommitted frames, which
   * neither a checkpoint nor a crash recovery ever copies into the shared file. Where a hard
   * link is impossible (another file system) the file is copied. Returns undefined, leaving
   * nothing behind, when the snapshot is gone or its checkpoints are not those of these
   * projections at its position.
   */
  openView(snapshot: ReadModelSnapshot, viewPath: string): Database.Database | undefined {
    // Opening a file whose header is not in WAL mode would rewrite that header, in the shared file.
    if (!isWholeWalFile(snapshot.path)) return undefined;
    try {
      linkSync(snapshot.path, viewPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      try {
        copyFileSync(snapshot.path, viewPath);
      } catch {
        return undefined;
      }
    }
    let db: Database.Database | undefined;
    try {
      // Nothing else in this process may hold this file (see ReadModelHistory), so a lock held
      // is a bug to fail on quickly, not to wait for: the wait would block the event loop.
      db = openReadModelDatabase(viewPath, VIEW_BUSY_TIMEOUT_MS);
      db.pragma('wal_autocheckpoint = 0');
      if (this.positionOf(db) !== snapshot.position) throw new Error('not this snapshot');
      db.exec('BEGIN IMMEDIATE');
      return db;
    } catch {
      if (db?.open) db.close();
      removeDatabaseFiles(viewPath);
      return undefined;
    }
  }

  /**
   * Keeps at most `keep` snapshots: while there are more, removes the one (never the newest)
   * whose two neighbours are closest together, position 0 counting as a free snapshot of the
   * empty read models, so the survivors stay about evenly spread over the log and the longest
   * replay from one to the next stays as short as the count allows. Also removes snapshots of
   * other projection versions and temporary files of processes that no longer run.
   */
  prune(): void {
    for (const name of this.names()) {
      const match = NAME.exec(name);
      const temporary = TEMPORARY.exec(name);
      const stale =
        (match !== null && match[2] !== this.fingerprint) ||
        (temporary !== null && !processIsAlive(Number(temporary[1])));
      if (stale) rmSync(join(this.directory, name), { force: true });
    }
    const snapshots = this.list();
    while (snapshots.length > this.keep) {
      let victim = 0;
      let smallest: bigint | undefined;
      for (let index = 0; index < snapshots.length - 1; index += 1) {
        const before = index === 0 ? 0n : snapshots[index - 1].position;
        const merged = snapshots[index + 1].position - before;
        if (smallest === undefined || merged < smallest) {
          smallest = merged;
          victim = index;
        }
      }
      rmSync(snapshots[victim].path, { force: true });
      snapshots.splice(victim, 1);
    }
  }

  private names(): string[] {
    try {
      return readdirSync(this.directory);
    } catch {
      return [];
    }
  }

  /** The position of a finished copy, made a WAL database (so views never write its header); undefined if unusable. */
  private checkedPosition(path: string): bigint | undefined {
    const db = new Database(path);
    try {
      const position = this.positionOf(db);
      if (position === undefined) return undefined;
      db.pragma('journal_mode = WAL');
      return position;
    } finally {
      db.close();
    }
  }

  /** The one position every projection's checkpoint holds, each at this version; else undefined. */
  private positionOf(db: Database.Database): bigint | undefined {
    let rows: Array<{ name: string; version: number; position: number }>;
    try {
      rows = db.prepare('SELECT name, version, position FROM projection_checkpoints').all() as typeof rows;
    } catch {
      return undefined;
    }
    let position: bigint | undefined;
    for (const projection of this.projections) {
      const row = rows.find((candidate) => candidate.name === projection.name);
      if (row === undefined || row.version !== projection.version) return undefined;
      if (position !== undefined && BigInt(row.position) !== position) return undefined;
      position = BigInt(row.position);
    }
    return position;
  }
}

/** The fingerprint of a set of projection versions, as snapshot names carry it. */
export function fingerprintOf(projections: readonly Projection[]): string {
  const text = projections
    .map((projection) => `${projection.name}@${projection.version}`)
    .sort()
    .join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Deletes a scratch database with its WAL and shared-memory files. */
export function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * `VACUUM INTO` in a worker thread over a read-only connection of its own. The worker's source
 * is plain JavaScript so that it loads the same way under any TypeScript loader.
 */
function copyInWorker(source: string, target: string): Promise<void> {
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const Database = require(workerData.module);
    const db = new Database(workerData.source, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare('VACUUM INTO ?').run(workerData.target);
    } finally {
      db.close();
    }
    parentPort.postMessage('done');`;
  return new Promise<void>((resolve, reject) => {
    const worker = new Worker(code, {
      eval: true,
      workerData: { module: require.resolve('better-sqlite3'), source, target },
    });
    let done = false;
    worker.once('message', () => {
      done = true;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (done) resolve();
      else reject(new Error(`the snapshot worker stopped (exit code ${code}) before finishing the copy`));
    });
  });
}

/**
 * Whether a database file is whole and in WAL mode, from its header alone (no SQLite open):
 * bytes 18 and 19 are 2 (WAL), and the file is exactly as long as the page count the header
 * records times the page size, so a file cut short (a torn copy) is refused before anything
 * reads it. The recorded count is trusted only when its "valid for" counter matches the change
 * counter, as SQLite itself does; every published snapshot was written so.
 */
function isWholeWalFile(path: string): boolean {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(path, 'r');
    const header = Buffer.alloc(100);
    if (readSync(descriptor, header, 0, 100, 0) !== 100) return false;
    if (header[18] !== 2 || header[19] !== 2) return false;
    const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
    const pages = header.readUInt32BE(28);
    const countValid = header.readUInt32BE(92) === header.readUInt32BE(24);
    return countValid && pages > 0 && fstatSync(descriptor).size === pages * pageSize;
  } catch {
    return false;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

function syncFile(path: string): void {
  const descriptor = openSync(path, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
