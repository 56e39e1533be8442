import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { EventStore } from '../../../../libs/event-store/src';
import { ProjectionRunner } from '../../../../libs/projections/src';
import { PLENARY_CONFIG, PlenaryConfig } from '../config/plenary-config';
import { EVENT_STORE, LEDGER_PROJECTION_RUNNER } from '../infrastructure/tokens';
import { ShutdownState } from './shutdown-state';

/** How long readiness waits for the event store to answer before calling it unreachable. */
const STORE_PROBE_TIMEOUT_MS = 2000;

/**
 * `/health/live`: the process answers (restart it when not). `/health/ready`: send it traffic —
 * the event store answers, every projection follows the log within the allowed lag, and the
 * service is not shutting down.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ProjectionRunner,
    @Inject(LEDGER_PROJECTION_RUNNER) private readonly ledger: ProjectionRunner,
    @Inject(PLENARY_CONFIG) private readonly config: PlenaryConfig,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.accepting(),
      () => this.eventStore(),
      () => this.projections('read_models', this.readModels),
      () => this.projections('ledger', this.ledger),
    ]);
  }

  private accepting(): HealthIndicatorResult {
    const check = this.indicators.check('accepting');
    return this.shutdown.shuttingDown ? check.down({ message: 'shutting down' }) : check.up();
  }

  private async eventStore(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('event_store');
    let timer: NodeJS.Timeout | undefined;
    try {
      const head = await Promise.race([
        this.store.headPosition(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${STORE_PROBE_TIMEOUT_MS} ms`)),
            STORE_PROBE_TIMEOUT_MS,
          );
        }),
      ]);
      return check.up({ kind: this.config.store.kind, head: head.toString() });
    } catch (error) {
      return check.down({
        kind: this.config.store.kind,
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      clearTimeout(timer);
    }
  }

  private async projections(key: string, runner: ProjectionRunner): Promise<HealthIndicatorResult> {
    const check = this.indicators.check(key);
    const status = runner.state;
    const position = runner.position.toString();
    const lag = await runner.lag().then(
      (value) => value,
      () => undefined,
    );
    const details = {
      state: status.state,
      position,
      lag: lag?.toString() ?? null,
      maxLag: this.config.readyMaxLag.toString(),
    };
    if (status.state === 'retrying') {
      const cause = status.error instanceof Error ? status.error.message : String(status.error);
      return check.down({ ...details, attempts: status.attempts, since: status.since.toISOString(), message: cause });
    }
    if (status.state !== 'running' || lag === undefined || lag > this.config.readyMaxLag) return check.down(details);
    return check.up(details);
  }
}
