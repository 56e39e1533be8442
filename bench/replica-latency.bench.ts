import { join } from 'node:path';
import { benchScale, exited, forkTs, median, nextMessage, progress, withTempDir } from './bench-support';
import type { BenchRow } from './bench-table';

const SERVER = 'bench/http-server.child.ts';
const ENROL = 'mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { token receipt { position } } }';
const ME = 'query ($wait: String) { me(waitForPosition: $wait) { pseudonym } }';

async function gql(port: number, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors !== undefined) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

/**
 * Read-your-writes across processes on one SQLite store: a member enrols through one API
 * process, then reads their own profile through another (its own read models), waiting for the
 * enrolment's position. The reading process learns of the append only by polling the store, so
 * this is the latency a replica adds; the baseline is the same read through the writing process,
 * whose projector is woken by its own append.
 */
export async function runReplicaLatencyBench(): Promise<BenchRow[]> {
  const writes = benchScale() === 'small' ? 40 : 300;
  return withTempDir('plenary-bench-replica-', async (dataDir) => {
    const writer = forkTs(SERVER, ['plenary', dataDir]);
    const { port: writerPort } = await nextMessage<{ port: number }>(writer);
    // Started after the first so the two never race to create the store.
    const reader = forkTs(SERVER, ['plenary', dataDir, join(dataDir, 'replica')]);
    const same: number[] = [];
    const other: number[] = [];
    const repeated: number[] = [];
    try {
      const { port: readerPort } = await nextMessage<{ port: number }>(reader);
      progress(`replica latency: ${writes} writes on one process, each read on both`);
      for (let index = 0; index < writes; index += 1) {
        // Alternate which read goes first, so neither always finds the other's work done.
        const order = index % 2 === 0 ? ['same', 'other'] : ['other', 'same'];
        for (const side of order) {
          const { enrollMember } = await gql(writerPort, ENROL, { input: { pseudonym: `Replica ${side} ${index}` } });
          const started = process.hrtime.bigint();
          const port = side === 'same' ? writerPort : readerPort;
          const { me } = await gql(port, ME, { wait: enrollMember.receipt.position }, enrollMember.token);
          if (me === null) throw new Error('the profile was not there after waiting for its position');
          (side === 'same' ? same : other).push(Number(process.hrtime.bigint() - started) / 1e6);
          if (side === 'same') {
            // The same read again, now that the position is certainly reached: the round trip
            // and the query alone, the floor under read-your-writes on this process.
            const again = process.hrtime.bigint();
            await gql(port, ME, { wait: enrollMember.receipt.position }, enrollMember.token);
            repeated.push(Number(process.hrtime.bigint() - again) / 1e6);
          }
        }
      }
    } finally {
      for (const child of [reader, writer]) if (child.connected) child.send('stop');
      await Promise.all([exited(reader), exited(writer)]);
    }
    const waited = same.map((latency, index) => latency - repeated[index]);
    const note = `${writes} enrolments; p99 ${percentile(other, 0.99).toFixed(1)} ms on the other process vs ${percentile(same, 0.99).toFixed(1)} ms on the writer; the SQLite adapter polls every 200 ms`;
    return [
      {
        name: 'read-your-writes on another process, p50',
        baseline: 'same read on the writing process',
        value: median(other),
        baselineValue: median(same),
        unit: 'ms',
        ratio: median(other) / median(same),
        note,
      },
      {
        name: 'read-your-writes on the writing process, p50',
        baseline: 'the same read repeated once the position is reached',
        value: median(same),
        baselineValue: median(repeated),
        unit: 'ms',
        ratio: median(same) / median(repeated),
        note: `${writes} enrolments, one client; the time from the enrolment's answer to \`me(waitForPosition)\` answering`,
      },
      {
        name: 'read-your-writes on the writing process, p99',
        baseline: 'the same read repeated once the position is reached',
        value: percentile(same, 0.99),
        baselineValue: percentile(repeated, 0.99),
        unit: 'ms',
        ratio: percentile(same, 0.99) / percentile(repeated, 0.99),
        targets: [{ of: 'value', atMost: 10 }],
        note:
          `${writes} enrolments, one client; issue 12's target is a p99 of at most 10 ms; ` +
          `the wait alone (each read less its repetition): p50 ${median(waited).toFixed(1)} ms, ` +
          `p99 ${percentile(waited, 0.99).toFixed(1)} ms`,
      },
    ];
  });
}
