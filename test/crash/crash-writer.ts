/**
 * Child process of the crash test: several worker threads append to the embedded store at full
 * speed, each on its own connection, and report every acknowledged append on stdout. The test
 * SIGKILLs this process at a random moment and then checks what survived.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
// Imported by file, not through the index, to keep the EventStoreDB client out of start-up time.
import { WrongExpectedRevisionError } from '../../libs/event-store/src/event-store';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';
import type { EventMetadata } from '../../libs/core/src';

interface WriterData {
  readonly path: string;
  readonly writer: number;
}

export interface CrashPayload {
  readonly writer: number;
  readonly blob: string;
  readonly sha256: string;
}

const metadata = (commandId: string): EventMetadata => ({
  commandId,
  correlationId: commandId,
  causationId: commandId,
  actor: { kind: 'operator', name: 'crash-test' },
  acceptedAt: '2026-01-01T00:00:00.000Z',
});

function payload(writer: number): CrashPayload {
  // Sizes cross SQLite's page size so that torn writes would show up as broken JSON or hashes.
  const blob = randomBytes(16 + Math.floor(Math.random() * 6000)).toString('base64');
  return { writer, blob, sha256: createHash('sha256').update(blob).digest('hex') };
}

function runWriter({ path, writer }: WriterData): void {
  const store = SqliteEventStore.open({ path, busyTimeoutMs: 10000 });
  const own = `CrashWriter-${writer}`;
  const shared = 'CrashShared-all';
  let ownRevision: bigint | 'no_stream' =
    store.readStreamSync(own, { direction: 'backwards', maxCount: 1 })[0]?.revision ?? 'no_stream';
  for (;;) {
    const useShared = Math.random() < 0.3;
    const stream = useShared ? shared : own;
    const expected: bigint | 'no_stream' = useShared
      ? (store.readStreamSync(shared, { direction: 'backwards', maxCount: 1 })[0]?.revision ?? 'no_stream')
      : ownRevision;
    const count = 1 + Math.floor(Math.random() * 5);
    const commandId = randomUUID();
    const events = Array.from({ length: count }, () => ({
      id: randomUUID(),
      type: 'CrashTestEvent',
      data: payload(writer),
      metadata: metadata(commandId),
    }));
    try {
      const result = store.appendSync(stream, events, expected);
      if (!useShared) ownRevision = result.nextExpectedRevision;
      parentPort!.postMessage(events.map((event) => event.id).join(' ') + ` ${stream}`);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) continue;
      // Errors lose their class and stack crossing the thread boundary; send the text instead.
      parentPort!.postMessage({
        failure: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error),
      });
      return;
    }
  }
}

if (isMainThread) {
  const [path, writersArg] = process.argv.slice(2);
  const writers = Number(writersArg ?? 3);
  let ready = 0;
  for (let writer = 0; writer < writers; writer += 1) {
    const worker = new Worker(__filename, {
      workerData: { path, writer } satisfies WriterData,
      execArgv: ['-r', '@swc-node/register'],
    });
    worker.on('online', () => {
      ready += 1;
      if (ready === writers) writeSync(1, 'ready\n');
    });
    // An acknowledgement goes out only after the append returned, i.e. after the commit.
    worker.on('message', (message: string | { failure: string }) => {
      if (typeof message === 'string') {
        writeSync(1, `ack ${message}\n`);
        return;
      }
      writeSync(2, `writer ${writer} failed: ${message.failure}\n`);
      process.exit(3);
    });
    worker.on('error', (error) => {
      writeSync(
        2,
        `writer ${writer} failed: ${String(error)} ${(error as { code?: string }).code ?? ''} ${error.stack ?? ''}\n`,
      );
      process.exit(3);
    });
  }
} else {
  runWriter(workerData as WriterData);
}
