import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventStore } from '../../../../libs/event-store/src';
import type { ProjectionRunner, ReadModelSnapshots } from '../../../../libs/projections/src';

/** GraphQL operation names are chosen by clients: past this many distinct ones, the rest count as `other`. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The service's Prometheus metrics, in a registry of its own (not prom-client's global one), so
 * several applications in one process (the tests) each count only their own.
 */
export class PlenaryMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly runners: Array<{ runner: ProjectionRunner; store: EventStore; label: string }> = [];

  readonly commands = new Counter({
    name: 'plenary_commands_total',
    help: 'Commands handled, by command type and outcome (accepted, or the refusal reason)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly appendSeconds = new Histogram({
    name: 'plenary_event_store_append_duration_seconds',
    help: 'Time from asking the event store to append until it acknowledged (or refused) the append',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly groupCommitSize = new Histogram({
    name: 'plenary_event_store_group_commit_appends',
    help: 'Appends committed together in one SQLite transaction (one fsync)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });

  readonly graphqlSeconds = new Histogram({
    name: 'plenary_graphql_operation_duration_seconds',
    help: 'Execution time of GraphQL operations, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'plenary_' });
    const runners = this.runners;
    new Gauge({
      name: 'plenary_projection_lag',
      help: 'Log positions between the head of the log and each projection (-1 while the store cannot be read)',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { runner, store } of runners) {
          const head = await store.headPosition().catch(() => undefined);
          for (const checkpoint of runner.checkpoints()) {
            const lag = head === undefined ? -1 : Number(head > checkpoint.position ? head - checkpoint.position : 0n);
            this.set({ projection: checkpoint.name }, lag);
          }
        }
      },
    });
    new Gauge({
      name: 'plenary_projection_retrying',
      help: '1 while a projection runner cannot advance and retries with backoff, else 0',
      labelNames: ['runner'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { runner, label } of runners) this.set({ runner: label }, runner.state.state === 'retrying' ? 1 : 0);
      },
    });
  }

  /** Reports a runner's lag per projection and whether it is retrying. */
  watchProjections(label: string, runner: ProjectionRunner, store: EventStore): void {
    this.runners.push({ label, runner, store });
  }

  /** Reports how many read-model snapshots of the current projection versions are kept, and their size. */
  watchSnapshots(snapshots: ReadModelSnapshots): void {
    new Gauge({
      name: 'plenary_read_model_snapshots',
      help: 'Read-model snapshots kept for asOf views (of the current projection versions)',
      registers: [this.registry],
      collect() {
        this.set(snapshots.storage().count);
      },
    });
    new Gauge({
      name: 'plenary_read_model_snapshot_bytes',
      help: 'Bytes the kept read-model snapshots take on disk',
      registers: [this.registry],
      collect() {
        this.set(snapshots.storage().bytes);
      },
    });
  }

  /** The label for a client-chosen operation name, bounded in number and shape. */
  operationLabel(name: string | undefined): string {
    if (name === undefined) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  /**
   * Times every append of this store instance. The adapters stay free of metrics, and the
   * instance keeps its own class (tools check for the SQLite adapter).
   */
  measureAppends(store: EventStore): EventStore {
    const append = store.appendToStream.bind(store);
    store.appendToStream = async (...args) => {
      const stop = this.appendSeconds.startTimer();
      try {
        const result = await append(...args);
        stop({ outcome: 'ok' });
        return result;
      } catch (error) {
        stop({ outcome: error instanceof Error ? error.name : 'error' });
        throw error;
      }
    };
    return store;
  }
}
