import autocannon from 'autocannon';
import { isDeepStrictEqual } from 'node:util';
import {
  alternate,
  benchScale,
  exited,
  forkTs,
  median,
  nextMessage,
  progress,
  readModelsCaughtUp,
  runChild,
  withTempDir,
} from './bench-support';
import type { BenchRow } from './bench-table';
import type { ProvenanceSetup } from './provenance-setup.child';

/**
 * Rule provenance at full depth under load (issue 10): the README's `rule(id)` query, with every
 * version of the rule (`versions(first: 3)`) and a roll call page of ROLL_CALL seats each, at
 * CONNECTIONS connections for a fixed duration, against the real API running as in production.
 * Baseline, side by side in the same run: a raw Fastify + Mercurius + graphql-jit server with a
 * hand-written SDL for the same response shape and hand-written SQL over the same read-model
 * file (bench/provenance-server.child.ts). Before anything is timed both answers are compared
 * (deep equality of the parsed JSON), so the two do the same work; every measured response is
 * compared byte for byte with its server's first one.
 *
 * The store is built through the API by bench/provenance-setup.child.ts: DELEGATES seats
 * elected, a rule adopted after a friendly, a voted primary and a voted secondary amendment, and
 * amended by AMENDING later conventions; five roll calls of every seat.
 */

const CONNECTIONS = 50;
const SERVER = 'bench/provenance-server.child.ts';
const ROLL_CALL = 50;
const AMENDING = 2;

export const PROVENANCE_QUERY = `query ($id: UUID!) {
  rule(id: $id) {
    title
    versions(first: ${AMENDING + 1}) {
      nodes {
        version
        clauses
        recorded { position at actor }
        enactment {
          proposal { kind title sponsor { pseudonym } seconders { member { pseudonym } } }
          amendments {
            level
            decidedBy
            mover { pseudonym }
            secondaries { mover { pseudonym } vote { tally { yesNo { outcome } } } }
          }
          vote {
            tally {
              yesNo {
                outcome
                weighted { yes no abstain }
                threshold { kind required met }
                quorum { required met }
              }
            }
            rollCall(first: ${ROLL_CALL}) {
              nodes {
                seatId
                choice
                recorded { position actor }
                delegate {
                  member { pseudonym }
                  chapterName
                  election { method electedAtStage ballotsCounted }
                  apportionment { members seats quotient { exact } }
                }
              }
            }
          }
        }
      }
    }
  }
}`;

type ServerKind = 'plenary' | 'raw';

interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  /** The server process's CPU time per answer, in ms: less disturbed by other tenants than req/s. */
  readonly cpuMsPerAnswer: number;
  /** Non-2xx answers, connection errors and timeouts, and bodies other than the reference. */
  readonly failed: number;
  readonly failureSamples: readonly string[];
}

interface Server {
  readonly kind: ServerKind;
  readonly port: number;
  /** The server's answer checked before measuring; every measured answer must equal it. */
  reference: string;
  /** CPU time the server's process has used so far, in milliseconds. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

async function startServer(kind: ServerKind, dataDir: string): Promise<Server> {
  const child = forkTs(SERVER, [kind, dataDir]);
  const { port } = await nextMessage<{ port: number }>(child);
  return {
    kind,
    port,
    reference: '',
    cpuMs: async () => {
      const answer = nextMessage<{ cpuMicros: number }>(child);
      child.send('cpu');
      return (await answer).cpuMicros / 1000;
    },
    stop: async () => {
      if (child.connected) child.send('stop');
      await exited(child);
    },
  };
}

async function post(port: number, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** The first place two JSON values differ, for an actionable message. */
function firstDifference(a: unknown, b: unknown, path = '$'): string {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const left = (a as Record<string, unknown>)[key];
    const right = (b as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(left, right)) return firstDifference(left, right, `${path}.${key}`);
  }
  return `${path}: equal`;
}

/**
 * Asks both servers once and checks they answer the same JSON, without errors, at the depth the
 * query asks for; keeps each server's exact bytes as the reference for the measured runs.
 */
async function checkSameAnswer(servers: readonly Server[], setup: ProvenanceSetup): Promise<number> {
  const body = { query: PROVENANCE_QUERY, variables: { id: setup.ruleId } };
  const answers = [];
  for (const server of servers) {
    const { status, text } = await post(server.port, body);
    const parsed = JSON.parse(text) as { data?: any; errors?: unknown };
    if (status !== 200 || parsed.errors !== undefined) {
      throw new Error(`${server.kind} answered ${status}: ${text.slice(0, 500)}`);
    }
    // The second answer is the one kept: Mercurius compiles the query (graphql-jit) after the first.
    server.reference = (await post(server.port, body)).text;
    if (!isDeepStrictEqual(JSON.parse(server.reference), parsed)) {
      throw new Error(`${server.kind} answered the same query differently the second time`);
    }
    answers.push(parsed);
  }
  const [plenary, raw] = answers;
  if (!isDeepStrictEqual(plenary, raw)) {
    throw new Error(`the servers answer differently: ${firstDifference(plenary, raw)}`);
  }
  const versions = plenary.data.rule.versions.nodes as any[];
  const seats = Math.min(ROLL_CALL, setup.delegates);
  if (
    versions.length !== setup.ruleVersions ||
    versions.some(
      (version) =>
        version.enactment.vote.rollCall.nodes.length !== seats ||
        version.enactment.vote.rollCall.nodes.some((entry: any) => entry.delegate?.apportionment?.quotient == null),
    )
  ) {
    throw new Error(`the answer is not at full depth: ${plenary.data.rule.versions.nodes.length} versions`);
  }
  return Buffer.byteLength(servers[0].reference);
}

/** `connections` connections asking the query for `duration` seconds. */
async function load(server: Server, ruleId: string, duration: number, connections = CONNECTIONS): Promise<LoadResult> {
  let failed = 0;
  let answered = 0;
  const failureSamples: string[] = [];
  const cpuBefore = await server.cpuMs();
  const started = process.hrtime.bigint();
  let lastAnswer = started;
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections,
    duration,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: PROVENANCE_QUERY, variables: { id: ruleId } }),
        onResponse: (status, body) => {
          answered += 1;
          lastAnswer = process.hrtime.bigint();
          if (status >= 200 && status < 300 && body === server.reference) return;
          failed += 1;
          if (failureSamples.length < 3) failureSamples.push(`${status} ${body.slice(0, 200)}`);
        },
      },
    ],
  });
  const cpuMsPerAnswer = ((await server.cpuMs()) - cpuBefore) / answered;
  return {
    cpuMsPerAnswer,
    // Answers over the time to the last one: autocannon's own per-second average counts whole
    // one-second buckets, which at a few hundred answers a second and a short run is coarse.
    requestsPerSecond: answered / (Number(lastAnswer - started) / 1e9),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: answered,
    failed: failed + result.non2xx + result.errors + result.timeouts,
    failureSamples,
  };
}

export async function runProvenanceBench(): Promise<BenchRow[]> {
  const small = benchScale() === 'small';
  const delegates = small ? 40 : 300;
  const rounds = small ? 1 : 3;
  const runSeconds = small ? 3 : 10;
  // No "plenary" in the directory's name: BENCH_CPU_PROF_ONLY=plenary must match the API child only.
  return withTempDir('provbench-', async (dataDir) => {
    progress(`provenance: building a convention of ${delegates} seats through the API`);
    const setup = await runChild<ProvenanceSetup>('bench/provenance-setup.child.ts', [
      dataDir,
      String(delegates),
      String(AMENDING),
    ]);
    const plenary = await startServer('plenary', dataDir);
    let raw: Server | undefined;
    try {
      raw = await startServer('raw', dataDir);
      await readModelsCaughtUp(plenary.port, setup.head);
      const bytes = await checkSameAnswer([plenary, raw], setup);
      progress(
        `provenance: both servers answer the same ${Math.round(bytes / 1024)} KiB; ` +
          `${rounds} alternated round(s) of ${runSeconds} s each after a ${runSeconds} s warm-up, ${CONNECTIONS} connections`,
      );
      const rawServer = raw;
      await load(plenary, setup.ruleId, runSeconds);
      await load(rawServer, setup.ruleId, runSeconds);
      const runs = await alternate(
        rounds,
        () => load(plenary, setup.ruleId, runSeconds),
        () => load(rawServer, setup.ruleId, runSeconds),
      );

      // The time one answer takes when it does not queue behind 49 others: at 50 connections a
      // closed loop's latency is mostly waiting (connections / throughput), so this is the
      // service time the 20 ms bound can be read against.
      const alone = await alternate(
        1,
        () => load(plenary, setup.ruleId, runSeconds, 1),
        () => load(rawServer, setup.ruleId, runSeconds, 1),
      );
      const of = (which: readonly LoadResult[], metric: (result: LoadResult) => number) => median(which.map(metric));
      const sum = (which: readonly LoadResult[], metric: (result: LoadResult) => number) =>
        which.reduce((total, result) => total + metric(result), 0);
      const rps = of(runs.subject, (result) => result.requestsPerSecond);
      const rawRps = of(runs.baseline, (result) => result.requestsPerSecond);
      const p50 = of(runs.subject, (result) => result.p50);
      const rawP50 = of(runs.baseline, (result) => result.p50);
      const p99 = of(runs.subject, (result) => result.p99);
      const rawP99 = of(runs.baseline, (result) => result.p99);
      const samples = [...runs.subject, ...runs.baseline, ...alone.subject, ...alone.baseline].flatMap(
        (result) => result.failureSamples,
      );
      const baseline = 'raw Mercurius + graphql-jit, hand-written SQL';
      const setupNote =
        `store built through the API: ${setup.delegates} seats, a rule in ${setup.ruleVersions} versions ` +
        `(3 amendments before adoption, ${setup.votes} roll calls, ${setup.ballots} ballots, log head ${setup.head}); ` +
        `the README's full-depth query with versions(first: ${AMENDING + 1}) and rollCall(first: ${ROLL_CALL}), ` +
        `${Math.round(bytes / 1024)} KiB per answer, checked equal on both servers; ${CONNECTIONS} connections, ` +
        `median of ${rounds} alternated run(s) of ${runSeconds} s after a warm-up, the API with NODE_ENV=production`;

      return [
        {
          name: 'rule provenance, full depth',
          baseline,
          value: rps,
          baselineValue: rawRps,
          unit: 'req/s',
          ratio: rps / rawRps,
          // Issue 10: at least 60% of the raw server's throughput, in the same run.
          targets: [{ of: 'ratio', atLeast: 0.6 }],
          note: `${setupNote}; runs: ${runs.subject.map((r) => Math.round(r.requestsPerSecond)).join(', ')} vs ${runs.baseline.map((r) => Math.round(r.requestsPerSecond)).join(', ')} req/s`,
        },
        {
          name: 'rule provenance CPU per answer',
          baseline,
          value: of(runs.subject, (result) => result.cpuMsPerAnswer),
          baselineValue: of(runs.baseline, (result) => result.cpuMsPerAnswer),
          unit: 'ms',
          ratio:
            of(runs.subject, (result) => result.cpuMsPerAnswer) / of(runs.baseline, (result) => result.cpuMsPerAnswer),
          note:
            'user + system CPU time of the server process over the measured runs, per answer (the inverse of ' +
            'throughput on a dedicated core; less disturbed by other tenants than req/s)',
        },
        {
          name: 'rule provenance p50 latency',
          baseline,
          value: p50,
          baselineValue: rawP50,
          unit: 'ms',
          ratio: p50 / rawP50,
        },
        {
          name: 'rule provenance p99 latency',
          baseline,
          value: p99,
          baselineValue: rawP99,
          unit: 'ms',
          ratio: p99 / rawP99,
          targets: [{ of: 'value', atMost: 20 }],
          note: `runs: ${runs.subject.map((r) => r.p99).join(', ')} vs ${runs.baseline.map((r) => r.p99).join(', ')} ms`,
        },
        {
          name: 'rule provenance p99, one connection',
          baseline,
          value: alone.subject[0].p99,
          baselineValue: alone.baseline[0].p99,
          unit: 'ms',
          ratio: alone.subject[0].p99 / alone.baseline[0].p99,
          note:
            `one connection for ${runSeconds} s: p50 ${alone.subject[0].p50} vs ${alone.baseline[0].p50} ms, ` +
            `${Math.round(alone.subject[0].requestsPerSecond)} vs ${Math.round(alone.baseline[0].requestsPerSecond)} req/s ` +
            `(not the target's condition, which is ${CONNECTIONS} connections)`,
        },
        {
          name: 'rule provenance failed requests',
          baseline,
          value: sum([...runs.subject, ...alone.subject], (result) => result.failed),
          baselineValue: sum([...runs.baseline, ...alone.baseline], (result) => result.failed),
          unit: 'requests',
          ratio: Number.NaN,
          targets: [{ of: 'value', atMost: 0 }],
          note:
            `non-2xx, connection errors, timeouts and answers other than the checked one, of ` +
            `${sum(runs.subject, (result) => result.requests)} vs ${sum(runs.baseline, (result) => result.requests)} measured` +
            (samples.length === 0 ? '' : `; e.g. ${samples.join(' | ')}`),
        },
      ];
    } finally {
      await plenary.stop();
      await raw?.stop();
    }
  });
}
