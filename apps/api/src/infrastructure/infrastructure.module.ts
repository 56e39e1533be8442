import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import type Database from 'better-sqlite3';
import { CommandRunner, EventStore, EventStoreDbEventStore, SqliteEventStore } from '../../../../libs/event-store/src';
import {
  ProcessManagerRunner,
  ProjectionRunner,
  ProjectionRunnerOptions,
  ReadModelSnapshots,
  allProjections,
  ledgerProjection,
  openReadModelDatabase,
} from '../../../../libs/projections/src';
import { KeyVault } from '../../../../libs/privacy/src';
import { PLENARY_CONFIG, PlenaryConfig } from '../config/plenary-config';
import { ReadModelHistory } from './read-model-history';
import { ReadModelSnapshotter } from './read-model-snapshotter';
import { ReadModels } from './read-models.service';
import { PlenaryMetrics } from '../operations/plenary-metrics';
import {
  EVENT_STORE,
  KEY_VAULT,
  LEDGER_DATABASE,
  LEDGER_PROJECTION_RUNNER,
  METRICS,
  READ_MODEL_DATABASE,
  READ_MODEL_SNAPSHOTS,
} from './tokens';

/** The key vault every replica of the deployment shares (the SQLite file serves one machine). */
export async function openKeyVault(config: PlenaryConfig): Promise<KeyVault> {
  return config.keyVault.kind === 'postgres'
    ? KeyVault.connectPostgres(config.keyVault.url)
    : KeyVault.open(config.keyVaultPath);
}

export function openEventStore(config: PlenaryConfig, metrics?: PlenaryMetrics): EventStore {
  const store =
    config.store.kind === 'sqlite'
      ? SqliteEventStore.open({
          path: config.store.path,
          maxAppendBytes: config.maxAppendBytes,
          onGroupCommit: metrics === undefined ? undefined : (appends) => metrics.groupCommitSize.observe(appends),
        })
      : EventStoreDbEventStore.connect(config.store.connectionString, { maxAppendBytes: config.maxAppendBytes });
  return metrics === undefined ? store : metrics.measureAppends(store);
}

/**
 * Starts the projector with the application, and the process managers once every module has
 * registered its own (onApplicationBootstrap runs after all onModuleInit hooks); closes stores
 * in order on shutdown.
 */
@Injectable()
export class InfrastructureLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATABASE) private readonly readModels: Database.Database,
    private readonly projections: ProjectionRunner,
    @Inject(KEY_VAULT) private readonly keyVault: KeyVault,
    @Inject(LEDGER_PROJECTION_RUNNER) private readonly ledger: ProjectionRunner,
    @Inject(LEDGER_DATABASE) private readonly ledgerDb: Database.Database,
    private readonly workflows: ProcessManagerRunner,
  ) {}

  onModuleInit(): void {
    this.projections.start();
    this.ledger.start();
  }

  onApplicationBootstrap(): void {
    this.workflows.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.workflows.stop();
    await this.projections.stop();
    await this.ledger.stop();
    await this.store.close();
    if (this.readModels.open) this.readModels.close();
    if (this.ledgerDb.open) this.ledgerDb.close();
    await this.keyVault.close();
    this.logger.debug('event store and read models closed');
  }
}

/**
 * Options of a projection runner in the service: retries with backoff on any failure, logged
 * once with its stack, then one line per retry, and once more when it follows the log again.
 */
export function projectionRunnerOptions(config: PlenaryConfig, logger: Logger, what: string): ProjectionRunnerOptions {
  return {
    retry: { maxDelayMs: config.projectionRetryMaxMs },
    onError: (error, attempt, delayMs) => {
      if (attempt === 1)
        logger.error(`${what} cannot advance, retrying in ${delayMs} ms: ${String(error)}`, (error as Error)?.stack);
      else
        logger.warn(`${what} still cannot advance (attempt ${attempt}), retrying in ${delayMs} ms: ${String(error)}`);
    },
    onRecovered: (failedAttempts) => logger.log(`${what} follow the log again after ${failedAttempts} failed attempts`),
  };
}

@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: PlenaryConfig): DynamicModule {
    const logger = new Logger('Projections');
    const ledgerLogger = new Logger('Ledger');
    const workflowLogger = new Logger('Workflows');
    return {
      module: InfrastructureModule,
      providers: [
        { provide: PLENARY_CONFIG, useValue: config },
        { provide: METRICS, useFactory: () => new PlenaryMetrics() },
        {
          provide: EVENT_STORE,
          inject: [METRICS],
          useFactory: (metrics: PlenaryMetrics) => openEventStore(config, metrics),
        },
        {
          provide: READ_MODEL_DATABASE,
          useFactory: () => openReadModelDatabase(config.readModelPath, config.readModelBusyTimeoutMs),
        },
        { provide: KEY_VAULT, useFactory: () => openKeyVault(config) },
        {
          provide: CommandRunner,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => new CommandRunner(store, { maxAppendBytes: config.maxAppendBytes }),
        },
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, READ_MODEL_DATABASE],
          useFactory: (store: EventStore, db: Database.Database) => {
            const runner = new ProjectionRunner(
              store,
              db,
              allProjections,
              projectionRunnerOptions(config, logger, 'read models'),
            );
            runner.initialize();
            return runner;
          },
        },
        {
          provide: LEDGER_DATABASE,
          useFactory: () => openReadModelDatabase(config.ledgerPath, config.readModelBusyTimeoutMs),
        },
        {
          provide: LEDGER_PROJECTION_RUNNER,
          inject: [EVENT_STORE, LEDGER_DATABASE],
          useFactory: (store: EventStore, db: Database.Database) => {
            const runner = new ProjectionRunner(
              store,
              db,
              [ledgerProjection],
              projectionRunnerOptions(config, ledgerLogger, 'the ledger'),
            );
            runner.initialize();
            return runner;
          },
        },
        {
          // Checkpoint in this process's read-model database: every replica drives the workflows
          // it sees, and their steps' derived command ids make the replicas' runs one.
          provide: ProcessManagerRunner,
          inject: [EVENT_STORE, READ_MODEL_DATABASE, CommandRunner],
          useFactory: (store: EventStore, db: Database.Database, commands: CommandRunner) =>
            new ProcessManagerRunner(store, db, commands, [], {
              onError: (error, { manager, position, stopped }) =>
                stopped
                  ? workflowLogger.error(
                      `${manager} stopped at position ${position}: ${String(error)}`,
                      (error as Error)?.stack,
                    )
                  : workflowLogger.warn(`${manager} retrying position ${position}: ${String(error)}`),
            }),
        },
        {
          provide: READ_MODEL_SNAPSHOTS,
          useFactory: () =>
            new ReadModelSnapshots({
              directory: config.snapshots.directory,
              projections: allProjections,
              keep: config.snapshots.keep,
            }),
        },
        ReadModels,
        ReadModelHistory,
        ReadModelSnapshotter,
        InfrastructureLifecycle,
      ],
      exports: [
        PLENARY_CONFIG,
        METRICS,
        EVENT_STORE,
        READ_MODEL_DATABASE,
        KEY_VAULT,
        CommandRunner,
        ProjectionRunner,
        ProcessManagerRunner,
        ReadModels,
        ReadModelHistory,
        READ_MODEL_SNAPSHOTS,
        ReadModelSnapshotter,
        LEDGER_DATABASE,
        LEDGER_PROJECTION_RUNNER,
      ],
    };
  }
}
