import autocannon from 'autocannon';
import { join } from 'node:path';
import { Actor, EventMetadata, eventIdFor, uuidV5 } from '../libs/core/src';
import {
  PROPOSAL_KINDS,
  RulesOfProcedure,
  conventionStream,
  delegateElectionId,
  delegateElectionStream,
} from '../libs/convention/src';
import { SqliteEventStore } from '../libs/event-store/src';
import { memberStream } from '../libs/membership/src';
import { proposalStream } from '../libs/proposals/src';
import type { YesNoResult } from '../libs/voting/src';
import { benchScale, exited, forkTs, median, nextMessage, progress, withTempDir } from './bench-support';
import type { BenchRow } from './bench-table';

/**
 * Roll-call votes at the convention: DELEGATES credentialed delegates (CHAPTERS chapters of
 * SEATS_PER_CHAPTER seats) vote on MOTIONS motions, one after the other: the secretariat opens
 * the vote, every delegate casts one ballot over HTTP at CONNECTIONS connections, and the
 * secretariat closes it (which counts every seat's latest ballot). The delegates, their
 * elections, credentials and the seconded proposals are written as events through the store
 * port (going through HTTP would take far longer than the votes); every measured ballot goes
 * through HTTP. Baseline: the same number of trivial Mercurius mutations, same connections.
 *
 *   FLOOR_BENCH_MOTIONS=20 npm run bench -- floor    fewer motions (default 500; 5 when BENCH_SCALE=small)
 */

const CONNECTIONS = 50;
const SERVER = 'bench/http-server.child.ts';
const CHAPTERS = 100;
const SEATS_PER_CHAPTER = 20;
const DELEGATES = CHAPTERS * SEATS_PER_CHAPTER;
const CAST =
  'mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { voteId receipt { position } } }';
const TRIVIAL = 'mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) }';
const AT = '2026-11-27T08:00:00.000Z';
const CONVENTION_ID = uuidV5('bench/convention');

function motionCount(): number {
  const raw = process.env.FLOOR_BENCH_MOTIONS;
  if (raw === undefined || raw === '') return benchScale() === 'small' ? 5 : 500;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`FLOOR_BENCH_MOTIONS must be a whole number ≥ 1, not "${raw}"`);
  return value;
}

const RULES: RulesOfProcedure = {
  thresholds: PROPOSAL_KINDS.map((kind) => ({ kind, threshold: kind === 'RESOLUTION' ? '1/2' : '2/3' })),
  quorum: '1/2',
  amendmentDepth: 2,
  friendlyAmendments: true,
  seconders: 1,
  deadlines: [],
  totalSeats: DELEGATES,
  minimumSeatsPerChapter: 1,
  apportionmentMethod: 'SAINTE_LAGUE',
  electionMethod: 'APPROVAL',
  alternatesPerChapter: 0,
  lotSeed: 'bench',
};

interface Setup {
  readonly clerkId: string;
  readonly delegateIds: string[];
  readonly proposalIds: string[];
}

/** The convention in VOTING with every seat credentialed and the motions submitted and seconded, as events. */
async function writeSetup(dataDir: string, motions: number): Promise<Setup> {
  const store = SqliteEventStore.open({ path: join(dataDir, 'events.sqlite') });
  const actor: Actor = { kind: 'operator', name: 'bench' };
  let commands = 0;
  const append = async (stream: string, events: Array<{ type: string; data: unknown }>) => {
    const commandId = uuidV5(`bench/command/${++commands}`);
    const metadata: EventMetadata = {
      commandId,
      correlationId: commandId,
      causationId: commandId,
      actor,
      acceptedAt: AT,
    };
    await store.appendToStream(
      stream,
      events.map((event, index) => ({ id: eventIdFor(commandId, stream, index), ...event, metadata })),
      { expectedRevision: 'no_stream' },
    );
  };
  try {
    const clerkId = uuidV5('bench/clerk');
    const chapterIds = Array.from({ length: CHAPTERS }, (_, index) => uuidV5(`bench/chapter/${index}`));
    const delegateIds = Array.from({ length: DELEGATES }, (_, index) => uuidV5(`bench/delegate/${index}`));
    for (const [index, memberId] of [clerkId, ...delegateIds].entries()) {
      const chapterId = index === 0 ? null : chapterIds[(index - 1) % CHAPTERS];
      await append(memberStream(memberId), [
        {
          type: 'MemberEnrolled',
          data: {
            memberId,
            pseudonym: `bench ${index}`,
            region: null,
            acceptedCommitmentsVersion: null,
            enrolledAt: AT,
          },
        },
        ...(chapterId === null ? [] : [{ type: 'MemberJoinedChapter', data: { memberId, chapterId, joinedAt: AT } }]),
      ]);
    }
    const phases = ['CALLED', 'DELEGATE_SELECTION', 'PROPOSAL_SUBMISSION', 'AMENDMENT', 'DELIBERATION', 'VOTING'];
    await append(conventionStream(), [
      {
        type: 'ConventionCalled',
        data: { conventionId: CONVENTION_ID, title: 'Bench', rules: RULES, calledBy: 'bench', calledAt: AT },
      },
      {
        type: 'SecretariatMemberAppointed',
        data: { conventionId: CONVENTION_ID, memberId: clerkId, appointedBy: 'bench', appointedAt: AT },
      },
      {
        type: 'SeatsApportioned',
        data: {
          conventionId: CONVENTION_ID,
          cutoffPosition: '0',
          method: 'SAINTE_LAGUE',
          totalSeats: DELEGATES,
          minimumSeatsPerChapter: 1,
          chapters: chapterIds.map((chapterId) => ({
            chapterId,
            members: SEATS_PER_CHAPTER,
            seats: SEATS_PER_CHAPTER,
          })),
          // The version 1 shape (read through its upcaster); a working with nothing to show.
          working: {
            method: 'sainte-lague',
            seats: DELEGATES,
            minimumPerUnit: 1,
            totalPopulation: String(CHAPTERS * SEATS_PER_CHAPTER),
            allocations: [],
            awards: [],
            nextQuotients: [],
            hamiltonRounds: [],
            lots: [],
          },
          apportionedAt: AT,
        },
      },
      ...phases.slice(1).map((to, index) => ({
        type: 'ConventionPhaseAdvanced',
        data: { conventionId: CONVENTION_ID, from: phases[index], to, advancedBy: clerkId, advancedAt: AT },
      })),
    ]);
    for (const [index, chapterId] of chapterIds.entries()) {
      const electionId = delegateElectionId(CONVENTION_ID, chapterId);
      const elected = delegateIds.filter((_, delegate) => delegate % CHAPTERS === index);
      await append(delegateElectionStream(electionId), [
        {
          type: 'DelegateElectionStarted',
          data: {
            electionId,
            conventionId: CONVENTION_ID,
            chapterId,
            seats: SEATS_PER_CHAPTER,
            method: 'APPROVAL',
            alternates: 0,
            seed: 'bench',
            startedAt: AT,
          },
        },
        {
          type: 'DelegateElectionTallied',
          data: {
            electionId,
            method: 'APPROVAL',
            seats: SEATS_PER_CHAPTER,
            candidates: elected,
            ballots: 0,
            elected,
            alternates: [],
            working: { note: 'written by the benchmark' },
            talliedAt: AT,
          },
        },
        ...elected.map((memberId) => ({
          type: 'DelegateCredentialed',
          data: { electionId, memberId, credentialedBy: clerkId, credentialedAt: AT },
        })),
      ]);
    }
    const proposalIds = Array.from({ length: motions }, (_, index) => uuidV5(`bench/proposal/${index}`));
    for (const [index, proposalId] of proposalIds.entries()) {
      await append(proposalStream(proposalId), [
        {
          type: 'ProposalSubmitted',
          data: {
            proposalId,
            conventionId: CONVENTION_ID,
            motion: { kind: 'resolution' },
            title: `Motion ${index + 1}`,
            subject: `Motion ${index + 1}`,
            clauses: [`The convention resolves matter ${index + 1}.`],
            version: 1,
            sponsorId: delegateIds[index % DELEGATES],
            secondersRequired: 1,
            submittedAt: AT,
          },
        },
        {
          type: 'ProposalSeconded',
          data: { proposalId, seconderId: delegateIds[(index + 1) % DELEGATES], secondedAt: AT },
        },
      ]);
    }
    return { clerkId, delegateIds, proposalIds };
  } finally {
    await store.close();
  }
}

async function graphql(port: number, query: string, variables: unknown, token?: string): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown };
  if (body.errors !== undefined) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

interface BallotRun {
  readonly ballotsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
  readonly errorSample: string | null;
}

/** Sends exactly `bodies.length` requests over CONNECTIONS connections and waits for every answer. */
async function fire(port: number, bodies: Array<{ body: string; token?: string }>): Promise<BallotRun> {
  let next = 0;
  let failed = 0;
  let errorSample: string | null = null;
  let lastResponse = process.hrtime.bigint();
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount: bodies.length,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        setupRequest: (request) => {
          const { body, token } = bodies[next++ % bodies.length];
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              accept: 'application/graphql-response+json',
              ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
            },
            body,
          };
        },
        onResponse: (status, body) => {
          lastResponse = process.hrtime.bigint();
          if (status >= 200 && status < 300 && !body.includes('"errors"')) return;
          failed += 1;
          errorSample ??= body.slice(0, 300);
        },
      },
    ],
  });
  const answered = Object.values(result.statusCodeStats).reduce((sum, { count }) => sum + count, 0);
  return {
    ballotsPerSecond: answered / (Number(lastResponse - started) / 1e9),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: failed + result.errors,
    errorSample,
  };
}

interface PlenaryRun {
  readonly ballots: BallotRun[];
  readonly closeMs: number[];
  readonly counted: number[];
}

async function plenaryRun(motions: number): Promise<PlenaryRun> {
  return withTempDir('plenary-bench-floor-', async (dataDir) => {
    const setup = await writeSetup(dataDir, motions);
    progress(`floor: setup written (${DELEGATES} delegates, ${motions} motions); starting the server`);
    const child = forkTs(SERVER, ['plenary', dataDir]);
    try {
      const { port } = await nextMessage<{ port: number }>(child);
      const token = async (memberId: string): Promise<string> =>
        (
          await graphql(
            port,
            `
              mutation ($input: IssueDevTokenInput!) {
                issueDevToken(input: $input) {
                  token
                }
              }
            `,
            {
              input: { kind: 'MEMBER', subject: memberId },
            },
          )
        ).issueDevToken.token;
      const clerk = await token(setup.clerkId);
      const tokens: string[] = [];
      for (const memberId of setup.delegateIds) tokens.push(await token(memberId));
      const ballots: BallotRun[] = [];
      const closeMs: number[] = [];
      const counted: number[] = [];
      for (const [index, proposalId] of setup.proposalIds.entries()) {
        const opened = await graphql(
          port,
          'mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId } }',
          { input: { conventionId: CONVENTION_ID, proposalId } },
          clerk,
        );
        const { voteId } = opened.openConventionVote;
        const choices = ['YES', 'YES', 'NO', 'ABSTAIN'];
        ballots.push(
          await fire(
            port,
            tokens.map((delegateToken, seat) => ({
              token: delegateToken,
              body: JSON.stringify({
                query: CAST,
                variables: { input: { voteId, choice: choices[(seat + index) % 4] } },
              }),
            })),
          ),
        );
        const started = process.hrtime.bigint();
        const closed = await graphql(
          port,
          'mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { receipt { position } } }',
          { input: { voteId } },
          clerk,
        );
        closeMs.push(Number(process.hrtime.bigint() - started) / 1e6);
        const view = await graphql(
          port,
          'query ($id: ID!, $wait: String) { conventionVote(id: $id, waitForPosition: $wait) { tally { yesNo { voters { yes no abstain } } } } }',
          { id: voteId, wait: closed.closeConventionVote.receipt.position },
        );
        const { voters } = view.conventionVote.tally.yesNo as Pick<YesNoResult, 'voters'>;
        counted.push(voters.yes + voters.no + voters.abstain);
        if ((index + 1) % Math.max(1, Math.floor(motions / 10)) === 0) {
          progress(
            `floor: ${index + 1}/${motions} motions, last ${Math.round(ballots[ballots.length - 1].ballotsPerSecond)} ballots/s`,
          );
        }
      }
      return { ballots, closeMs, counted };
    } finally {
      if (child.connected) child.send('stop');
      await exited(child);
    }
  });
}

async function baselineRun(motions: number): Promise<BallotRun[]> {
  const child = forkTs(SERVER, ['baseline']);
  try {
    const { port } = await nextMessage<{ port: number }>(child);
    const runs: BallotRun[] = [];
    for (let motion = 0; motion < motions; motion += 1) {
      runs.push(
        await fire(
          port,
          Array.from({ length: DELEGATES }, (_, seat) => ({
            body: JSON.stringify({ query: TRIVIAL, variables: { input: { pseudonym: `seat ${seat}`, region: null } } }),
          })),
        ),
      );
    }
    return runs;
  } finally {
    if (child.connected) child.send('stop');
    await exited(child);
  }
}

export async function runFloorVotesBench(): Promise<BenchRow[]> {
  const motions = motionCount();
  progress(`floor: ${DELEGATES} delegates × ${motions} motions, ${CONNECTIONS} connections`);
  const plenary = await plenaryRun(motions);
  const baseline = await baselineRun(motions);
  const totalBallots = DELEGATES * motions;
  const rate = (runs: readonly BallotRun[]) =>
    totalBallots / runs.reduce((sum, run) => sum + DELEGATES / run.ballotsPerSecond, 0);
  const rps = rate(plenary.ballots);
  const baselineRps = rate(baseline);
  const p99 = median(plenary.ballots.map((run) => run.p99));
  const baselineP99 = median(baseline.map((run) => run.p99));
  const worstP99 = Math.max(...plenary.ballots.map((run) => run.p99));
  const failed = plenary.ballots.reduce((sum, run) => sum + run.failed, 0);
  const counted = plenary.counted.reduce((sum, count) => sum + count, 0);
  const sample = plenary.ballots.find((run) => run.errorSample !== null)?.errorSample;
  const name = 'castConventionVote over HTTP';
  const baselineName = 'trivial Mercurius mutation';
  return [
    {
      name,
      baseline: baselineName,
      value: rps,
      baselineValue: baselineRps,
      unit: 'ballots/s',
      ratio: rps / baselineRps,
      // Issue 12: at least 3,000/s and a quarter of the bare server's rate (the full 500 motions).
      targets: [
        { of: 'value', atLeast: 3000 },
        { of: 'ratio', atLeast: 0.25 },
      ],
      note: `${DELEGATES} credentialed delegates (${CHAPTERS} chapters) × ${motions} roll-call votes opened and closed in turn, ${CONNECTIONS} connections; setup written through the store port`,
    },
    {
      name: `${name} p99 latency`,
      baseline: baselineName,
      value: p99,
      baselineValue: baselineP99,
      unit: 'ms',
      ratio: p99 / baselineP99,
      targets: [{ of: 'value', atMost: 50 }],
      note: `median over the votes of each vote's p99; worst vote ${worstP99} ms; p50 ${median(plenary.ballots.map((run) => run.p50))} ms`,
    },
    {
      name: `closeConventionVote (${DELEGATES} ballots)`,
      baseline: 'none',
      value: median(plenary.closeMs),
      baselineValue: Number.NaN,
      unit: 'ms',
      ratio: Number.NaN,
      note: `median; worst ${Math.round(Math.max(...plenary.closeMs))} ms: reads the ballots from the log, counts, records the decision`,
    },
    {
      name: 'convention ballots counted',
      baseline: 'ballots cast',
      value: counted,
      baselineValue: totalBallots - failed,
      unit: 'count',
      ratio: counted / (totalBallots - failed),
      targets: [{ of: 'ratio', atLeast: 1, atMost: 1 }],
      note: `failed requests: ${failed}${sample === undefined ? '' : `; e.g. ${sample}`}`,
    },
  ];
}
