/**
 * Child process of the crash test: several worker threads append to the embedded store at full
 * speed, each on its own connection, and report every acknowledged append on stdout. The test
 * SIGKILLs this process at a random moment and then checks what survived. Writer 0 appends one
 * transaction at a time (`appendSync`); the others keep several appends in flight through the
 * port, so that they are group-committed, and acknowledge each when its promise resolves.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
// Imported by file, not through the index, to keep the EventStoreDB client out of start-up time.
import { WrongExpectedRevisionError } from '../../libs/event-store/src/event-store';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';
import type { EventMetadata } from '../../libs/core/src';
import type { EventToAppend } from '../../libs/event-store/src/event-store';

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

/** Appends kept in flight at once by a group-committing writer, each lane on its own stream. */
const LANES = 4;

function newEvents(writer: number): EventToAppend[] {
  const count = 1 + Math.floor(Math.random() * 5);
  const commandId = randomUUID();
  return Array.from({ length: count }, () => ({
    id: randomUUID(),
    type: 'CrashTestEvent',
    data: payload(writer),
    metadata: metadata(commandId),
  }));
}

function reportFailure(error: unknown): void {
  // Errors lose their class and stack crossing the thread boundary; send the text instead.
  parentPort!.postMessage({
    failure: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error),
  });
}

/** Several lanes append concurrently through the port; their appends share group commits. */
async function runGroupWriter({ path, writer }: WriterData): Promise<void> {
  const store = SqliteEventStore.open({ path, busyTimeoutMs: 10000 });
  const shared = 'CrashShared-all';
  const lane = async (index: number): Promise<void> => {
    const own = `CrashWriter-${writer}-${index}`;
    let ownRevision: bigint | 'no_stream' =
      (await store.readStream(own, { direction: 'backwards', maxCount: 1 }))[0]?.revision ?? 'no_stream';
    for (;;) {
      const useShared = Math.random() < 0.3;
      const stream = useShared ? shared : own;
      const expected: bigint | 'no_stream' = useShared
        ? ((await store.readStream(shared, { direction: 'backwards', maxCount: 1 }))[0]?.revision ?? 'no_stream')
        : ownRevision;
      const events = newEvents(writer);
      try {
        const result = await store.appendToStream(stream, events, { expectedRevision: expected });
        if (!useShared) ownRevision = result.nextExpectedRevision;
        parentPort!.postMessage(events.map((event) => event.id).join(' ') + ` ${stream}`);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, (_, index) => lane(index)));
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
    const events = newEvents(writer);
    try {
      const result = store.appendSync(stream, events, expected);
      if (!useShared) ownRevision = result.nextExpectedRevision;
      parentPort!.postMessage(events.map((event) => event.id).join(' ') + ` ${stream}`);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) continue;
      reportFailure(error);
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
  const data = workerData as WriterData;
  if (data.writer === 0) runWriter(data);
  else runGroupWriter(data).catch(reportFailure);
}
