import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../apps/api/src/config/plenary-config';
import { ReadModelHistory } from '../apps/api/src/infrastructure/read-model-history';
import { ReadModels } from '../apps/api/src/infrastructure/read-models.service';
import { MembershipReadModel } from '../apps/api/src/membership/membership.read-model';
import { SqliteEventStore } from '../libs/event-store/src';
import { ProjectionRunner, ReadModelSnapshots, allProjections, openReadModelDatabase } from '../libs/projections/src';
import { benchScale, progress, seconds, withTempDir } from './bench-support';
import type { BenchRow } from './bench-table';
import { MembershipLog } from './membership-log';

/**
 * `asOf` at random points of a long membership log, answered from read-model snapshots plus a
 * replay, against the same query on the live read models at the head, side by side.
 *
 *   BENCH_AS_OF_EVENTS   log length (default 5,000,000; 100,000 with BENCH_SCALE=small)
 *   BENCH_AS_OF_EVERY    PLENARY_SNAPSHOT_EVERY to measure (default 1000, the service's default)
 *   BENCH_AS_OF_KEEP     PLENARY_SNAPSHOT_KEEP to measure (default 16, the service's default)
 */

const LOG_PARENT_DIR = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
/** Appends handed to the store at once: they share one group commit, as concurrent requests would. */
const APPENDS_PER_COMMIT = 2000;
/** Snapshots taken in the dense scenario, and random points asked above each. */
const DENSE_SNAPSHOTS = 10;
const POINTS_PER_DENSE_SNAPSHOT = 20;
/** Random points asked in the retention scenario (each may replay many events). */
const RETENTION_POINTS = 40;
/** Live queries at the head, the baseline. */
const LIVE_QUERIES = 2000;

function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, not "${raw}"`);
  return Number(raw);
}

/** A deterministic generator for the points asked, so runs ask the same ones. */
function pointGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

async function writeLog(path: string, totalEvents: number): Promise<number> {
  const store = SqliteEventStore.open({ path });
  const started = process.hrtime.bigint();
  try {
    let pending: Array<Promise<unknown>> = [];
    let written = 0;
    for (const append of new MembershipLog().history(totalEvents)) {
      pending.push(store.appendToStream(append.stream, append.events, { expectedRevision: append.expectedRevision }));
      written += append.events.length;
      if (pending.length >= APPENDS_PER_COMMIT) {
        await Promise.all(pending);
        pending = [];
        if (written % 500_000 < 5000) progress(`as-of: ${written.toLocaleString('en-US')} events written`);
      }
    }
    await Promise.all(pending);
    return seconds(started);
  } finally {
    await store.close();
  }
}

export async function runAsOfBench(): Promise<BenchRow[]> {
  const totalEvents = envInteger('BENCH_AS_OF_EVENTS', benchScale() === 'small' ? 100_000 : 5_000_000);
  const every = envInteger('BENCH_AS_OF_EVERY', 1000);
  const keep = envInteger('BENCH_AS_OF_KEEP', 16);
  return withTempDir(
    'plenary-bench-as-of-log-',
    (logDir) =>
      withTempDir('plenary-bench-as-of-', async (dataDir) => {
        const eventsPath = join(logDir, 'events.sqlite');
        progress(`as-of: writing ${totalEvents.toLocaleString('en-US')} membership events through the port`);
        const writeSeconds = await writeLog(eventsPath, totalEvents);
        progress(`as-of: written in ${writeSeconds.toFixed(0)} s`);

        const config = loadConfig({ PLENARY_DATA_DIR: dataDir, PLENARY_EVENT_STORE_PATH: eventsPath });
        const store = SqliteEventStore.open({ path: eventsPath });
        const db = openReadModelDatabase(config.readModelPath);
        const runner = new ProjectionRunner(store, db, allProjections, { batchSize: 2000 });
        const dense = new ReadModelSnapshots({
          directory: join(dataDir, 'dense-snapshots'),
          projections: allProjections,
          keep: DENSE_SNAPSHOTS,
        });
        const kept = new ReadModelSnapshots({
          directory: config.snapshots.directory,
          projections: allProjections,
          keep,
        });
        const random = pointGenerator(20261208);

        // Where snapshots are taken while the read models are built forward. Dense: every
        // `every` positions is more than any disk holds at this length, so only the snapshots
        // the sampled points need (a view uses the nearest one at or below its point, exactly
        // as it would with all of them kept). Kept: the `keep` survivors of thinning, evenly
        // spread, taken directly rather than by taking every `every` and thinning.
        const denseAt = new Set<number>();
        while (denseAt.size < DENSE_SNAPSHOTS) {
          denseAt.add(Math.max(every, Math.floor((random() * (totalEvents - every)) / every) * every));
        }
        const keptAt = Array.from({ length: keep }, (_, index) => Math.round(((index + 1) * totalEvents) / keep));
        const stops = [...new Set([...denseAt, ...keptAt])].sort((a, b) => a - b);

        const buildStarted = process.hrtime.bigint();
        let snapshotSeconds = 0;
        for (const stop of stops) {
          await runner.catchUp({ until: BigInt(stop), commitEvery: 20_000 });
          const started = process.hrtime.bigint();
          if (denseAt.has(stop)) await dense.take(config.readModelPath);
          if (keptAt.includes(stop)) await kept.take(config.readModelPath);
          snapshotSeconds += seconds(started);
          progress(`as-of: read models at ${stop.toLocaleString('en-US')}, snapshots taken`);
        }
        const buildSeconds = seconds(buildStarted);
        db.pragma('wal_checkpoint(TRUNCATE)');
        const liveBytes = statSync(config.readModelPath).size;

        runner.start();
        try {
          while (runner.state.state !== 'running') await new Promise((resolve) => setTimeout(resolve, 10));
          const readModels = new ReadModels(db, runner, config);
          await readModels.waitFor(null);
          const query = (source: { db: typeof db }) => new MembershipReadModel(source, null).chapters(100, null);

          // Baseline: the live query at the head.
          const live: number[] = [];
          for (let index = 0; index < LIVE_QUERIES; index += 1) {
            const started = process.hrtime.bigint();
            query(readModels);
            live.push(seconds(started) * 1000);
          }

          const measure = async (snapshots: ReadModelSnapshots, points: readonly number[]) => {
            const history = new ReadModelHistory(store, readModels, config, snapshots);
            const times: number[] = [];
            const replays: number[] = [];
            try {
              for (const point of points) {
                const started = process.hrtime.bigint();
                const view = await history.at(String(point));
                query(view);
                times.push(seconds(started) * 1000);
                replays.push(Number(view.position - view.startedFrom));
              }
            } finally {
              history.onApplicationShutdown();
            }
            return { times, replays };
          };

          const densePoints = [...denseAt].flatMap((base) =>
            Array.from({ length: POINTS_PER_DENSE_SNAPSHOT }, () => base + Math.floor(random() * every)),
          );
          progress(`as-of: ${densePoints.length} points within ${every} of a snapshot`);
          const denseRun = await measure(dense, densePoints);
          const retentionPoints = Array.from(
            { length: RETENTION_POINTS },
            () => 1 + Math.floor(random() * (totalEvents - 1)),
          );
          progress(`as-of: ${retentionPoints.length} points anywhere, ${keep} snapshots kept`);
          const retentionRun = await measure(kept, retentionPoints);

          const liveP50 = percentile(live, 0.5);
          const liveP99 = percentile(live, 0.99);
          const denseStorage = dense.storage();
          const keptStorage = kept.storage();
          const averageDenseBytes = denseStorage.bytes / Math.max(1, denseStorage.count);
          const shared =
            `${totalEvents.toLocaleString('en-US')} membership events (written through the port in groups of ` +
            `${APPENDS_PER_COMMIT} appends to ${LOG_PARENT_DIR} in ${writeSeconds.toFixed(0)} s); all ${allProjections.length} ` +
            `projections built in ${buildSeconds.toFixed(0)} s, of which ${snapshotSeconds.toFixed(0)} s taking snapshots; ` +
            `query: chapters(limit: 100) through MembershipReadModel; baseline: the same on the live read models, ` +
            `${LIVE_QUERIES} runs, p50 ${liveP50.toFixed(3)} ms`;
          const row = (name: string, run: { times: number[]; replays: number[] }, fraction: number, note: string) => {
            const value = percentile(run.times, fraction);
            const baselineValue = fraction === 0.5 ? liveP50 : liveP99;
            return {
              name,
              baseline: `live query at head, p${fraction === 0.5 ? 50 : 99}`,
              value,
              baselineValue,
              unit: 'ms',
              ratio: value / baselineValue,
              targets: fraction === 0.99 ? [{ of: 'value' as const, atMost: 200 }] : [],
              note: `${note}; longest replay ${Math.max(...run.replays).toLocaleString('en-US')} events; ${shared}`,
            };
          };
          const denseNote =
            `${densePoints.length} points, ${POINTS_PER_DENSE_SNAPSHOT} at random above each of ${DENSE_SNAPSHOTS} random ` +
            `snapshots at multiples of ${every}; all ${Math.floor(totalEvents / every).toLocaleString('en-US')} such snapshots ` +
            `would take about ${((Math.floor(totalEvents / every) * averageDenseBytes) / 2 ** 30).toFixed(0)} GiB ` +
            `(these ${denseStorage.count}: ${(denseStorage.bytes / 2 ** 30).toFixed(2)} GiB)`;
          const keptNote =
            `${retentionPoints.length} points anywhere in the log, ${keptStorage.count} snapshots kept evenly spread ` +
            `(PLENARY_SNAPSHOT_KEEP=${keep}): ${(keptStorage.bytes / 2 ** 30).toFixed(2)} GiB`;
          return [
            row(`asOf p50, snapshot every ${every}`, denseRun, 0.5, denseNote),
            row(`asOf p99, snapshot every ${every}`, denseRun, 0.99, denseNote),
            row(`asOf p50, ${keep} snapshots kept`, retentionRun, 0.5, keptNote),
            row(`asOf p99, ${keep} snapshots kept`, retentionRun, 0.99, keptNote),
            {
              name: `snapshot storage, ${keep} kept`,
              baseline: 'live read-model file at head',
              value: keptStorage.bytes / 2 ** 20,
              baselineValue: liveBytes / 2 ** 20,
              unit: 'MiB',
              ratio: keptStorage.bytes / liveBytes,
              note: `${keptStorage.count} files, each a full copy of the read models at its position`,
            },
          ];
        } finally {
          await runner.stop();
          db.close();
          await store.close();
        }
      }),
    LOG_PARENT_DIR,
  );
}

if (require.main === module) {
  runAsOfBench().then(
    (rows) => console.log(JSON.stringify(rows, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
