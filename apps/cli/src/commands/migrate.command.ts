import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { Command, CommandRunner as CliCommand } from 'nest-commander';
import { cliConfig } from '../cli-config';
import { CliError } from '../cli-error';

function schemaVersion(path: string): number {
  if (!existsSync(path)) return 0;
  const db = new Database(path, { readonly: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").get();
    if (table === undefined) return 0;
    return (
      db.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_migrations').get() as { version: number }
    ).version;
  } finally {
    db.close();
  }
}

@Command({
  name: 'migrate',
  description:
    "bring the embedded event store to this build's schema (safe while servers run: migrations take the write lock); read models rebuild themselves when their version changes",
})
export class MigrateCommand extends CliCommand {
  async run(): Promise<void> {
    const config = cliConfig('migrate');
    if (config.store.kind !== 'sqlite')
      throw new CliError('migrate: EventStoreDB keeps its own schema; nothing to migrate (PLENARY_STORE=eventstoredb)');
    const before = schemaVersion(config.store.path);
    // Opening the store applies the migrations it lacks, each under the write lock, and refuses a newer schema.
    const { SqliteEventStore } = await import('../../../../libs/event-store/src');
    const store = SqliteEventStore.open({ path: config.store.path });
    await store.close();
    const after = schemaVersion(config.store.path);
    process.stdout.write(
      before === after
        ? `event store ${config.store.path}: schema version ${after}, up to date\n`
        : `event store ${config.store.path}: schema version ${before} -> ${after}\n`,
    );
  }
}
