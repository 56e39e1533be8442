import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { AdvanceConventionPhaseCommand } from '../apps/api/src/convention/advance-convention-phase/advance-convention-phase.command';
import { CastDelegateBallotCommand } from '../apps/api/src/convention/cast-delegate-ballot/cast-delegate-ballot.command';
import { ConsentToNominationCommand } from '../apps/api/src/convention/consent-to-nomination/consent-to-nomination.command';
import { NominateDelegateCommand } from '../apps/api/src/convention/nominate-delegate/nominate-delegate.command';
import { OpenDelegateVotingCommand } from '../apps/api/src/convention/open-delegate-voting/open-delegate-voting.command';
import { benchScale, median, progress, runChild, seconds, withTempDir } from './bench-support';
import type { BenchRow } from './bench-table';
import type { TallyReport } from './convention.child';
import { ConventionFixture, accepted, benchRules, callConvention, memberActor } from './convention-fixture';
import { MembershipLog, Random } from './membership-log';

/**
 * Issue 4: "a 10,000-member chapter election tallied in at most 1 s". One chapter of 10,000
 * members; the convention called and moved to DELEGATE_SELECTION (seats apportioned from the
 * read models); 20 candidates nominated (15 stand themselves, 5 are nominated by another member
 * and consent); voting opened; every member casts an STV ballot. All of it goes through the
 * API's command handlers, so the ballots are DelegateBallotCast events in per-voter streams as
 * the decider makes them. Then the close-and-count (CloseDelegateVotingHandler: close, read the
 * ballots back from the global log, count, append the tally) is timed on fresh copies.
 */

const CHILD = 'bench/convention.child.ts';
const DATA_PARENT_DIR = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const REPETITIONS = 3;
const TARGET_SECONDS = 1;
const CANDIDATES = 20;
const SELF_NOMINATED = 15;
const SEATS = 10;

/**
 * Rankings with a realistic shape: candidates differ in popularity (log-normal), each voter
 * ranks between 1 and 8 of them, drawn by popularity without replacement.
 */
function ranking(random: Random, candidates: readonly string[], popularity: readonly number[]): string[] {
  const length = 1 + Math.floor(random.next() * 8);
  const left = candidates.map((candidate, index) => ({ candidate, weight: popularity[index] }));
  const ranked: string[] = [];
  while (ranked.length < length && left.length > 0) {
    let roll = random.next() * left.reduce((sum, entry) => sum + entry.weight, 0);
    let index = 0;
    while (index < left.length - 1 && roll >= left[index].weight) {
      roll -= left[index].weight;
      index += 1;
    }
    ranked.push(left[index].candidate);
    left.splice(index, 1);
  }
  return ranked;
}

export async function runElectionBench(): Promise<BenchRow[]> {
  const voters = benchScale() === 'small' ? 1_000 : 10_000;
  return withTempDir(
    'plenary-bench-election-',
    async (dataDir) => {
      const fixture = ConventionFixture.open(dataDir);
      const members: string[] = [];
      let chapterId = '';
      let conventionId: string;
      let ballotSeconds: number;
      try {
        progress(`election: ${voters.toLocaleString('en-US')} members in one chapter`);
        await fixture.write(
          new MembershipLog(20261127).chapteredMembership(1, voters, (memberId, chapter) => {
            members.push(memberId);
            chapterId = chapter;
          }),
        );
        const secretaryId = members[0];
        conventionId = await callConvention(fixture.commands, benchRules(SEATS, 0), randomUUID(), secretaryId);
        await fixture.projections.catchUp();
        fixture.projections.start();
        const secretary = memberActor(secretaryId);
        await fixture.advancePhase.execute(
          new AdvanceConventionPhaseCommand(accepted(secretary), secretary, conventionId, 'DELEGATE_SELECTION'),
        );

        const candidates = members.slice(1, 1 + CANDIDATES);
        const nominator = members[1 + CANDIDATES];
        for (const [index, candidateId] of candidates.entries()) {
          const nominatedBy = index < SELF_NOMINATED ? candidateId : nominator;
          await fixture.nominate.execute(
            new NominateDelegateCommand(
              accepted(memberActor(nominatedBy)),
              nominatedBy,
              conventionId,
              chapterId,
              candidateId,
            ),
          );
          if (nominatedBy !== candidateId) {
            await fixture.consent.execute(
              new ConsentToNominationCommand(accepted(memberActor(candidateId)), candidateId, conventionId, chapterId),
            );
          }
        }
        await fixture.openVoting.execute(
          new OpenDelegateVotingCommand(accepted(secretary), secretary, conventionId, chapterId),
        );

        progress(`election: ${voters.toLocaleString('en-US')} ballots through CastDelegateBallotHandler`);
        const random = new Random(42);
        const popularity = candidates.map(() => Math.exp(random.next() * 2));
        const started = process.hrtime.bigint();
        for (const voterId of members) {
          await fixture.castBallot.execute(
            new CastDelegateBallotCommand(accepted(memberActor(voterId)), voterId, conventionId, chapterId, {
              method: 'STV',
              ranking: ranking(random, candidates, popularity),
            }),
          );
        }
        ballotSeconds = seconds(started);
        progress(`election: ballots cast in ${ballotSeconds.toFixed(1)} s`);
      } finally {
        await fixture.close();
      }

      const runs: TallyReport[] = [];
      for (let run = 0; run < REPETITIONS; run += 1) {
        progress(`election: timed run ${run + 1} of ${REPETITIONS}`);
        const report = await runChild<TallyReport>(CHILD, ['close', dataDir, conventionId, members[0], chapterId]);
        progress(`election: ${JSON.stringify(report)}`);
        runs.push(report);
      }
      return rows(voters, ballotSeconds, runs);
    },
    DATA_PARENT_DIR,
  );
}

function rows(voters: number, ballotSeconds: number, runs: readonly TallyReport[]): BenchRow[] {
  const first = runs[0];
  const ms = (value: number) => value * 1000;
  const subject = median(runs.map((run) => run.seconds));
  const count = median(runs.map((run) => run.countSeconds));
  const label = voters >= 1000 ? `${voters / 1000}k` : String(voters);
  return [
    {
      name: `election: CloseDelegateVoting (close + read ballots + count), ${label} ballots`,
      baseline: 'libs/voting countScottishStv() alone, same ballots',
      value: ms(subject),
      baselineValue: ms(count),
      unit: 'ms',
      ratio: subject / count,
      targets: benchScale() === 'full' ? [{ of: 'value', atMost: ms(TARGET_SECONDS) }] : undefined,
      note:
        `the handler as the API runs it, each run in its own process on a fresh copy of the data, cold; median of ` +
        `${REPETITIONS}: ${runs.map((run) => ms(run.seconds).toFixed(0)).join(', ')} ms. ${first.ballots} ballots ` +
        `(one per voter stream, cast through CastDelegateBallotHandler at ${Math.round(voters / ballotSeconds)} ` +
        `ballots/s), ${first.candidates} candidates, ${SEATS} seats, Scottish STV: ${first.elected} elected in ` +
        `${first.stages} stages. Parts timed alone (first run): ballotsCastBetween over ${first.logEventsRead} log ` +
        `events ${ms(first.readBallotsSeconds).toFixed(0)} ms, countScottishStv ${ms(first.countSeconds).toFixed(1)} ms; ` +
        `DelegateElectionTallied data ${(first.eventBytes / 1024).toFixed(0)} KB, largest append ${(first.largestAppendBytes / 1024).toFixed(0)} KiB; peak RSS ${Math.round(first.maxRssKb / 1024)} MB`,
    },
  ];
}
