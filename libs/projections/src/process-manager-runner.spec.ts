import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { Decider, DomainError } from '../../core/src';
import {
  CommandRunner,
  EventStore,
  EventStoreUnavailableError,
  RecordedEvent,
  SqliteEventStore,
} from '../../event-store/src';
import { StoreFixture, openStoreFixture, testMetadata } from '../../testing/src';
import { ProcessManager, ProcessManagerRunner, WorkflowSteps, stepCommandId } from './process-manager-runner';
import { openReadModelDatabase } from './read-model-database';

/*
 * A small two-stream workflow: an order is placed; the manager takes its quantity from a stock
 * stream, then confirms the order. Stock that runs short is a refusal, compensated by rejecting
 * the order. Real store, real command runner, real checkpoint table.
 */

type OrderEvent =
  | { type: 'OrderPlaced'; data: { orderId: string; quantity: number } }
  | { type: 'OrderConfirmed'; data: { orderId: string } }
  | { type: 'OrderRejected'; data: { orderId: string; reason: string } };
type OrderCommand =
  | { type: 'Place'; data: { orderId: string; quantity: number } }
  | { type: 'Confirm'; data: { orderId: string } }
  | { type: 'Reject'; data: { orderId: string; reason: string } };
type OrderState = { status: 'none' | 'placed' | 'confirmed' | 'rejected' };

const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => ({
    status: event.type === 'OrderPlaced' ? 'placed' : event.type === 'OrderConfirmed' ? 'confirmed' : 'rejected',
  }),
  decide: (command, state) => {
    if (command.type === 'Place') return state.status === 'none' ? [{ type: 'OrderPlaced', data: command.data }] : [];
    if (state.status !== 'placed') return [];
    return command.type === 'Confirm'
      ? [{ type: 'OrderConfirmed', data: command.data }]
      : [{ type: 'OrderRejected', data: command.data }];
  },
};

class OutOfStockError extends DomainError {
  constructor(left: number) {
    super('CONFLICT', 'OUT_OF_STOCK', `only ${left} left`);
  }
}

type StockEvent = { type: 'StockTaken'; data: { orderId: string; quantity: number } };
type StockCommand = { type: 'Take'; data: { orderId: string; quantity: number } };
const STOCK = 10;
const stockDecider: Decider<StockCommand, StockEvent, { left: number }> = {
  initialState: () => ({ left: STOCK }),
  evolve: (state, event) => ({ left: state.left - event.data.quantity }),
  decide: (command, state) => {
    if (command.data.quantity > state.left) throw new OutOfStockError(state.left);
    return [{ type: 'StockTaken', data: command.data }];
  },
};

const orderStream = (orderId: string) => `Order-${orderId}`;
const STOCK_STREAM = 'Stock-widgets';

/** The manager under test; `beforeConfirm` lets a test fail or stop a reaction between its steps. */
function fulfilment(hooks: { beforeConfirm?: () => void } = {}): ProcessManager {
  return {
    name: 'fulfilment',
    triggers: ['OrderPlaced'],
    async react(trigger: RecordedEvent, steps: WorkflowSteps) {
      const { orderId, quantity } = trigger.data as { orderId: string; quantity: number };
      await steps.run(stockDecider, STOCK_STREAM, 'take-stock', { type: 'Take', data: { orderId, quantity } });
      hooks.beforeConfirm?.();
      await steps.run(orderDecider, orderStream(orderId), 'confirm', { type: 'Confirm', data: { orderId } });
    },
    async compensate(trigger, refusal, steps) {
      const { orderId } = trigger.data as { orderId: string };
      await steps.run(orderDecider, orderStream(orderId), 'reject', {
        type: 'Reject',
        data: { orderId, reason: refusal.code },
      });
    },
  };
}

async function place(runner: CommandRunner, orderId: string, quantity: number) {
  return runner.run(orderDecider, orderStream(orderId), {
    command: { type: 'Place', data: { orderId, quantity } },
    metadata: testMetadata(),
  });
}

async function streamTypes(store: EventStore, stream: string): Promise<string[]> {
  return (await store.readStream(stream)).map((event) => event.type);
}

describe('process manager runner', () => {
  let fixture: StoreFixture;
  let store: SqliteEventStore;
  let db: Database.Database;
  let commands: CommandRunner;

  beforeEach(() => {
    fixture = openStoreFixture();
    ({ store, db } = fixture);
    commands = new CommandRunner(store);
  });

  afterEach(() => fixture.close());

  it('carries each workflow to its end, and records a refusal as a compensation instead of retrying it', async () => {
    await place(commands, 'a', 4);
    await place(commands, 'b', 4);
    await place(commands, 'c', 4);
    const runner = new ProcessManagerRunner(store, db, commands, [fulfilment()]);
    await runner.catchUp();

    expect(await streamTypes(store, orderStream('a'))).toEqual(['OrderPlaced', 'OrderConfirmed']);
    expect(await streamTypes(store, orderStream('b'))).toEqual(['OrderPlaced', 'OrderConfirmed']);
    const rejected = await store.readStream(orderStream('c'));
    expect(rejected.map((event) => event.type)).toEqual(['OrderPlaced', 'OrderRejected']);
    expect(rejected[1].data).toEqual({ orderId: 'c', reason: 'OUT_OF_STOCK' });
    // Every step's command id comes from the trigger's event id; causation points at the trigger.
    expect(rejected[1].metadata.commandId).toBe(stepCommandId(rejected[0].id, 'reject'));
    expect(rejected[1].metadata.causationId).toBe(rejected[0].id);
    expect(rejected[1].metadata.acceptedAt).toBe(rejected[0].metadata.acceptedAt);
    expect(runner.position).toBe(await store.headPosition());

    // Running again (a restart from position 0, or a second pass) appends nothing.
    const head = await store.headPosition();
    db.exec('DELETE FROM process_manager_checkpoints');
    await new ProcessManagerRunner(store, db, commands, [fulfilment()]).catchUp();
    expect(await store.headPosition()).toBe(head);
  });

  it('lets two replicas, each with its own checkpoint, run the same workflows without appending anything twice', async () => {
    for (let index = 0; index < 6; index += 1) await place(commands, `o${index}`, 1);
    const otherDb = openReadModelDatabase(join(fixture.dir, 'replica-2.sqlite'));
    const otherStore = SqliteEventStore.open({ path: join(fixture.dir, 'events.sqlite'), pollIntervalMs: 10 });
    try {
      const one = new ProcessManagerRunner(store, db, commands, [fulfilment()]);
      const two = new ProcessManagerRunner(otherStore, otherDb, new CommandRunner(otherStore), [fulfilment()]);
      await Promise.all([one.catchUp(), two.catchUp()]);
      expect((await store.readStream(STOCK_STREAM)).length).toBe(6);
      for (let index = 0; index < 6; index += 1) {
        expect(await streamTypes(store, orderStream(`o${index}`))).toEqual(['OrderPlaced', 'OrderConfirmed']);
      }
    } finally {
      await otherStore.close();
      otherDb.close();
    }
  });

  it('retries a transient failure with backoff and completes the workflow from where it stopped', async () => {
    await place(commands, 'a', 2);
    let failures = 2;
    const errors: unknown[] = [];
    const runner = new ProcessManagerRunner(
      store,
      db,
      commands,
      [
        fulfilment({
          beforeConfirm: () => {
            if (failures-- > 0) throw new EventStoreUnavailableError('the store went away');
          },
        }),
      ],
      { retryDelayMs: 1, onError: (error) => errors.push(error) },
    );
    await runner.catchUp();
    expect(errors).toHaveLength(2);
    // The stock was taken once although the reaction ran three times.
    expect(await streamTypes(store, STOCK_STREAM)).toEqual(['StockTaken']);
    expect(await streamTypes(store, orderStream('a'))).toEqual(['OrderPlaced', 'OrderConfirmed']);
  });

  it('continues from its checkpoint after a restart and follows new events live', async () => {
    await place(commands, 'a', 1);
    const first = new ProcessManagerRunner(store, db, commands, [fulfilment()]);
    await first.catchUp();
    const checkpoint = db.prepare('SELECT position FROM process_manager_checkpoints WHERE name = ?').get('fulfilment');
    expect(checkpoint).toEqual({ position: Number(await store.headPosition()) });

    const second = new ProcessManagerRunner(store, db, commands, [fulfilment()]);
    expect(second.initialize()).toBe(await store.headPosition());
    second.start();
    try {
      await place(commands, 'b', 1);
      for (let tries = 0; tries < 500 && (await store.readStream(orderStream('b'))).length < 2; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(await streamTypes(store, orderStream('b'))).toEqual(['OrderPlaced', 'OrderConfirmed']);
    } finally {
      await second.stop();
    }
    expect(second.state).toEqual({ state: 'stopped' });
  });

  it('runs a reaction in the caller and reports the position of its last effect', async () => {
    const placed = await place(commands, 'a', 3);
    const [trigger] = await store.readStream(orderStream('a'));
    const runner = new ProcessManagerRunner(store, db, commands, [fulfilment()]);
    const outcome = await runner.react(trigger);
    expect(outcome.refusal).toBeNull();
    expect(outcome.position).toBe(await store.headPosition());
    expect(outcome.position).toBeGreaterThan(placed.position);
    // The background run afterwards finds every step done.
    const head = await store.headPosition();
    await runner.catchUp();
    expect(await store.headPosition()).toBe(head);
    expect((await runner.react(trigger)).position).toBe(outcome.position);
  });

  it('stops, without moving its checkpoint, when a reaction keeps failing with an unexpected error', async () => {
    await place(commands, 'a', 1);
    const stops: boolean[] = [];
    const runner = new ProcessManagerRunner(
      store,
      db,
      commands,
      [
        fulfilment({
          beforeConfirm: () => {
            throw new TypeError('a bug');
          },
        }),
      ],
      { retryDelayMs: 1, maxUnexpectedAttempts: 3, onError: (_error, context) => stops.push(context.stopped) },
    );
    await expect(runner.catchUp()).rejects.toThrow('a bug');
    expect(stops).toEqual([false, false, true]);
    expect(runner.position).toBe(0n);
    expect(await streamTypes(store, orderStream('a'))).toEqual(['OrderPlaced']);
  });
});
