import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliError } from './cli-error';
import { CliModule, CliProgram } from './cli.module';
import { ServeCommand } from './commands/serve.command';

const COMMANDS = [
  'serve',
  'rebuild',
  'verify',
  'export',
  'token',
  'erase-member',
  'migrate',
  'check-store',
  'import-members',
];

/** Commander's messages, one line each, named for this CLI and pointing at the right help. */
function oneLine(message: string): string {
  const text = message.trim().replace(/^error: /, '');
  if (/^unknown command/.test(text))
    return `plenary: ${text.replace(/\n.*/s, '')}; commands: ${COMMANDS.join(', ')} (plenary --help)\n`;
  return `plenary: ${text.split('\n')[0]} (plenary <command> --help)\n`;
}

/** The exit code a commander outcome deserves: 0 for help and version, 2 for usage errors. */
function exitFor(error: { code?: string; exitCode?: number }): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version')
    return 0;
  // A bare `plenary` shows the help, but is still not a command.
  if (error.code === 'commander.executeSubCommandAsync') return error.exitCode ?? 0;
  return 2;
}

async function main(): Promise<void> {
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    logger: false,
    serviceErrorHandler: (error) => {
      if (error instanceof CliError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(error.exitCode);
      }
      process.stderr.write(`plenary: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  });
  const { program } = app.get(CliProgram, { strict: false });
  // Commander copies these settings only to commands it creates itself, not to added ones.
  for (const command of [program, ...program.commands]) {
    command.exitOverride((error) => process.exit(exitFor(error)));
    command.configureOutput({ outputError: (message, write) => write(oneLine(message)) });
  }
  program
    .name('plenary')
    .description('Plenary operator commands (configured by the environment variables in the README)');
  await CommandFactory.runApplication(app);
  if (ServeCommand.serving) return;
  await app.close();
  process.exit(process.exitCode ?? 0);
}

void main();
