import { Command, CommandRunner as CliCommand, Option } from 'nest-commander';
import { cliConfig } from '../cli-config';

interface ExportOptions {
  readonly out?: string;
  readonly checkpointEvery?: string;
}

@Command({
  name: 'export',
  description:
    'write the public record as a verifiable archive: every event as the ledger hashes it, with signed checkpoints (check it with verify --archive)',
})
export class ExportCommand extends CliCommand {
  async run(_params: string[], options: ExportOptions): Promise<void> {
    const config = cliConfig('export');
    const { exportCommand } = await import('../export-archive');
    const args = [
      ...(options.out === undefined ? [] : ['--out', options.out]),
      ...(options.checkpointEvery === undefined ? [] : ['--checkpoint-every', options.checkpointEvery]),
    ];
    process.exitCode = await exportCommand(args, config);
  }

  @Option({ flags: '--out <file>', description: 'the archive to write (never overwritten)' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--checkpoint-every <n>', description: 'a signed checkpoint every n entries (default 1000)' })
  parseCheckpointEvery(value: string): string {
    return value;
  }
}
