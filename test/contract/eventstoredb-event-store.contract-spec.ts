import { randomUUID } from 'node:crypto';
import {
  EventStoreDbEventStore,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../../libs/event-store/src';
import { describeEventStoreContract } from './event-store.contract';

// Nothing listens on port 1, so the connection is refused at once; the short deadline bounds
// the wait should a firewall drop the packets instead of refusing them.
const UNREACHABLE = 'esdb://127.0.0.1:1?tls=false&defaultDeadline=1000';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString !== undefined && connectionString !== '') {
  describeEventStoreContract('eventstoredb', () => ({
    open: async (options = {}) => EventStoreDbEventStore.connect(connectionString, options),
    openBroken: async () => EventStoreDbEventStore.connect(UNREACHABLE, { operationTimeoutMs: 3000 }),
    // Every test writes to streams named with a fresh UUID, so a shared server needs no cleanup.
    cleanup: async () => undefined,
  }));
} else {
  const reason = 'skipped: EVENTSTORE_CONNECTION_STRING is not set';
  console.log(
    `event store contract: eventstoredb ${reason} (e.g. esdb://localhost:2113?tls=false after docker compose up eventstore)`,
  );
  describe('event store contract: eventstoredb', () => {
    it.skip(reason, () => undefined);
  });
}

describe('eventstoredb event store without a server', () => {
  it('reports an unreachable server as unavailable, never as a conflict', async () => {
    const store = EventStoreDbEventStore.connect(UNREACHABLE, { operationTimeoutMs: 3000 });
    const started = Date.now();
    try {
      const error = await store
        .appendToStream(
          `Unreachable-${randomUUID()}`,
          [
            {
              id: randomUUID(),
              type: 'Probed',
              data: {},
              metadata: {
                commandId: randomUUID(),
                correlationId: randomUUID(),
                causationId: randomUUID(),
                actor: { kind: 'operator', name: 'contract-test' },
                acceptedAt: '2026-01-01T00:00:00.000Z',
              },
            },
          ],
          { expectedRevision: 'no_stream' },
        )
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect(error).not.toBeInstanceOf(WrongExpectedRevisionError);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await store.close();
    }
  }, 10_000);

  it('reports reads and subscriptions against an unreachable server as unavailable', async () => {
    const store = EventStoreDbEventStore.connect(UNREACHABLE, { operationTimeoutMs: 3000 });
    try {
      await expect(store.readStream(`Unreachable-${randomUUID()}`)).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readAll({ after: 0n, maxCount: 10 })).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      const handler = jest.fn();
      const subscription = store.subscribeToAll({ after: 0n }, handler);
      await expect(subscription.done).rejects.toBeInstanceOf(EventStoreUnavailableError);
      expect(handler).not.toHaveBeenCalled();
    } finally {
      await store.close();
    }
  }, 10_000);

  it('refuses use after close', async () => {
    const store = EventStoreDbEventStore.connect(UNREACHABLE);
    await store.close();
    await expect(store.readStream('Closed')).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});
