import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import {
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
 * The members' audit page, first view (issue 14: "first view of a rule under 1 s"): a fresh
 * browser context each time (no cache, no service worker), so every view loads the bundle, asks
 * its GraphQL queries and renders, as for a member opening a link. Measured in Debian's Chromium
 * through playwright-core against the real API as in production, on the convention the
 * provenance benchmark builds through the API (bench/provenance-setup.child.ts).
 *
 * Baseline, side by side in the same run: the page's verify view, which loads and renders the
 * same bundle but asks the API nothing, so the ratio is what the views' own queries and
 * rendering add to loading the page at all.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SERVER = 'bench/provenance-server.child.ts';
const TARGET_MS = 1000;

interface View {
  readonly name: string;
  readonly hash: string;
  /** Resolves once the view shows what a reader came for. */
  readonly ready: (page: import('playwright-core').Page) => Promise<unknown>;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function runAuditPageBench(): Promise<BenchRow[]> {
  if (!existsSync(CHROMIUM)) {
    progress(`audit-page: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    return [];
  }
  const small = benchScale() === 'small';
  const delegates = small ? 40 : 300;
  const repetitions = small ? 5 : 15;
  return withTempDir('auditpagebench-', async (dataDir) => {
    progress(`audit-page: building a convention of ${delegates} seats through the API`);
    const setup = await runChild<ProvenanceSetup>('bench/provenance-setup.child.ts', [dataDir, String(delegates), '2']);
    const child = forkTs(SERVER, ['plenary', dataDir]);
    const { port } = await nextMessage<{ port: number }>(child);
    const base = `http://127.0.0.1:${port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      await readModelsCaughtUp(port, setup.head);
      const latest = setup.ruleVersions;
      const views: readonly View[] = [
        {
          name: 'verify view (bundle only, baseline)',
          hash: '#/verify',
          ready: (page) => page.locator('#verify-heading').waitFor(),
        },
        {
          name: 'rule view',
          hash: `#/rule/${setup.ruleId}`,
          ready: (page) => page.getByRole('link', { name: `How version ${latest} was adopted` }).waitFor(),
        },
        {
          name: 'provenance view (vote, roll call, seated delegates)',
          hash: `#/provenance/${setup.ruleId}/${latest}`,
          ready: (page) => page.locator('#seated tbody tr').first().waitFor(),
        },
      ];
      const timings = new Map<string, number[]>(views.map((view) => [view.name, []]));
      // Alternated, one of each per round, so the machine's load drifts over all views alike.
      for (let round = 0; round < repetitions + 1; round += 1) {
        for (const view of views) {
          const context = await browser.newContext();
          const page = await context.newPage();
          const started = performance.now();
          await page.goto(`${base}/audit${view.hash}`);
          await view.ready(page);
          const elapsed = performance.now() - started;
          await context.close();
          // The first round warms the server (graphql-jit compiles a query on its second run).
          if (round > 0) timings.get(view.name)!.push(elapsed);
        }
      }
      const baseline = median(timings.get(views[0].name)!);
      progress(`audit-page: ${repetitions} cold first views of each view`);
      return views.slice(1).flatMap((view): BenchRow[] => {
        const values = timings.get(view.name)!;
        const row = (statistic: string, value: number): BenchRow => ({
          name: `audit page, first ${view.name}, ${delegates} seats, ${statistic}`,
          baseline: `${views[0].name}, p50`,
          value,
          baselineValue: baseline,
          unit: 'ms',
          ratio: value / baseline,
          targets: [{ of: 'value', atMost: TARGET_MS }],
        });
        return [row('p50', median(values)), row('p95', percentile(values, 95))];
      });
    } finally {
      await browser.close();
      if (child.connected) child.send('stop');
      await exited(child);
    }
  });
}
