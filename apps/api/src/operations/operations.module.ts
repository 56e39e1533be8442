import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { DomainError } from '../../../../libs/core/src';
import { EventStore, EventStoreUnavailableError } from '../../../../libs/event-store/src';
import { ProjectionRunner, ReadModelSnapshots } from '../../../../libs/projections/src';
import { EVENT_STORE, LEDGER_PROJECTION_RUNNER, METRICS, READ_MODEL_SNAPSHOTS } from '../infrastructure/tokens';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { PlenaryMetrics } from './plenary-metrics';
import { RefusalLoggingFilter } from './refusal-logging.filter';
import { ShutdownState } from './shutdown-state';

/** The outcome label of a command: accepted, the refusal's stable reason, or the error's kind. */
export function commandOutcome(error: unknown): string {
  if (error instanceof DomainError) return error.code;
  if (error instanceof EventStoreUnavailableError) return 'EVENT_STORE_UNAVAILABLE';
  return 'INTERNAL';
}

/** Connects the metrics to what they measure once every provider exists. */
@Injectable()
export class MetricsWiring implements OnModuleInit {
  constructor(
    @Inject(METRICS) private readonly metrics: PlenaryMetrics,
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ProjectionRunner,
    @Inject(LEDGER_PROJECTION_RUNNER) private readonly ledger: ProjectionRunner,
    @Inject(READ_MODEL_SNAPSHOTS) private readonly snapshots: ReadModelSnapshots,
  ) {}

  onModuleInit(): void {
    this.metrics.watchSnapshots(this.snapshots);
    this.metrics.watchProjections('read_models', this.readModels, this.store);
    this.metrics.watchProjections('ledger', this.ledger, this.store);
    // @nestjs/cqrs has no middleware: every command passes through this one bus, so counting
    // here counts each command once whichever resolver or workflow sent it.
    const execute = this.commandBus.execute.bind(this.commandBus);
    const commands = this.metrics.commands;
    this.commandBus.execute = (async (command: object) => {
      const type = command.constructor.name;
      try {
        const result: unknown = await execute(command as never);
        commands.inc({ command: type, outcome: 'accepted' });
        return result;
      } catch (error) {
        commands.inc({ command: type, outcome: commandOutcome(error) });
        throw error;
      }
    }) as CommandBus['execute'];
  }
}

/** Health, metrics, and the logging of refusals. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), CqrsModule],
  controllers: [HealthController, MetricsController],
  providers: [ShutdownState, MetricsWiring, { provide: APP_FILTER, useClass: RefusalLoggingFilter }],
  exports: [ShutdownState],
})
export class OperationsModule {}
