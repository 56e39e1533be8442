import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { benchScale, median, progress, runChild, seconds, withTempDir } from './bench-support';
import type { BenchRow } from './bench-table';
import type { ApportionmentReport } from './convention.child';
import { ConventionFixture, benchRules, callConvention } from './convention-fixture';
import { MembershipLog } from './membership-log';

/**
 * Issue 4: "1,000,000 members in 10,000 chapters written through the store port, then
 * apportionment in at most 5 s". The log (chapters founded, members enrolled and joined, a
 * convention called with its secretariat) is written once through `appendToStream`, the read
 * models catch up once through the ProjectionRunner (timed and reported on its own), and the
 * data directory is then copied afresh for each timed run of AdvanceConventionPhaseHandler.
 */

const CHILD = 'bench/convention.child.ts';
/** As in the rebuild benchmark: a million fsync'd appends on a busy disk would take many minutes. */
const DATA_PARENT_DIR = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const REPETITIONS = 3;
const TARGET_SECONDS = 5;

interface Sizes {
  readonly chapters: number;
  readonly members: number;
  readonly seats: number;
}

/** With more chapters than seats the rules cannot give every chapter one, so the minimum is 0. */
const MINIMUM_SEATS = 0;

export async function runApportionmentBench(): Promise<BenchRow[]> {
  const sizes: Sizes =
    benchScale() === 'small'
      ? { chapters: 1_000, members: 100_000, seats: 100 }
      : { chapters: 10_000, members: 1_000_000, seats: 1_000 };
  return withTempDir(
    'plenary-bench-apportionment-',
    async (dataDir) => {
      const fixture = ConventionFixture.open(dataDir);
      let conventionId: string;
      let secretaryId = '';
      let written: { seconds: number; appends: number };
      let catchUp: { seconds: number; events: number };
      try {
        progress(
          `apportionment: writing ${sizes.members.toLocaleString('en-US')} members in ` +
            `${sizes.chapters.toLocaleString('en-US')} chapters through the port`,
        );
        const started = process.hrtime.bigint();
        const appends = await fixture.write(
          new MembershipLog().chapteredMembership(sizes.chapters, sizes.members, (memberId) => {
            if (secretaryId === '') secretaryId = memberId;
          }),
        );
        conventionId = await callConvention(
          fixture.commands,
          benchRules(sizes.seats, MINIMUM_SEATS),
          randomUUID(),
          secretaryId,
        );
        written = { seconds: seconds(started), appends: appends + 2 };
        progress(`apportionment: ${written.appends} appends in ${written.seconds.toFixed(1)} s; catching up`);

        const catchUpStarted = process.hrtime.bigint();
        const position = await fixture.projections.catchUp();
        catchUp = { seconds: seconds(catchUpStarted), events: Number(position) };
        progress(`apportionment: read models caught up with ${position} events in ${catchUp.seconds.toFixed(1)} s`);
      } finally {
        await fixture.close();
      }

      const runs: ApportionmentReport[] = [];
      for (let run = 0; run < REPETITIONS; run += 1) {
        progress(`apportionment: timed run ${run + 1} of ${REPETITIONS}`);
        const report = await runChild<ApportionmentReport>(CHILD, ['advance', dataDir, conventionId, secretaryId]);
        progress(`apportionment: ${JSON.stringify(report)}`);
        runs.push(report);
      }
      return rows(sizes, written, catchUp, runs);
    },
    DATA_PARENT_DIR,
  );
}

function rows(
  sizes: Sizes,
  written: { seconds: number; appends: number },
  catchUp: { seconds: number; events: number },
  runs: readonly ApportionmentReport[],
): BenchRow[] {
  const first = runs[0];
  const ms = (value: number) => value * 1000;
  const subject = median(runs.map((run) => run.seconds));
  const alone = median(runs.map((run) => run.apportionSeconds));
  const thePackage = median(runs.map((run) => run.packageSeconds));
  const full = benchScale() === 'full';
  const shape =
    `${first.members.toLocaleString('en-US')} members counted in ${first.chapters.toLocaleString('en-US')} active chapters ` +
    `(log of ${catchUp.events.toLocaleString('en-US')} events, ${written.appends.toLocaleString('en-US')} appends through the port ` +
    `to ${DATA_PARENT_DIR} in ${written.seconds.toFixed(0)} s), Sainte-Laguë, ${sizes.seats} seats, minimum ${MINIMUM_SEATS}: ` +
    `${first.chaptersWithSeats} chapters got seats, ${first.lots} lot(s) among ${first.chaptersInLots} tied chapters`;
  const parts =
    `parts timed alone (first run): member-count query ${ms(first.countQuerySeconds).toFixed(1)} ms, decide (sort + apportion + working) ` +
    `${ms(first.decideSeconds).toFixed(1)} ms, JSON of the apportionment (all pages) ${(first.eventBytes / 2 ** 20).toFixed(1)} MB, ` +
    `largest append ${(first.largestAppendBytes / 1024).toFixed(0)} KiB (limit 1,024 KiB) ` +
    `in ${ms(first.stringifySeconds).toFixed(1)} ms; reading the convention stream back with it (as every later ` +
    `convention command does) ${ms(first.conventionReadAfterSeconds).toFixed(1)} ms; peak RSS ${Math.round(first.maxRssKb / 1024)} MB`;
  return [
    {
      name: `apportionment: AdvanceConventionPhase → DELEGATE_SELECTION, ${label(sizes.members)} members`,
      baseline: 'libs/voting apportion() alone, same counts',
      value: ms(subject),
      baselineValue: ms(alone),
      unit: 'ms',
      ratio: subject / alone,
      targets: full ? [{ of: 'value', atMost: ms(TARGET_SECONDS) }] : undefined,
      note:
        `the handler as the API runs it (read the convention stream, wait for the read models to reach the head, ` +
        `count members per chapter, decide, append SeatsApportioned + ConventionPhaseAdvanced), each run in its own ` +
        `process on a fresh copy of the data, cold; median of ${REPETITIONS}: ` +
        `${runs.map((run) => ms(run.seconds).toFixed(0)).join(', ')} ms. ${shape}; ${parts}`,
    },
    Number.isFinite(thePackage)
      ? {
          name: `apportionment: apportion() alone, ${label(first.chapters)} chapters`,
          baseline: 'sainte-lague@3.0.0, same counts',
          value: ms(alone),
          baselineValue: ms(thePackage),
          unit: 'ms',
          ratio: alone / thePackage,
          note:
            `median of 5 in each run, median over runs; exact rational comparisons and the full working against a ` +
            `float-only package that returns only the seats (called with draw: true for exact ties at the last seat; ` +
            `${first.chaptersInLots} chapters in our lots); ` +
            `${runs.every((run) => run.packageDisagrees === 0) ? 'same seats outside the lots' : 'SEATS DIFFER outside the lots'}`,
        }
      : {
          name: `apportionment: apportion() alone, ${label(first.chapters)} chapters`,
          baseline: 'none: sainte-lague@3.0.0 not run',
          value: ms(alone),
          baselineValue: NaN,
          unit: 'ms',
          ratio: NaN,
          note:
            'median of 5 in each run, median over runs; the sainte-lague package is quadratic in the number of ' +
            'parties (Object.keys(votes) once per party) and did not finish 10,000 in two minutes; it runs at ' +
            'BENCH_SCALE=small (1,000 chapters)',
        },
    {
      name: `apportionment setup: read-model catch-up, ${label(catchUp.events)} events`,
      baseline: 'none (for information)',
      value: catchUp.events / catchUp.seconds,
      baselineValue: NaN,
      unit: 'events/s',
      ratio: NaN,
      note:
        `ProjectionRunner.catchUp() with every projection the API runs, from position 0 to the head, ` +
        `${catchUp.seconds.toFixed(1)} s; not part of the apportionment`,
    },
  ];
}

/** 1M, 10k; counts that are not round stay as they are. */
function label(count: number): string {
  if (count >= 1e6 && count % 1e6 === 0) return `${count / 1e6}M`;
  if (count >= 1e3 && count % 1e3 === 0) return `${count / 1e3}k`;
  return count.toLocaleString('en-US');
}
