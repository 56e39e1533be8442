import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Command, CommandRunner as CliCommand, Option } from 'nest-commander';
import { KeptCheckpoint, auditLedger } from '../../../../libs/ledger-verifier/src';
import { CliError } from '../cli-error';

interface VerifyOptions {
  readonly url?: string;
  readonly position?: string;
  readonly publicKey?: string;
  readonly checkpoint?: string;
  readonly archive?: string;
}

@Command({
  name: 'verify',
  description:
    "audit the ledger of a running server: the checkpoint's signature, an entry's inclusion, and (with a checkpoint file from an earlier audit) that the log only grew; the file is updated on success",
})
export class VerifyCommand extends CliCommand {
  async run(_params: string[], options: VerifyOptions): Promise<void> {
    if (options.archive !== undefined) {
      const { verifyArchiveCommand } = await import('../verify-archive');
      process.exitCode = await verifyArchiveCommand([
        '--archive',
        options.archive,
        ...(options.publicKey === undefined ? [] : ['--public-key', options.publicKey]),
      ]);
      return;
    }
    if (options.url === undefined)
      throw new CliError(
        'verify: needs --url (a running server, e.g. --url http://localhost:3000/graphql) or --archive <file>',
      );
    const checkpointFile = options.checkpoint;
    const previous =
      checkpointFile !== undefined && existsSync(checkpointFile)
        ? (JSON.parse(readFileSync(checkpointFile, 'utf8')) as KeptCheckpoint)
        : undefined;
    const report = await auditLedger({
      url: options.url,
      position: options.position,
      publicKeyPem: options.publicKey === undefined ? undefined : readFileSync(options.publicKey, 'utf8'),
      previous,
    });
    for (const check of report.checks)
      process.stdout.write(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}\n`);
    const failed = report.checks.filter((check) => !check.ok).length;
    process.stdout.write(
      failed === 0
        ? `verified: all ${report.checks.length} checks passed\n`
        : `NOT verified: ${failed} of ${report.checks.length} checks failed\n`,
    );
    if (report.ok && checkpointFile !== undefined) {
      const { treeSize, rootHash, signature } = report.checkpoint;
      writeFileSync(checkpointFile, `${JSON.stringify({ treeSize, rootHash, signature }, null, 2)}\n`);
    }
    if (!report.ok) process.exitCode = 1;
  }

  @Option({
    flags: '--archive <file>',
    description: 'check an exported archive offline instead: its tree, signatures and every count',
  })
  parseArchive(value: string): string {
    return value;
  }

  @Option({ flags: '--url <graphql url>', description: "the server's GraphQL endpoint" })
  parseUrl(value: string): string {
    return value;
  }

  @Option({ flags: '--position <n>', description: 'the log position whose inclusion to check' })
  parsePosition(value: string): string {
    if (!/^[1-9][0-9]{0,18}$/.test(value))
      throw new CliError(`verify: --position needs a log position (a whole number from 1), not "${value}"`);
    return value;
  }

  @Option({ flags: '--public-key <pem file>', description: "pin the ledger's public key" })
  parsePublicKey(value: string): string {
    return value;
  }

  @Option({ flags: '--checkpoint <file>', description: 'checkpoint kept from the previous audit' })
  parseCheckpoint(value: string): string {
    return value;
  }
}
