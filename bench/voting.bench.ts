/**
 * Benchmarks of libs/voting: Schulze, Scottish STV, Meek STV and yes/no counts over 10^4, 10^5 and
 * 10^6 ballots of 20 candidates, Schulze side by side with the `votes` package, and apportionment
 * side by side with `sainte-lague` and `hare-niemeyer`.
 *
 * Every scenario runs in its own Node process, so each reports its own peak RSS
 * (process.resourceUsage().maxRSS, which includes generating the ballots) and no scenario's garbage
 * slows the next. Times are medians of several runs after a warm-up run.
 *
 *   node -r @swc-node/register bench/voting.bench.ts     (standalone: prints a table)
 *   BENCH_SCALE=small ...                                 (10× fewer ballots: a smoke run)
 */
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { apportion, ApportionmentUnit } from '../libs/voting/src/apportionment';
import { plackettLuceRanking, randomInt, seededRandom } from '../libs/voting/src/fixtures/random';
import { importEsm } from '../libs/voting/src/fixtures/import-esm';
import { countYesNo, YesNoBallot } from '../libs/voting/src/majority';
import { countMeekStv } from '../libs/voting/src/meek-stv';
import { countSchulze } from '../libs/voting/src/schulze';
import { countScottishStv } from '../libs/voting/src/scottish-stv';
import { BenchRow, renderTable } from './bench-table';

const CANDIDATES = 20;
const SEATS = 10;
const SCENARIO_FLAG = '--voting-scenario';

interface Measurement {
  /** Median time of the subject, in milliseconds. */
  ms: number;
  /** Fastest run of the subject: the figure least disturbed by other load, used for growth. */
  minMs: number;
  /** Median time of the baseline, when the scenario has one. */
  baselineMs?: number;
  /** Fastest run of the baseline, when the scenario has one. */
  baselineMinMs?: number;
  /** Distinct ballots after grouping identical ones. */
  distinct?: number;
  /** Peak resident set size of the scenario's process, in megabytes. */
  peakRssMb: number;
  /** Anything worth a note: agreement with the baseline, winners, rounds. */
  detail?: string;
}

const names = Array.from({ length: CANDIDATES }, (_, i) => `candidate-${String(i + 1).padStart(2, '0')}`);

/** A Zipf-like popularity, so that rankings repeat as they do in real elections. */
const popularity = names.map((_, i) => 1 / (i + 1) ** 0.9);

/**
 * Rankings of 1 to 20 candidates, 3.4 on average (a geometric tail after the first preference),
 * drawn with a Plackett–Luce model from the popularity above, one ballot per voter.
 */
function ungroupedBallots(voters: number, seed: number): { ranking: string[] }[] {
  const random = seededRandom(seed);
  const ballots: { ranking: string[] }[] = new Array(voters);
  for (let v = 0; v < voters; v++) {
    const length = Math.min(CANDIDATES, 1 + Math.floor(-Math.log(1 - random()) / 0.35));
    ballots[v] = { ranking: plackettLuceRanking(random, popularity, length).map((c) => names[c]) };
  }
  return ballots;
}

/** The same ballots, grouped as they are drawn, so the ungrouped millions are never all held at once. */
function groupedBallots(voters: number, seed: number): { ranking: string[]; count: number }[] {
  const random = seededRandom(seed);
  const groups = new Map<string, { ranking: string[]; count: number }>();
  for (let v = 0; v < voters; v++) {
    const length = Math.min(CANDIDATES, 1 + Math.floor(-Math.log(1 - random()) / 0.35));
    const ranking = plackettLuceRanking(random, popularity, length);
    const key = ranking.join(',');
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { ranking: ranking.map((c) => names[c]), count: 1 });
  }
  return [...groups.values()];
}

function timeMs(body: () => unknown): number {
  const started = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median and fastest of `runs` timed runs after one untimed warm-up. */
function measureMs(runs: number, body: () => unknown): { ms: number; minMs: number } {
  body();
  const times = Array.from({ length: runs }, () => timeMs(body));
  return { ms: median(times), minMs: Math.min(...times) };
}

const runsFor = (voters: number): number => (voters >= 1_000_000 ? 5 : voters >= 100_000 ? 9 : 21);

const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

interface VotesPackage {
  Schulze: new (matrix: { array: number[][]; candidates: string[] }) => { ranking(): string[][] };
  utils: {
    matrixFromBallots(
      ballots: { ranking: string[][]; weight: number }[],
      candidates: string[],
    ): {
      array: number[][];
      candidates: string[];
    };
  };
}

const yesNoBallots = (voters: number): YesNoBallot[] => {
  const random = seededRandom(3);
  const choices = ['yes', 'no', 'abstain'] as const;
  return Array.from({ length: voters }, () => ({ choice: choices[randomInt(random, 0, 2)] }));
};

/** For each method whose growth is measured: builds the input for n ballots and returns the timed count. */
const counters: Record<string, (voters: number) => () => unknown> = {
  schulze: (voters) => {
    const ballots = groupedBallots(voters, 1);
    return () => countSchulze(names, ballots);
  },
  'scottish-stv': (voters) => {
    const ballots = groupedBallots(voters, 2);
    return () => countScottishStv(names, ballots, { seats: SEATS, seed: 'bench' });
  },
  'meek-stv': (voters) => {
    const ballots = groupedBallots(voters, 2);
    return () => countMeekStv(names, ballots, { seats: SEATS, seed: 'bench' });
  },
  'yes-no': (voters) => {
    const ballots = yesNoBallots(voters);
    return () => countYesNo(ballots, { threshold: { kind: 'two-thirds' } });
  },
};

/**
 * Growth from n/10 to n ballots, both inputs in one process and their runs alternated, so that
 * load from elsewhere on the machine falls on both sizes alike.
 */
function measureGrowth(kind: string, voters: number): Measurement {
  const small = counters[kind](voters / 10);
  const large = counters[kind](voters);
  small();
  large();
  const rounds = kind === 'meek-stv' ? 5 : kind === 'yes-no' ? 31 : 15;
  const smallMs: number[] = [];
  const largeMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    smallMs.push(timeMs(small));
    largeMs.push(timeMs(large));
  }
  return {
    ms: median(largeMs),
    minMs: Math.min(...largeMs),
    baselineMs: median(smallMs),
    baselineMinMs: Math.min(...smallMs),
    peakRssMb: peakRssMb(),
  };
}

/** The scenarios, each run in a child process: name → measurement. */
const scenarios: Record<string, (voters: number) => Promise<Measurement>> = {
  'growth:schulze': async (voters) => measureGrowth('schulze', voters),
  'growth:scottish-stv': async (voters) => measureGrowth('scottish-stv', voters),
  'growth:meek-stv': async (voters) => measureGrowth('meek-stv', voters),
  'growth:yes-no': async (voters) => measureGrowth('yes-no', voters),

  async schulze(voters) {
    const ballots = groupedBallots(voters, 1);
    let winner = '';
    const { ms, minMs } = measureMs(runsFor(voters), () => {
      winner = countSchulze(names, ballots).winners.join(' ');
    });
    return { ms, minMs, distinct: ballots.length, peakRssMb: peakRssMb(), detail: `winner ${winner}` };
  },

  async 'schulze-ungrouped'(voters) {
    const ballots = ungroupedBallots(voters, 1);
    const { ms, minMs } = measureMs(runsFor(voters), () => countSchulze(names, ballots));
    return { ms, minMs, distinct: ballots.length, peakRssMb: peakRssMb() };
  },

  async 'schulze-vs-votes'(voters) {
    const votes = await importEsm<VotesPackage>('votes');
    const ballots = groupedBallots(voters, 1);
    const theirBallots = ballots.map(({ ranking, count }) => ({ ranking: ranking.map((c) => [c]), weight: count }));
    const ours = () => countSchulze(names, ballots).ranking;
    const theirs = () => new votes.Schulze(votes.utils.matrixFromBallots(theirBallots, names)).ranking();
    const agree = JSON.stringify(ours()) === JSON.stringify(theirs());
    // Alternate which goes first, so a noisy phase of the machine falls on both.
    const oursMs: number[] = [];
    const theirsMs: number[] = [];
    for (let round = 0; round < 11; round++) {
      if (round % 2 === 0) {
        theirsMs.push(timeMs(theirs));
        oursMs.push(timeMs(ours));
      } else {
        oursMs.push(timeMs(ours));
        theirsMs.push(timeMs(theirs));
      }
    }
    return {
      ms: median(oursMs),
      minMs: Math.min(...oursMs),
      baselineMs: median(theirsMs),
      distinct: ballots.length,
      peakRssMb: peakRssMb(),
      detail: agree ? 'same ranking' : 'RANKINGS DIFFER',
    };
  },

  async 'scottish-stv'(voters) {
    const ballots = groupedBallots(voters, 2);
    let elected = 0;
    let stages = 0;
    const { ms, minMs } = measureMs(runsFor(voters), () => {
      const result = countScottishStv(names, ballots, { seats: SEATS, seed: 'bench' });
      elected = result.elected.length;
      stages = result.stages.length;
    });
    return {
      ms,
      minMs,
      distinct: ballots.length,
      peakRssMb: peakRssMb(),
      detail: `${elected} elected in ${stages} stages`,
    };
  },

  async 'meek-stv'(voters) {
    const ballots = groupedBallots(voters, 2);
    let detail = '';
    const { ms, minMs } = measureMs(runsFor(voters), () => {
      const result = countMeekStv(names, ballots, { seats: SEATS, seed: 'bench' });
      const iterations = result.rounds.reduce((sum, round) => sum + round.iterations, 0);
      detail = `${result.rounds.length} rounds, ${iterations} iterations`;
    });
    return { ms, minMs, distinct: ballots.length, peakRssMb: peakRssMb(), detail };
  },

  async 'yes-no'(voters) {
    const ballots = yesNoBallots(voters);
    let outcome = '';
    const { ms, minMs } = measureMs(21, () => {
      outcome = countYesNo(ballots, { threshold: { kind: 'two-thirds' } }).outcome;
    });
    return { ms, minMs, peakRssMb: peakRssMb(), detail: outcome };
  },

  async 'yes-no-weighted'(voters) {
    const random = seededRandom(4);
    const choices = ['yes', 'no', 'abstain'] as const;
    const weights = ['1', '1/2', '2/3', '3'];
    const ballots: YesNoBallot[] = Array.from({ length: voters }, () => ({
      choice: choices[randomInt(random, 0, 2)],
      weight: weights[randomInt(random, 0, 3)],
    }));
    const { ms, minMs } = measureMs(21, () => countYesNo(ballots, { threshold: { kind: 'simple-majority' } }));
    return { ms, minMs, peakRssMb: peakRssMb() };
  },

  async 'sainte-lague-vs-package'(units) {
    const sainteLague = (
      await importEsm<{ default: (v: Record<string, number>, s: number) => Record<string, number> }>('sainte-lague')
    ).default;
    return compareApportionment(units, 'sainte-lague', (votes, seats) => sainteLague(votes, seats));
  },

  async 'hamilton-vs-package'(units) {
    const hareNiemeyer = (
      await importEsm<{
        default: (v: Record<string, number>, s: number, draw: boolean) => Record<string, number>;
      }>('hare-niemeyer')
    ).default;
    return compareApportionment(units, 'hamilton', (votes, seats) => hareNiemeyer(votes, seats, false));
  },
};

/** Apportions 2 × units seats among `units` chapters of random size, ours against a package. */
function compareApportionment(
  unitCount: number,
  method: 'sainte-lague' | 'hamilton',
  theirs: (votes: Record<string, number>, seats: number) => Record<string, number>,
): Measurement {
  const random = seededRandom(5);
  const units: ApportionmentUnit[] = Array.from({ length: unitCount }, (_, i) => ({
    id: `chapter-${i}`,
    population: randomInt(random, 10, 50_000),
  }));
  const seats = 2 * unitCount;
  const votes = Object.fromEntries(units.map((u) => [u.id, Number(u.population)]));
  const ours = () => apportion(units, { method, seats, seed: 'bench' });
  const oursSeats = Object.fromEntries(ours().allocations.map((a) => [a.id, a.seats]));
  const agree = JSON.stringify(oursSeats) === JSON.stringify(theirs(votes, seats));
  return {
    ...measureMs(9, ours),
    baselineMs: measureMs(9, () => theirs(votes, seats)).ms,
    peakRssMb: peakRssMb(),
    detail: agree ? 'same seats' : 'SEATS DIFFER',
  };
}

/** Runs one scenario in a fresh Node process and returns its measurement. */
function inChild(scenario: string, size: number): Promise<Measurement> {
  const execArgv = __filename.endsWith('.ts') ? ['-r', '@swc-node/register'] : [];
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [SCENARIO_FLAG, scenario, String(size)], {
      execArgv: [...execArgv, '--max-old-space-size=4096'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let reported = false;
    child.once('message', (message: { ok: boolean; measurement?: Measurement; error?: string }) => {
      reported = true;
      if (message.ok && message.measurement) resolve(message.measurement);
      else reject(new Error(`voting benchmark ${scenario} ${size} failed: ${message.error}`));
    });
    child.once('exit', (code) => {
      if (!reported) reject(new Error(`voting benchmark ${scenario} ${size} exited with ${code} before reporting`));
    });
  });
}

const label = (voters: number): string => (voters >= 1e6 ? `${voters / 1e6}M` : `${voters / 1e3}k`);

/** Runs every voting scenario and returns the rows of the benchmark table. */
export async function runVotingBench(): Promise<BenchRow[]> {
  const small = (process.env.BENCH_SCALE ?? 'full') === 'small';
  const sizes = small ? [1_000, 10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const largest = sizes[2];
  const rows: BenchRow[] = [];
  const progress = (text: string) => process.stderr.write(`[bench] voting: ${text}\n`);
  const measured = new Map<string, Measurement>();
  const measure = async (scenario: string, size: number): Promise<Measurement> => {
    progress(`${scenario} ${label(size)}`);
    const result = await inChild(scenario, size);
    measured.set(`${scenario}/${size}`, result);
    return result;
  };

  const timeRows = (scenario: string, title: string, targetMs: number | null) => {
    const [a, b, c] = sizes.map((size) => measured.get(`${scenario}/${size}`) as Measurement);
    rows.push({
      name: `${title}, ${label(largest)} ballots`,
      baseline: targetMs === null ? 'none (for information)' : `target ≤ ${targetMs} ms`,
      value: c.ms,
      baselineValue: targetMs ?? c.ms,
      unit: 'ms',
      ratio: targetMs === null ? 1 : c.ms / targetMs,
      note: [
        `${label(sizes[0])}: ${a.ms.toFixed(1)} ms, ${label(sizes[1])}: ${b.ms.toFixed(1)} ms, ${label(largest)}: ${c.ms.toFixed(1)} ms`,
        c.distinct === undefined ? '' : `distinct ballots ${a.distinct} / ${b.distinct} / ${c.distinct}`,
        `peak RSS ${c.peakRssMb.toFixed(0)} MB`,
        c.detail ?? '',
      ]
        .filter((part) => part !== '')
        .join('; '),
      targets: targetMs === null || small ? undefined : [{ of: 'value', atMost: targetMs }],
    });
    const growth = measured.get(`growth:${scenario}/${largest}`) as Measurement;
    const factor = growth.minMs / (growth.baselineMinMs as number);
    rows.push({
      name: `${title}, growth ${label(sizes[1])} → ${label(largest)} ballots`,
      baseline: 'linear: 10× (target allows 10% for timing noise)',
      value: factor,
      baselineValue: 10,
      unit: '×',
      ratio: factor / 10,
      note: `both sizes in one process, runs alternated; fastest ${(growth.baselineMinMs as number).toFixed(1)} → ${growth.minMs.toFixed(1)} ms, medians ${(growth.baselineMs as number).toFixed(1)} → ${growth.ms.toFixed(1)} ms (${(growth.ms / (growth.baselineMs as number)).toFixed(2)}×); in separate processes ${label(sizes[0])} → ${label(sizes[1])} → ${label(largest)}: ${a.ms.toFixed(1)} → ${b.ms.toFixed(1)} → ${c.ms.toFixed(1)} ms`,
      targets: [{ of: 'ratio', atMost: 1.1 }],
    });
  };

  const loadBefore = loadavg()[0];
  for (const size of sizes) await measure('schulze', size);
  await measure('growth:schulze', largest);
  timeRows('schulze', 'Schulze, 20 candidates', 2000);
  rows[0].note += `; load average when the voting benchmarks started: ${loadBefore.toFixed(2)} on ${cpus().length} cores`;
  const ungrouped = await measure('schulze-ungrouped', largest);
  rows.push({
    name: `Schulze, 20 candidates, ${label(largest)} ballots not grouped`,
    baseline: 'target ≤ 2000 ms',
    value: ungrouped.ms,
    baselineValue: 2000,
    unit: 'ms',
    ratio: ungrouped.ms / 2000,
    note: `every ballot passed separately (count 1); peak RSS ${ungrouped.peakRssMb.toFixed(0)} MB`,
    targets: small ? undefined : [{ of: 'value', atMost: 2000 }],
  });

  const side = await measure('schulze-vs-votes', 10_000);
  rows.push({
    name: 'Schulze vs votes@3.0.0, 20 candidates, 10k ballots',
    baseline: 'votes Schulze (matrixFromBallots + ranking)',
    value: side.ms,
    baselineValue: side.baselineMs as number,
    unit: 'ms',
    ratio: side.ms / (side.baselineMs as number),
    note: `same grouped input (${side.distinct} distinct ballots), run alternately in one process, median of 11; ${side.detail}`,
    targets: [{ of: 'ratio', atMost: 1 }],
  });

  for (const size of sizes) await measure('scottish-stv', size);
  await measure('growth:scottish-stv', largest);
  timeRows('scottish-stv', 'Scottish STV, 20 candidates, 10 seats', 10_000);
  for (const size of sizes) await measure('meek-stv', size);
  await measure('growth:meek-stv', largest);
  timeRows('meek-stv', 'Meek STV, 20 candidates, 10 seats', null);
  for (const size of sizes) await measure('yes-no', size);
  await measure('growth:yes-no', largest);
  timeRows('yes-no', 'Yes/no/abstain, two-thirds', 200);
  const weighted = await measure('yes-no-weighted', largest);
  rows.push({
    name: `Yes/no/abstain with rational weights, ${label(largest)} ballots`,
    baseline: 'target ≤ 200 ms (as unweighted)',
    value: weighted.ms,
    baselineValue: 200,
    unit: 'ms',
    ratio: weighted.ms / 200,
    note: `four distinct weights; peak RSS ${weighted.peakRssMb.toFixed(0)} MB`,
    targets: small ? undefined : [{ of: 'value', atMost: 200 }],
  });

  const peaks = [...measured.entries()].filter(([key]) => key.endsWith(`/${largest}`));
  const [worstKey, worst] = peaks.reduce((a, b) => (b[1].peakRssMb > a[1].peakRssMb ? b : a));
  rows.push({
    name: `Peak RSS, any ${label(largest)}-ballot scenario`,
    baseline: 'target ≤ 500 MB',
    value: worst.peakRssMb,
    baselineValue: 500,
    unit: 'MB',
    ratio: worst.peakRssMb / 500,
    note: `worst: ${worstKey.split('/')[0]}; each scenario in its own process, maxRSS includes generating the ballots; ${peaks
      .map(([key, m]) => `${key.split('/')[0]} ${m.peakRssMb.toFixed(0)}`)
      .join(', ')}`,
    targets: small ? undefined : [{ of: 'value', atMost: 500 }],
  });

  for (const [scenario, title, baseline] of [
    ['sainte-lague-vs-package', 'Sainte-Laguë vs sainte-lague@3.0.0', 'sainte-lague (floating point)'],
    ['hamilton-vs-package', 'Hamilton vs hare-niemeyer@3.0.0', 'hare-niemeyer (floating point)'],
  ] as const) {
    const result = await measure(scenario, 500);
    rows.push({
      name: `${title}, 500 units, 1000 seats`,
      baseline,
      value: result.ms,
      baselineValue: result.baselineMs as number,
      unit: 'ms',
      ratio: result.ms / (result.baselineMs as number),
      note: `exact rational arithmetic and full working against a float-only package; ${result.detail}`,
    });
  }
  return rows;
}

if (require.main === module) {
  const at = process.argv.indexOf(SCENARIO_FLAG);
  if (at >= 0) {
    const scenario = process.argv[at + 1];
    const size = Number(process.argv[at + 2]);
    const send = (message: object) => new Promise<void>((resolve) => process.send?.(message, () => resolve()));
    scenarios[scenario](size)
      .then(
        (measurement) => send({ ok: true, measurement }),
        (error: unknown) => send({ ok: false, error: error instanceof Error ? error.stack : String(error) }),
      )
      .finally(() => process.disconnect?.());
  } else {
    runVotingBench().then(
      (rows) => console.log(renderTable(rows)),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  }
}
