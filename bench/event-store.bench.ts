import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, applyDurablePragmas } from '../libs/event-store/src';
import { migrate } from '../libs/event-store/src/sqlite/migrations';
import { alternate, benchScale, median, progress, seconds, withTempDir } from './bench-support';
import type { BenchRow } from './bench-table';
import { MembershipLog, PlannedAppend } from './membership-log';

const REPETITIONS = 5;

function eventCount(appends: readonly PlannedAppend[]): number {
  return appends.reduce((sum, append) => sum + append.events.length, 0);
}

/** Events per second through SqliteEventStore.appendToStream, each append its own transaction. */
async function throughPort(appends: readonly PlannedAppend[]): Promise<number> {
  return withTempDir('plenary-bench-port-', async (dir) => {
    const store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    try {
      const started = process.hrtime.bigint();
      for (const append of appends) {
        await store.appendToStream(append.stream, append.events, { expectedRevision: append.expectedRevision });
      }
      return eventCount(appends) / seconds(started);
    } finally {
      await store.close();
    }
  });
}

/**
 * The floor under the port: the same rows, serialized the same way, into the same table with
 * the same pragmas, through one prepared INSERT, without the retry and revision checks.
 */
async function rawInserts(appends: readonly PlannedAppend[]): Promise<number> {
  return withTempDir('plenary-bench-raw-', async (dir) => {
    const db = new Database(join(dir, 'events.sqlite'));
    try {
      applyDurablePragmas(db, 5000);
      migrate(db);
      const insert = db.prepare(
        'INSERT INTO events (event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const write = db.transaction((append: PlannedAppend) => {
        let revision = 0;
        for (const event of append.events) {
          insert.run(
            event.id,
            append.stream,
            revision,
            event.type,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata),
          );
          revision += 1;
        }
      });
      const started = process.hrtime.bigint();
      for (const append of appends) write.immediate(append);
      return eventCount(appends) / seconds(started);
    } finally {
      db.close();
    }
  });
}

function workload(eventsPerAppend: number, appends: number): PlannedAppend[] {
  const log = new MembershipLog();
  return eventsPerAppend === 1 ? log.enrolments(appends) : log.memberHistories(appends, eventsPerAppend);
}

async function measure(eventsPerAppend: number, runSeconds: number): Promise<BenchRow> {
  // Size the workload from a short raw run, so each measured run lasts about runSeconds here
  // and on a machine with a much faster or slower fsync. The probe is a fifth of a run or so:
  // shorter, it writes to a table small enough to flatter the rate.
  const probeAppends = eventsPerAppend === 1 ? 2000 : 200;
  const probeRate = await rawInserts(workload(eventsPerAppend, probeAppends));
  const appendCount = Math.max(probeAppends, Math.round((probeRate * runSeconds) / eventsPerAppend));
  const appends = workload(eventsPerAppend, appendCount);
  progress(`event store: ${appendCount} appends of ${eventsPerAppend} event(s), ${REPETITIONS} runs each`);
  const runs = await alternate(
    REPETITIONS,
    () => throughPort(appends),
    () => rawInserts(appends),
  );
  const value = median(runs.subject);
  const baselineValue = median(runs.baseline);
  return {
    name: `append via port, ${eventsPerAppend} event${eventsPerAppend === 1 ? '' : 's'}/txn`,
    baseline: 'raw better-sqlite3 INSERT loop',
    value,
    baselineValue,
    unit: 'events/s',
    ratio: value / baselineValue,
    targets: [{ of: 'ratio', atLeast: 0.5 }],
    note:
      `${appendCount.toLocaleString('en-US')} appends of ${eventsPerAppend} per run, median of ${REPETITIONS} ` +
      `alternated runs each, fresh database in ${tmpdir()} per run, WAL + synchronous=FULL; ` +
      `port runs: ${runs.subject.map(Math.round).join(', ')}; raw runs: ${runs.baseline.map(Math.round).join(', ')}`,
  };
}

export async function runEventStoreBench(): Promise<BenchRow[]> {
  const runSeconds = benchScale() === 'small' ? 0.3 : 1.5;
  return [await measure(1, runSeconds), await measure(100, runSeconds)];
}
