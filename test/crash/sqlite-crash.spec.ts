import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src';
import { makeTempDir } from '../../libs/testing/src';
import type { CrashPayload } from './crash-writer';

/**
 * Kill -9 at random moments while several writers append; afterwards the store must be sound
 * and hold every acknowledged event. 50 cycles by default, CRASH_CYCLES=N for a longer soak.
 */
const CYCLES = Number(process.env.CRASH_CYCLES ?? 50);
const WRITERS = 3;
const ROOT = join(__dirname, '..', '..');

interface Acknowledged {
  readonly ids: string[];
  readonly stream: string;
}

/** Runs the writer child until a random moment after its first acknowledgement, then SIGKILLs it. */
function runAndKill(path: string, killAfterMs: number): Promise<Acknowledged[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'crash-writer.ts'), path, String(WRITERS)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    );
    const acknowledged: Acknowledged[] = [];
    let buffered = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('ack ')) continue;
        const parts = line.slice(4).split(' ');
        acknowledged.push({ ids: parts.slice(0, -1), stream: parts[parts.length - 1] });
        if (timer === undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      // Only lines complete before the kill count; a torn last line was never acknowledged.
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`writer exited by itself (${signal ?? _code}): ${stderr}`));
    });
    // Never wait for ever: a writer that does not acknowledge within 20 s has failed.
    setTimeout(() => child.kill('SIGKILL'), 20000).unref();
  });
}

describe(`embedded store survives SIGKILL (${CYCLES} cycles, ${WRITERS} concurrent writers)`, () => {
  const dir = makeTempDir('plenary-crash-');
  const path = join(dir.path, 'events.sqlite');
  const everAcknowledged = new Map<string, string>();

  afterAll(() => dir.remove());

  it(
    'keeps every acknowledged event, with no revision gaps and no torn payloads',
    async () => {
      let totalAcknowledged = 0;
      for (let cycle = 0; cycle < CYCLES; cycle += 1) {
        const killAfterMs = Math.floor(Math.random() * 250);
        const acknowledged = await runAndKill(path, killAfterMs);
        for (const ack of acknowledged) for (const id of ack.ids) everAcknowledged.set(id, ack.stream);
        totalAcknowledged += acknowledged.length;

        const store = SqliteEventStore.open({ path });
        try {
          expect(store.integrityCheck()).toBe('ok');
          const byId = new Map<string, { stream: string }>();
          const revisions = new Map<string, bigint>();
          let lastPosition = 0n;
          for (let page = store.readAllSync({ after: 0n, maxCount: 5000 }); page.length > 0;) {
            for (const event of page) {
              expect(event.position).toBeGreaterThan(lastPosition);
              lastPosition = event.position;
              const expectedRevision = (revisions.get(event.streamName) ?? -1n) + 1n;
              if (event.revision !== expectedRevision) {
                throw new Error(
                  `cycle ${cycle}: ${event.streamName} jumps to revision ${event.revision}, expected ${expectedRevision}`,
                );
              }
              revisions.set(event.streamName, event.revision);
              const data = event.data as CrashPayload;
              if (createHash('sha256').update(data.blob).digest('hex') !== data.sha256) {
                throw new Error(`cycle ${cycle}: torn payload in event ${event.id}`);
              }
              byId.set(event.id, { stream: event.streamName });
            }
            page = store.readAllSync({ after: lastPosition, maxCount: 5000 });
          }
          const missing = [...everAcknowledged].filter(([id, stream]) => byId.get(id)?.stream !== stream);
          if (missing.length > 0) {
            throw new Error(`cycle ${cycle}: ${missing.length} acknowledged events are missing, e.g. ${missing[0][0]}`);
          }
        } finally {
          await store.close();
        }
      }
      expect(totalAcknowledged).toBeGreaterThan(CYCLES);
    },
    CYCLES * 20000 + 60000,
  );
});
