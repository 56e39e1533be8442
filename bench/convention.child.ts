import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { AdvanceConventionPhaseCommand } from '../apps/api/src/convention/advance-convention-phase/advance-convention-phase.command';
import {
  CloseDelegateVotingCommand,
  CloseDelegateVotingResult,
} from '../apps/api/src/convention/close-delegate-voting/close-delegate-voting.command';
import { ballotsCastBetween } from '../apps/api/src/convention/convention-facts';
import {
  ConventionEvent,
  DelegateElectionTallied,
  SeatsApportioned,
  SeatsApportionmentPage,
  assembleApportionment,
  conventionDecider,
  conventionStream,
  delegateElectionStream,
} from '../libs/convention/src';
import { CommandOutcome, EventStore, appendSize, eventVersions } from '../libs/event-store/src';
import { apportion, countScottishStv } from '../libs/voting/src';
import { importEsm } from '../libs/voting/src/fixtures/import-esm';
import { median, reportToParent, seconds, withTempDir } from './bench-support';
import { BENCH_LOT_SEED, ConventionFixture, accepted, copyDataDir, memberActor } from './convention-fixture';

/**
 * One timed run of a convention command in a process of its own, on a fresh copy of a prepared
 * data directory (each command can happen once per log). Arguments:
 *
 *   advance <data dir> <convention id> <secretary id>               the move to DELEGATE_SELECTION
 *   close <data dir> <convention id> <secretary id> <chapter id>    closing and counting an election
 *
 * The subject is timed once, cold, as a production server would run it the first time; then the
 * baselines and the parts of the subject are timed separately for the notes.
 */

const WORK_PARENT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const BASELINE_RUNS = 5;
/** Above this many chapters the `sainte-lague` package is not run (see below). */
const PACKAGE_MAX_UNITS = 2_000;

export interface ApportionmentReport {
  readonly seconds: number;
  readonly head: string;
  readonly chapters: number;
  readonly members: number;
  readonly seatsAwarded: number;
  readonly chaptersWithSeats: number;
  readonly lots: number;
  /** `apportion` alone on the same counts, median of BASELINE_RUNS. */
  readonly apportionSeconds: number;
  /** The `sainte-lague` package on the same counts, median of BASELINE_RUNS; NaN when not run. */
  readonly packageSeconds: number;
  /** Chapters outside our lots to which the package gave other seats than the handler (0 expected). */
  readonly packageDisagrees: number;
  /** Chapters tied for the last seat(s), settled by lot. */
  readonly chaptersInLots: number;
  /** Parts of the subject timed on their own afterwards. */
  /** Reading the convention stream once SeatsApportioned is in it, as every later convention command does. */
  readonly conventionReadAfterSeconds: number;
  readonly countQuerySeconds: number;
  readonly decideSeconds: number;
  readonly eventBytes: number;
  /** The largest single append the command made (the store refuses any over its limit). */
  readonly largestAppendBytes: number;
  readonly stringifySeconds: number;
  readonly maxRssKb: number;
}

export interface TallyReport {
  readonly seconds: number;
  readonly ballots: number;
  readonly candidates: number;
  readonly elected: number;
  readonly stages: number;
  /** `countScottishStv` alone on the same ballots, median of BASELINE_RUNS. */
  readonly countSeconds: number;
  /** Parts of the subject timed on their own afterwards. */
  readonly readBallotsSeconds: number;
  readonly logEventsRead: number;
  readonly eventBytes: number;
  readonly largestAppendBytes: number;
  readonly maxRssKb: number;
}

/**
 * The largest append to a stream after a position (a command and whatever it caused there), in
 * bytes as the store's limit counts them: events grouped by command and by part of a command.
 */
async function largestAppendAfter(store: EventStore, streamName: string, after: bigint): Promise<number> {
  const appends = new Map<string, Parameters<typeof appendSize>[0][number][]>();
  for (const recorded of await store.readStream(streamName)) {
    if (recorded.position <= after) continue;
    const key = `${recorded.metadata.commandId}/${recorded.metadata.commandPart?.append ?? 0}`;
    appends.set(key, [...(appends.get(key) ?? []), recorded]);
  }
  return Math.max(0, ...[...appends.values()].map((events) => appendSize(events)));
}

function timeEach(runs: number, body: () => void): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    body();
    times.push(seconds(started));
  }
  return median(times);
}

async function advance(fixture: ConventionFixture, conventionId: string, secretaryId: string) {
  const head = await fixture.store.headPosition();
  fixture.projections.start();
  if (fixture.projections.position !== head) throw new Error('the prepared read models are not at the log head');

  const command = new AdvanceConventionPhaseCommand(
    accepted(memberActor(secretaryId)),
    memberActor(secretaryId),
    conventionId,
    'DELEGATE_SELECTION',
  );
  const started = process.hrtime.bigint();
  const outcome: CommandOutcome<ConventionEvent> = await fixture.advancePhase.execute(command);
  const elapsed = seconds(started);
  const maxRssKb = process.resourceUsage().maxRSS;

  const apportioned = outcome.events.find((event): event is SeatsApportioned => event.type === 'SeatsApportioned');
  if (apportioned === undefined) throw new Error(`no seats were apportioned: ${JSON.stringify(outcome.events)}`);
  const pages = outcome.events
    .filter((event): event is SeatsApportionmentPage => event.type === 'SeatsApportionmentPage')
    .map((event) => event.data);
  const data = assembleApportionment(apportioned.data, pages);
  const largestAppendBytes = await largestAppendAfter(fixture.store, conventionStream(), head);

  // The parts, each on its own: what the handler read, what the decider did, what was written.
  // Every later convention command (nominations, ballots, closes) reads the convention stream,
  // now holding SeatsApportioned: time that read too.
  let partStarted = process.hrtime.bigint();
  const history = await fixture.store.readStream(conventionStream());
  const conventionReadAfterSeconds = seconds(partStarted);
  const counts = fixture.membership.chapterMemberCounts();
  const countQuerySeconds = timeEach(BASELINE_RUNS, () => fixture.membership.chapterMemberCounts());
  const units = data.chapters.map((chapter) => ({ id: chapter.chapterId, population: chapter.members }));
  const options = {
    method: 'sainte-lague' as const,
    seats: data.totalSeats,
    minimumPerUnit: data.minimumSeatsPerChapter,
    seed: `${BENCH_LOT_SEED}/apportionment`,
  };
  const apportionSeconds = timeEach(BASELINE_RUNS, () => apportion(units, options));
  partStarted = process.hrtime.bigint();
  const eventBytes = Buffer.byteLength(JSON.stringify(data));
  const stringifySeconds = seconds(partStarted);

  // The decider's step in the handler (sorting, apportioning, the working), against the state before the move.
  const before = history
    .filter((recorded) => recorded.position < outcome.position - 1n)
    .reduce(
      (folded, recorded) =>
        eventVersions.readDomain<ConventionEvent>(recorded).reduce(conventionDecider.evolve, folded),
      conventionDecider.initialState(),
    );
  const decideSeconds = timeEach(BASELINE_RUNS, () =>
    conventionDecider.decide(
      {
        type: 'AdvanceConventionPhase',
        data: {
          conventionId,
          to: 'DELEGATE_SELECTION',
          advancedBy: secretaryId,
          advancedAt: data.apportionedAt,
          facts: { membership: { cutoffPosition: data.cutoffPosition, chapters: counts } },
        },
      },
      before,
    ),
  );

  // The package refuses exact ties at the last seat unless told to draw; it then draws with
  // Math.random, so the chapters in our lots may differ, and only those. It is quadratic in the
  // number of parties (it calls Object.keys(votes) once per party): 10,000 did not finish in
  // two minutes, so it runs only on small counts.
  const drawn = new Set(data.working.lots.flatMap((lot) => lot.order));
  let packageSeconds = NaN;
  let packageDisagrees = NaN;
  if (units.length <= PACKAGE_MAX_UNITS) {
    const sainteLague = (
      await importEsm<{
        default: (votes: Record<string, number>, seats: number, options: { draw: boolean }) => Record<string, number>;
      }>('sainte-lague')
    ).default;
    const votes = Object.fromEntries(units.map((unit) => [unit.id, unit.population]));
    let theirs: Record<string, number> = {};
    packageSeconds = timeEach(BASELINE_RUNS, () => {
      theirs = sainteLague(votes, data.totalSeats, { draw: true });
    });
    packageDisagrees = data.chapters.filter(
      (chapter) => (theirs[chapter.chapterId] ?? 0) !== chapter.seats && !drawn.has(chapter.chapterId),
    ).length;
  }

  return {
    seconds: elapsed,
    head: head.toString(),
    chapters: data.chapters.length,
    members: data.chapters.reduce((sum, chapter) => sum + chapter.members, 0),
    seatsAwarded: data.chapters.reduce((sum, chapter) => sum + chapter.seats, 0),
    chaptersWithSeats: data.chapters.filter((chapter) => chapter.seats > 0).length,
    lots: data.working.lots.length,
    apportionSeconds,
    packageSeconds,
    packageDisagrees,
    chaptersInLots: drawn.size,
    conventionReadAfterSeconds,
    countQuerySeconds,
    decideSeconds,
    eventBytes,
    largestAppendBytes,
    stringifySeconds,
    maxRssKb,
  } satisfies ApportionmentReport;
}

async function close(fixture: ConventionFixture, conventionId: string, secretaryId: string, chapterId: string) {
  const closeAfter = await fixture.store.headPosition();
  fixture.projections.start();
  const command = new CloseDelegateVotingCommand(
    accepted(memberActor(secretaryId)),
    memberActor(secretaryId),
    conventionId,
    chapterId,
  );
  const started = process.hrtime.bigint();
  const result: CloseDelegateVotingResult = await fixture.closeVoting.execute(command);
  const elapsed = seconds(started);
  const maxRssKb = process.resourceUsage().maxRSS;

  const tallied = result.outcome.events.find(
    (event): event is DelegateElectionTallied => event.type === 'DelegateElectionTallied',
  );
  if (tallied === undefined || tallied.data.working === null) {
    throw new Error(`the election was not tallied: ${JSON.stringify(result.outcome.events).slice(0, 500)}`);
  }
  const { data } = tallied;

  // The parts, each on its own: reading the ballots from the log, then the count alone on them.
  const history = await fixture.store.readStream(delegateElectionStream(result.electionId));
  const opened = history.find((recorded) => recorded.type === 'DelegateVotingOpened');
  const closed = history.find((recorded) => recorded.type === 'DelegateVotingClosed');
  if (opened === undefined || closed === undefined) throw new Error('the election stream has no open and close');
  const readStarted = process.hrtime.bigint();
  const ballots = await ballotsCastBetween(
    fixture.store,
    conventionId,
    result.electionId,
    opened.position,
    closed.position,
  );
  const readBallotsSeconds = seconds(readStarted);
  const rankings = ballots.flatMap((ballot) => (ballot.method === 'STV' ? [{ ranking: ballot.ranking }] : []));
  const seed = `${BENCH_LOT_SEED}/delegate-election/${chapterId}`;
  const fill = Math.min(data.seats, data.candidates.length);
  let order: readonly string[] = [];
  const countSeconds = timeEach(BASELINE_RUNS, () => {
    order = countScottishStv(data.candidates, rankings, { seats: fill, seed }).order;
  });
  if (JSON.stringify(order.slice(0, fill)) !== JSON.stringify(data.elected)) {
    throw new Error('countScottishStv alone elected others than the handler did');
  }

  return {
    seconds: elapsed,
    ballots: data.ballots,
    candidates: data.candidates.length,
    elected: data.elected.length,
    stages: data.working !== null && 'stages' in data.working ? data.working.stages.length : 0,
    countSeconds,
    readBallotsSeconds,
    logEventsRead: Number(closed.position - opened.position),
    eventBytes: Buffer.byteLength(JSON.stringify(data)),
    largestAppendBytes: await largestAppendAfter(fixture.store, delegateElectionStream(result.electionId), closeAfter),
    maxRssKb,
  } satisfies TallyReport;
}

async function main(): Promise<ApportionmentReport | TallyReport> {
  const [mode, dataDir, conventionId, secretaryId, chapterId] = process.argv.slice(2);
  if (
    !(mode === 'advance' || (mode === 'close' && chapterId !== undefined)) ||
    dataDir === undefined ||
    conventionId === undefined ||
    secretaryId === undefined
  ) {
    throw new Error('usage: convention.child.ts advance|close <data dir> <convention id> <secretary id> [chapter id]');
  }
  return withTempDir(
    'plenary-bench-convention-run-',
    async (workDir) => {
      copyDataDir(dataDir, workDir);
      const fixture = ConventionFixture.open(workDir);
      try {
        return mode === 'advance'
          ? await advance(fixture, conventionId, secretaryId)
          : await close(fixture, conventionId, secretaryId, chapterId);
      } finally {
        await fixture.close();
      }
    },
    WORK_PARENT,
  );
}

reportToParent(main);
