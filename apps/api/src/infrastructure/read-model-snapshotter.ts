import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ProjectionRunner, ReadModelSnapshot, ReadModelSnapshots } from '../../../../libs/projections/src';
import { PLENARY_CONFIG, PlenaryConfig } from '../config/plenary-config';
import { READ_MODEL_SNAPSHOTS } from './tokens';

/**
 * Takes a snapshot of the read models whenever they have advanced `PLENARY_SNAPSHOT_EVERY`
 * positions past the newest one in the shared folder (whoever took it), one at a time: told
 * after each committed batch, so the copy starts at a batch boundary and holds exactly the
 * position its checkpoints say. A process that falls behind the log (a long catch-up) takes
 * the next one where it stands, never one per interval it skipped.
 */
@Injectable()
export class ReadModelSnapshotter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Snapshots');
  private taking: Promise<void> | undefined;
  private newestKnown: bigint | undefined;
  private stopListening: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(READ_MODEL_SNAPSHOTS) private readonly snapshots: ReadModelSnapshots,
    @Inject(PLENARY_CONFIG) private readonly config: PlenaryConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.snapshots.every === 0) return;
    this.snapshots.prune();
    this.stopListening = this.runner.onApplied((_events, position) => this.consider(position));
  }

  /** Resolves once no snapshot is being taken (for shutdown, tests and the benchmark). */
  async settled(): Promise<void> {
    while (this.taking !== undefined) await this.taking;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    await this.settled();
  }

  private consider(position: bigint): void {
    if (this.taking !== undefined || this.stopped) return;
    const every = BigInt(this.config.snapshots.every);
    if (this.newestKnown !== undefined && position < this.newestKnown + every) return;
    // Another process may have taken one since: the folder, not this process's memory, decides.
    this.newestKnown = this.snapshots.storage().newest ?? 0n;
    if (position < this.newestKnown + every) return;
    this.taking = this.snapshots
      .take(this.config.readModelPath)
      .then(
        (snapshot) => this.taken(snapshot),
        (error: unknown) => this.logger.warn(`could not take a snapshot of the read models: ${String(error)}`),
      )
      .finally(() => {
        this.taking = undefined;
      });
  }

  private taken(snapshot: ReadModelSnapshot | undefined): void {
    if (snapshot === undefined) return;
    if (this.newestKnown === undefined || snapshot.position > this.newestKnown) this.newestKnown = snapshot.position;
    const storage = this.snapshots.storage();
    this.logger.debug(
      `snapshot at position ${snapshot.position} (${snapshot.bytes} bytes); ${storage.count} kept, ${storage.bytes} bytes`,
    );
  }
}
