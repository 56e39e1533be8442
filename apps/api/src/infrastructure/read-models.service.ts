import { Inject, Injectable } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { DomainError, InvalidInputError } from '../../../../libs/core/src';
import { ProjectionRunner } from '../../../../libs/projections/src';
import { PLENARY_CONFIG, PlenaryConfig } from '../config/plenary-config';
import { READ_MODEL_DATABASE } from './tokens';

/** Where a read model's queries run: the live read models or a view of the past. */
export interface ReadModelSource {
  readonly db: Database.Database;
}

/** Access to the read-model database, with read-your-writes: wait until a position is applied. */
@Injectable()
export class ReadModels implements ReadModelSource {
  constructor(
    @Inject(READ_MODEL_DATABASE) readonly db: Database.Database,
    private readonly runner: ProjectionRunner,
    @Inject(PLENARY_CONFIG) private readonly config: PlenaryConfig,
  ) {}

  get position(): bigint {
    return this.runner.position;
  }

  /**
   * Returns once the read models include `position` (a mutation's receipt) and what the log held
   * when the projector started; refuses with UNAVAILABLE while the projector cannot advance, so
   * a query never answers from stale read models as if they were current.
   */
  async waitFor(position: string | null | undefined): Promise<void> {
    if (position !== undefined && position !== null && !/^(0|[1-9][0-9]{0,18})$/.test(position)) {
      throw new InvalidInputError([{ field: 'waitForPosition', message: 'must be a log position (a whole number)' }]);
    }
    this.refuseUnlessAdvancing(this.runner);
    const requested = position === undefined || position === null ? 0n : BigInt(position);
    const startHead = this.runner.startHead ?? 0n;
    const target = requested > startHead ? requested : startHead;
    const timeoutMs = this.config.readYourWritesTimeoutMs;
    const reached = await this.runner.waitFor(target, timeoutMs);
    if (!reached) {
      this.refuseUnlessAdvancing(this.runner);
      throw new DomainError(
        'UNAVAILABLE',
        'READ_MODEL_BEHIND',
        `The read models reached position ${this.runner.position}, not ${target}, within ${timeoutMs} ms; try again shortly`,
        { position: this.runner.position.toString() },
      );
    }
  }

  /** UNAVAILABLE with how far behind the read models are, unless the runner follows the log. */
  refuseUnlessAdvancing(runner: ProjectionRunner, what = 'The read models'): void {
    const status = runner.state;
    if (status.state === 'running') return;
    const position = runner.position;
    const head = runner.lastKnownHead;
    const lag = head === undefined ? undefined : head > position ? head - position : 0n;
    const details = {
      position: position.toString(),
      ...(lag === undefined ? {} : { lag: lag.toString() }),
    };
    const behind = lag === undefined ? '' : `, ${lag} behind the last known head of the log`;
    if (status.state === 'retrying') {
      const cause = status.error instanceof Error ? status.error.name : 'an error';
      throw new DomainError(
        'UNAVAILABLE',
        'READ_MODEL_STALLED',
        `${what} cannot advance past position ${position}${behind} (${status.attempts} failed attempts since ${status.since.toISOString()}, ${cause}); they retry on their own, try again shortly`,
        { ...details, attempts: status.attempts },
      );
    }
    throw new DomainError(
      'UNAVAILABLE',
      'READ_MODEL_STARTING',
      `Not following the log yet: ${what.toLowerCase()} at position ${position}; try again shortly`,
      details,
    );
  }
}
