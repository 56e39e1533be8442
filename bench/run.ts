import { execSync } from 'node:child_process';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { benchScale } from './bench-support';
import { BenchRow, renderTable } from './bench-table';
import { runApportionmentBench } from './apportionment.bench';
import { runAsOfBench } from './as-of.bench';
import { runElectionBench } from './election.bench';
import { runEventStoreBench } from './event-store.bench';
import { runFloorVotesBench } from './floor-votes.bench';
import { runHttpEnrolmentBench } from './http-enrolment.bench';
import { runAuditPageBench } from './audit-page.bench';
import { runProvenanceBench } from './provenance.bench';
import { runRebuildBench } from './rebuild.bench';
import { runVotingBench } from './voting.bench';
import { runReferendumBench } from './referendum.bench';
import { runReplicaLatencyBench } from './replica-latency.bench';

/**
 *   npm run bench                      every benchmark, one table at the end
 *   npm run bench -- rebuild http      only those
 *   BENCH_SCALE=small npm run bench    a quick smoke run at a tenth of the size
 */

type Benchmark = () => Promise<BenchRow[]>;

const BENCHMARKS: Readonly<Record<string, Benchmark>> = {
  'event-store': runEventStoreBench,
  rebuild: runRebuildBench,
  http: runHttpEnrolmentBench,
  voting: runVotingBench,
  apportionment: runApportionmentBench,
  election: runElectionBench,
  floor: runFloorVotesBench,
  referendum: runReferendumBench,
  replicas: runReplicaLatencyBench,
  provenance: runProvenanceBench,
  'as-of': runAsOfBench,
  'audit-page': runAuditPageBench,
};

function machine(scale: string): string {
  const gitCommit = (() => {
    try {
      return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      return 'unknown';
    }
  })();
  return [
    `${new Date().toISOString()}, commit ${gitCommit}, scale ${scale}`,
    `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ` +
      `Node ${process.version}, temp dir ${tmpdir()}`,
    `load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' / ')} (1 / 5 / 15 min) at the end`,
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark: ${unknown.join(', ')}. Choose from: ${Object.keys(BENCHMARKS).join(', ')}`);
    return 2;
  }
  // Read before anything runs, so a mistyped BENCH_SCALE fails at once and not after minutes.
  const scale = benchScale();
  const chosen = argv.length === 0 ? Object.keys(BENCHMARKS) : argv;
  const rows: BenchRow[] = [];
  const failed: string[] = [];
  for (const name of chosen) {
    const started = Date.now();
    try {
      rows.push(...(await BENCHMARKS[name]()));
      process.stderr.write(`[bench] ${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    } catch (error) {
      failed.push(name);
      console.error(`[bench] ${name} failed:`, error);
    }
  }
  console.log(machine(scale));
  console.log();
  console.log(renderTable(rows));
  if (failed.length > 0) console.log(`\nFailed: ${failed.join(', ')} (see the errors above)`);
  return failed.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
