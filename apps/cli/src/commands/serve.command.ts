import { Command, CommandRunner as CliCommand } from 'nest-commander';
import { cliConfig } from '../cli-config';
import { DataDirectoryLock } from '../data-directory-lock';

@Command({
  name: 'serve',
  description: 'run the GraphQL API (configured by environment variables) until SIGTERM or SIGINT',
})
export class ServeCommand extends CliCommand {
  /** Set once the server listens: the CLI must then stay up rather than exit. */
  static serving = false;
  /** Held for the life of the process (a collected connection would drop the lock). */
  private static lock: DataDirectoryLock | undefined;

  async run(): Promise<void> {
    const config = cliConfig('serve');
    // Shared: several servers may run on one store; a rebuild waits for all of them to stop.
    ServeCommand.lock = DataDirectoryLock.shared(config.dataDir, 'serve');
    // Loaded here, not at the top: every other command (and --help) starts without the whole API.
    const { serve } = await import('../../../api/src/main');
    await serve(config);
    ServeCommand.serving = true;
  }
}
