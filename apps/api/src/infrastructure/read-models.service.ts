import { Inject, Injectable } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { DomainError, InvalidInputError } from '../../../../libs/core/src';
import { ProjectionRunner, ReadModelFailedError } from '../../../../libs/projections/src';
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

  /** Returns once the read models include `position` (a mutation's receipt); no-op when none given. */
  async waitFor(position: string | null | undefined): Promise<void> {
    if (position === undefined || position === null) return;
    if (!/^(0|[1-9][0-9]{0,18})$/.test(position)) {
      throw new InvalidInputError([{ field: 'waitForPosition', message: 'must be a log position (a whole number)' }]);
    }
    const timeoutMs = this.config.readYourWritesTimeoutMs;
    let reached: boolean;
    try {
      reached = await this.runner.waitFor(BigInt(position), timeoutMs);
    } catch (error) {
      if (error instanceof ReadModelFailedError) {
        throw new DomainError(
          'UNAVAILABLE',
          'READ_MODEL_FAILED',
          'The read models stopped updating; an operator has been alerted in the logs',
        );
      }
      throw error;
    }
    if (!reached) {
      throw new DomainError(
        'UNAVAILABLE',
        'READ_MODEL_BEHIND',
        `The read models reached position ${this.runner.position}, not ${position}, within ${timeoutMs} ms; try again shortly`,
        { position: this.runner.position.toString() },
      );
    }
  }
}
