import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export type BenchScale = 'full' | 'small';

/** `BENCH_SCALE=small` shrinks every benchmark to a quick smoke run; the figures are then only indicative. */
export function benchScale(): BenchScale {
  const raw = process.env.BENCH_SCALE ?? 'full';
  if (raw !== 'full' && raw !== 'small') throw new Error(`BENCH_SCALE must be "full" or "small", not "${raw}"`);
  return raw;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs subject and baseline `repetitions` times each, swapping which goes first every round, so
 * a slow phase of a noisy machine (another tenant, a checkpoint, thermal limits) falls on both.
 */
export async function alternate<Result>(
  repetitions: number,
  subject: () => Promise<Result>,
  baseline: () => Promise<Result>,
): Promise<{ subject: Result[]; baseline: Result[] }> {
  const results = { subject: [] as Result[], baseline: [] as Result[] };
  for (let round = 0; round < repetitions; round += 1) {
    if (round % 2 === 0) {
      results.baseline.push(await baseline());
      results.subject.push(await subject());
    } else {
      results.subject.push(await subject());
      results.baseline.push(await baseline());
    }
  }
  return results;
}

export function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** A fresh directory, by default on the real disk (fsync costs what it costs in production), removed afterwards. */
export async function withTempDir<Result>(
  prefix: string,
  body: (path: string) => Promise<Result>,
  parent: string = tmpdir(),
): Promise<Result> {
  const path = mkdtempSync(join(parent, prefix));
  try {
    return await body(path);
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}

export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

const ROOT = resolve(__dirname, '..');

/**
 * Starts a TypeScript entry in its own Node process (through scripts/run-ts.js, like `npm run
 * cli`), with an IPC channel for results. A separate process has its own peak RSS and its own
 * CPU share, so the subject and its baseline do not disturb each other.
 */
export function forkTs(entry: string, args: readonly string[]): ChildProcess {
  return fork(join(ROOT, 'scripts', 'run-ts.js'), [join(ROOT, entry), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...cpuProfileArguments(entry, args)],
  });
}

/**
 * `BENCH_CPU_PROF=<dir>` profiles every child (`node --cpu-prof`) into `<dir>/<entry name>/`,
 * written when the child exits; `node scripts/run-ts.js bench/profile-top.ts <file>` lists the
 * top self-time entries of one. `BENCH_CPU_PROF_ONLY=<word>` limits it to the children whose entry
 * name or arguments contain that word (e.g. `plenary`), so a baseline server is not slowed by the
 * profiler too.
 */
function cpuProfileArguments(entry: string, args: readonly string[]): string[] {
  const directory = process.env.BENCH_CPU_PROF;
  if (directory === undefined || directory === '') return [];
  const name = basename(entry).replace(/\.ts$/, '');
  const only = process.env.BENCH_CPU_PROF_ONLY;
  if (only !== undefined && only !== '' && ![name, ...args].join(' ').includes(only)) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${resolve(directory, name)}`];
}

/** The next IPC message of a child; rejects if it exits first. */
export function nextMessage<Message>(child: ChildProcess): Promise<Message> {
  return new Promise<Message>((resolvePromise, reject) => {
    const onMessage = (message: unknown) => {
      child.off('exit', onExit);
      resolvePromise(message as Message);
    };
    const onExit = (code: number | null, signal: string | null) => {
      child.off('message', onMessage);
      reject(new Error(`benchmark child exited (code ${code}, signal ${signal}) before reporting`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => child.once('exit', () => resolvePromise()));
}

/** What a child entry sends back: its result, or why it failed. */
export type ChildReport<Result> = { ok: true; result: Result } | { ok: false; error: string };

/** Runs a child entry to completion and returns the result it reported. */
export async function runChild<Result>(entry: string, args: readonly string[]): Promise<Result> {
  const child = forkTs(entry, args);
  const report = await nextMessage<ChildReport<Result>>(child);
  await exited(child);
  if (!report.ok) throw new Error(`${entry} failed: ${report.error}`);
  return report.result;
}

/** The child side of runChild: runs `body` and reports its result or error to the parent. */
export function reportToParent<Result>(body: () => Promise<Result>): void {
  const parent = process.send?.bind(process);
  if (parent === undefined) throw new Error('run this entry through bench/run.ts, not directly');
  const send = (report: ChildReport<Result>) =>
    new Promise<void>((resolvePromise) => parent(report, () => resolvePromise()));
  body()
    .then(
      (result) => send({ ok: true, result }),
      (error: unknown) =>
        send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    )
    .finally(() => process.disconnect());
}

/** A server a benchmark child runs: where it listens, and how to close it. */
export interface ChildServer {
  readonly port: number;
  close(): Promise<unknown>;
}

/**
 * The child side of a benchmark server: tells the parent the port, answers 'cpu' with the
 * process's CPU time so far (microseconds), and closes the server and exits on 'stop'.
 */
export function serveToParent(server: ChildServer): void {
  if (process.send === undefined) throw new Error('run this entry through bench/run.ts, not directly');
  process.on('message', (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpuMicros: user + system });
      return;
    }
    if (message !== 'stop') return;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.send({ port: server.port });
}

/** Waits until the API at `port` has its read models at `head` (a set-up's last position) or later. */
export async function readModelsCaughtUp(port: number, head: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ readModelPosition }' }),
    });
    const position = ((await response.json()) as { data?: { readModelPosition?: string } }).data?.readModelPosition;
    if (position !== undefined && BigInt(position) >= BigInt(head)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the API's read models did not reach position ${head}`);
}
