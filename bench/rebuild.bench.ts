import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../libs/event-store/src';
import { alternate, benchScale, median, progress, runChild, seconds, withTempDir } from './bench-support';
import type { BenchRow } from './bench-table';
import { MembershipLog } from './membership-log';
import type { RebuildReport } from './rebuild.child';

const CHILD = 'bench/rebuild.child.ts';
/**
 * The log is written to tmpfs where there is one: half a million appends, each fsynced on a
 * disk, would take many minutes on a busy machine. The rebuild only reads the file, which sits
 * in memory either way (a freshly written file on disk is served from the page cache); the read
 * model it builds goes to the real disk.
 */
const LOG_PARENT_DIR = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const REPETITIONS = 3;
/**
 * Events per read-model transaction, for both ways. Measured here on a million events: 5000
 * (what the CLI's `rebuild` uses) is only a few percent faster than 2000 but peaks near 280 MB
 * instead of 170 MB, because every event of a batch is in memory at once; 20000 was some 25%
 * faster and peaked near 400 MB.
 */
const BATCH_SIZE = 2000;

/** Writes the log through the port, as the API would have, and returns how long that took. */
async function generate(path: string, totalEvents: number): Promise<{ seconds: number; appends: number }> {
  const store = SqliteEventStore.open({ path });
  try {
    const started = process.hrtime.bigint();
    let appends = 0;
    for (const append of new MembershipLog().history(totalEvents)) {
      await store.appendToStream(append.stream, append.events, { expectedRevision: append.expectedRevision });
      appends += 1;
    }
    return { seconds: seconds(started), appends };
  } finally {
    await store.close();
  }
}

export async function runRebuildBench(): Promise<BenchRow[]> {
  const totalEvents = benchScale() === 'small' ? 100_000 : 1_000_000;
  return withTempDir(
    'plenary-bench-log-',
    async (dir) => {
      const eventsPath = join(dir, 'events.sqlite');
      progress(`rebuild: writing ${totalEvents.toLocaleString('en-US')} membership events through the port`);
      const generated = await generate(eventsPath, totalEvents);
      progress(`rebuild: written in ${generated.seconds.toFixed(1)} s; ${REPETITIONS} rebuilds each way`);

      const rebuild = (mode: 'projection' | 'raw') => () =>
        runChild<RebuildReport>(CHILD, [mode, eventsPath, String(BATCH_SIZE)]);
      const runs = await alternate(REPETITIONS, rebuild('projection'), rebuild('raw'));

      const all = [...runs.subject, ...runs.baseline];
      const wrong = all.find((run) => run.position !== totalEvents);
      if (wrong !== undefined) throw new Error(`a rebuild stopped at position ${wrong.position}, not ${totalEvents}`);
      if (new Set(all.map((run) => run.digest)).size !== 1) {
        throw new Error('the projection runner and the raw loop built different read models');
      }

      const rate = (run: RebuildReport) => totalEvents / run.seconds;
      const megabytes = (run: RebuildReport) => run.maxRssKb / 1024;
      const value = median(runs.subject.map(rate));
      const baselineValue = median(runs.baseline.map(rate));
      const rss = median(runs.subject.map(megabytes));
      const baselineRss = median(runs.baseline.map(megabytes));
      const shared =
        `${totalEvents.toLocaleString('en-US')} events (${generated.appends.toLocaleString('en-US')} appends, ` +
        `written through the port to ${LOG_PARENT_DIR} in ${generated.seconds.toFixed(1)} s), batches of ${BATCH_SIZE}, ` +
        `median of ${REPETITIONS} alternated runs each, each in its own process; both ways build identical tables`;
      return [
        {
          name: 'membership rebuild (reset + catchUp)',
          baseline: 'raw .iterate() + upsert loop',
          value,
          baselineValue,
          unit: 'events/s',
          ratio: value / baselineValue,
          targets: [
            { of: 'value', atLeast: 100_000 },
            { of: 'ratio', atLeast: 0.25 },
          ],
          note:
            `${shared}; runner runs: ${runs.subject.map((run) => Math.round(rate(run))).join(', ')}; ` +
            `raw runs: ${runs.baseline.map((run) => Math.round(rate(run))).join(', ')}`,
        },
        {
          name: 'membership rebuild peak RSS',
          baseline: 'raw .iterate() + upsert loop',
          value: rss,
          baselineValue: baselineRss,
          unit: 'MB',
          ratio: rss / baselineRss,
          targets: [{ of: 'value', atMost: 300 }],
          note:
            `maxRSS of the rebuilding process; of which ${Math.round(median(runs.subject.map((run) => run.startRssKb)) / 1024)} MB ` +
            `(raw: ${Math.round(median(runs.baseline.map((run) => run.startRssKb)) / 1024)} MB) already once Node, the ` +
            'modules and the in-process TypeScript compiler (@swc-node/register) were loaded',
        },
      ];
    },
    LOG_PARENT_DIR,
  );
}
