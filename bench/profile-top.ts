import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

/**
 * The top self-time entries of a V8 CPU profile (`node --cpu-prof`, see BENCH_CPU_PROF in
 * bench-support.ts), as a Markdown table: each function (by name and place) with its share of
 * all samples, and the share of the samples that were neither idle nor start-up. Usage:
 * `node scripts/run-ts.js bench/profile-top.ts <file.cpuprofile> [how many, default 15]`.
 */

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

const ROOT = resolve(__dirname, '..');

function place(frame: ProfileNode['callFrame']): string {
  if (frame.url === '') return '';
  const path = frame.url.replace(/^file:\/\//, '');
  const shown = path.includes('node_modules/')
    ? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
    : path.startsWith('/')
      ? relative(ROOT, path)
      : path;
  return `${shown}:${frame.lineNumber + 1}`;
}

function main(): void {
  const [file, count = '15'] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: profile-top.ts <file.cpuprofile> [how many]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const keyOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const name = node.callFrame.functionName === '' ? '(anonymous)' : node.callFrame.functionName;
    const where = place(node.callFrame);
    keyOf.set(node.id, where === '' ? name : `${name} ${where}`);
  }
  // Start-up (requiring and compiling modules) is one line, so the rest reads as time under load.
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const loading = new Set(
    profile.nodes.filter((node) => node.callFrame.functionName === 'Module._load').map((node) => node.id),
  );
  const duringStartUp = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) if (loading.has(at)) return true;
    return false;
  };
  const samplesOf = new Map<string, number>();
  for (const sample of profile.samples) {
    const key = duringStartUp(sample) ? '(start-up: loading modules)' : (keyOf.get(sample) ?? '(unknown)');
    samplesOf.set(key, (samplesOf.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const idle = samplesOf.get('(idle)') ?? 0;
  const startUp = samplesOf.get('(start-up: loading modules)') ?? 0;
  const busy = total - idle - startUp;
  const rows = [...samplesOf].sort((a, b) => b[1] - a[1]).slice(0, Number(count));
  const percent = (part: number, of: number) => `${((100 * part) / of).toFixed(1)}%`;
  console.log(`${total} samples: ${percent(idle, total)} idle, ${percent(startUp, total)} start-up`);
  console.log('| self time | of busy | function |');
  console.log('| --- | --- | --- |');
  for (const [key, samples] of rows) {
    console.log(
      `| ${percent(samples, total)} | ${key.startsWith('(idle)') || key.startsWith('(start-up') ? '—' : percent(samples, busy)} | \`${key}\` |`,
    );
  }
}

main();
