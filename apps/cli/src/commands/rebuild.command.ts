import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommandRunner as CliCommand, Option } from 'nest-commander';
import { ProjectionRunner, allProjections, dumpTables, openReadModelDatabase } from '../../../../libs/projections/src';
import { cliConfig } from '../cli-config';
import { CliError } from '../cli-error';
import { DataDirectoryLock } from '../data-directory-lock';
import { Progress } from '../progress';

interface RebuildOptions {
  readonly projection?: string[];
  readonly restart?: boolean;
  readonly commitEvery?: number;
}

/** What an interrupted rebuild left behind: which projections it was rebuilding. */
interface PendingRebuild {
  readonly projections: string[] | null;
  readonly startedAt: string;
}

const PROJECTION_NAMES = allProjections.map((projection) => projection.name);

@Command({
  name: 'rebuild',
  description:
    'drop read models and rebuild them from position 0; resumes an interrupted rebuild from its last commit (stop the servers first)',
})
export class RebuildCommand extends CliCommand {
  async run(_params: string[], options: RebuildOptions): Promise<void> {
    const unknown = (options.projection ?? []).filter((name) => !PROJECTION_NAMES.includes(name));
    if (unknown.length > 0)
      throw new CliError(
        `rebuild: no projection named ${unknown.map((name) => `"${name}"`).join(', ')}; choose from ${PROJECTION_NAMES.join(', ')}`,
      );
    const config = cliConfig('rebuild');
    const lock = DataDirectoryLock.exclusive(config.dataDir, 'rebuild');
    const pendingFile = join(config.dataDir, 'rebuild-pending.json');
    // Loaded here: the store adapters (EventStoreDB's gRPC client among them) are not needed for --help.
    const { openEventStore } = await import('../../../api/src/infrastructure/infrastructure.module');
    const store = openEventStore(config);
    const db = openReadModelDatabase(config.readModelPath, config.readModelBusyTimeoutMs);
    try {
      const runner = new ProjectionRunner(store, db, allProjections, { batchSize: 2000 });
      const pending = existsSync(pendingFile)
        ? (JSON.parse(readFileSync(pendingFile, 'utf8')) as PendingRebuild)
        : undefined;
      let chosen = options.projection ?? null;
      if (pending !== undefined && !options.restart) {
        if (options.projection !== undefined && JSON.stringify(pending.projections) !== JSON.stringify(chosen))
          throw new CliError(
            `rebuild: an interrupted rebuild of ${pending.projections?.join(', ') ?? 'all read models'} is pending; run rebuild to resume it, or rebuild --restart`,
          );
        chosen = pending.projections;
        process.stdout.write(
          `resuming the rebuild of ${chosen?.join(', ') ?? 'all read models'} started ${pending.startedAt}\n`,
        );
      } else {
        // Written before anything is dropped: a rebuild killed from here on resumes instead of starting over.
        writeFileSync(pendingFile, `${JSON.stringify({ projections: chosen, startedAt: new Date().toISOString() })}\n`);
        runner.reset(chosen ?? undefined);
      }
      const started = Date.now();
      const head = await store.headPosition();
      const from = runner.initialize();
      const progress = new Progress('rebuild', Number(head));
      progress.update(Number(from), 0, false);
      let position: bigint;
      try {
        position = await runner.catchUp({
          commitEvery: options.commitEvery,
          onProgress: ({ position: reached, events, committed }) => progress.update(Number(reached), events, committed),
        });
        progress.update(Number(position), 0, true);
      } finally {
        progress.stop();
      }
      rmSync(pendingFile, { force: true });
      const digest = createHash('sha256').update(dumpTables(db)).digest('hex');
      process.stdout.write(
        `rebuilt ${chosen?.join(', ') ?? 'all read models'} to position ${position} in ${Date.now() - started} ms; tables sha256 ${digest}\n`,
      );
    } finally {
      db.close();
      await store.close();
      lock.release();
    }
  }

  @Option({
    flags: '--projection <name>',
    description: `rebuild only this projection (repeatable): ${PROJECTION_NAMES.join(', ')}`,
  })
  parseProjection(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({ flags: '--restart', description: 'start over even when an interrupted rebuild could be resumed' })
  parseRestart(): boolean {
    return true;
  }

  @Option({
    flags: '--commit-every <events>',
    description: 'events per commit (and per progress line), default 100000',
  })
  parseCommitEvery(value: string): number {
    const events = Number(value);
    if (!Number.isInteger(events) || events < 1)
      throw new CliError(`rebuild: --commit-every needs a whole number of events from 1, not "${value}"`);
    return events;
  }
}
