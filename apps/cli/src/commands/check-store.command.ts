import { Command, CommandRunner as CliCommand } from 'nest-commander';
import { cliConfig } from '../cli-config';
import { CliError } from '../cli-error';

@Command({ name: 'check-store', description: "run SQLite's integrity check on the embedded event store" })
export class CheckStoreCommand extends CliCommand {
  async run(): Promise<void> {
    const config = cliConfig('check-store');
    if (config.store.kind !== 'sqlite')
      throw new CliError('check-store: applies to the embedded SQLite store only (PLENARY_STORE=sqlite)');
    const { SqliteEventStore } = await import('../../../../libs/event-store/src');
    const store = SqliteEventStore.open({ path: config.store.path });
    try {
      const result = store.integrityCheck();
      process.stdout.write(`${result}\n`);
      if (result !== 'ok') process.exitCode = 1;
    } finally {
      await store.close();
    }
  }
}
