import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '../../../libs/event-store/src';
import { ProjectionRunner, allProjections, dumpTables, openReadModelDatabase } from '../../../libs/projections/src';
import { loadConfig } from '../../api/src/config/plenary-config';
import { openEventStore } from '../../api/src/infrastructure/infrastructure.module';
import { TokenService } from '../../api/src/auth/token.service';
import { serve } from '../../api/src/main';
import { createHash } from 'node:crypto';
import { isUuid } from '../../../libs/core/src';
import { KeptCheckpoint, auditLedger } from '../../../libs/ledger-verifier/src';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const USAGE = `plenary <command> [options]

Commands:
  serve                       run the GraphQL API (configured by environment variables)
  token --member <id>         print a development bearer token for a member
  token --operator <name>     print a development bearer token for an operator
  rebuild [--projection <n>]  drop read models and rebuild them from position 0
  check-store                 run SQLite's integrity check on the embedded event store
  verify --url <graphql url> [--position <n>] [--public-key <pem file>] [--checkpoint <file>]
                              audit the ledger of a running server: the checkpoint's signature,
                              an entry's inclusion, and (with a checkpoint file from an earlier
                              audit) that the log only grew; the file is updated on success
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'serve':
      // Runs until SIGINT/SIGTERM; the application's shutdown hooks close the stores.
      await serve(config);
      return -1;
    case 'token': {
      const { values } = parseArgs({
        args: rest,
        options: { member: { type: 'string' }, operator: { type: 'string' } },
      });
      if ((values.member === undefined) === (values.operator === undefined)) {
        process.stderr.write('token needs exactly one of --member <id> or --operator <name>\n');
        return 2;
      }
      if (values.member !== undefined && !isUuid(values.member)) {
        process.stderr.write('--member needs a member id (a UUID)\n');
        return 2;
      }
      const tokens = new TokenService(config, null);
      const issued = await tokens.issueDevToken(
        values.member !== undefined
          ? { kind: 'member', memberId: values.member }
          : { kind: 'operator', name: values.operator! },
      );
      process.stdout.write(`${issued.token}\n`);
      return 0;
    }
    case 'rebuild': {
      const { values } = parseArgs({ args: rest, options: { projection: { type: 'string', multiple: true } } });
      const store = openEventStore(config);
      const db = openReadModelDatabase(config.readModelPath);
      try {
        const runner = new ProjectionRunner(store, db, allProjections, { batchSize: 2000 });
        const started = Date.now();
        runner.reset(values.projection);
        const position = await runner.catchUp();
        const digest = createHash('sha256').update(dumpTables(db)).digest('hex');
        process.stdout.write(
          `rebuilt ${values.projection?.join(', ') ?? 'all read models'} to position ${position} in ${Date.now() - started} ms; tables sha256 ${digest}\n`,
        );
      } finally {
        db.close();
        await store.close();
      }
      return 0;
    }
    case 'check-store': {
      if (config.store.kind !== 'sqlite') {
        process.stderr.write('check-store applies to the embedded SQLite store only\n');
        return 2;
      }
      const store = SqliteEventStore.open({ path: config.store.path });
      const result = store.integrityCheck();
      await store.close();
      process.stdout.write(`${result}\n`);
      return result === 'ok' ? 0 : 1;
    }
    case 'verify': {
      const { values } = parseArgs({
        args: rest,
        options: {
          url: { type: 'string' },
          position: { type: 'string' },
          'public-key': { type: 'string' },
          checkpoint: { type: 'string' },
        },
      });
      if (values.url === undefined) {
        process.stderr.write('verify needs --url, e.g. --url http://localhost:3000/graphql\n');
        return 2;
      }
      const checkpointFile = values.checkpoint;
      const previous =
        checkpointFile !== undefined && existsSync(checkpointFile)
          ? (JSON.parse(readFileSync(checkpointFile, 'utf8')) as KeptCheckpoint)
          : undefined;
      const report = await auditLedger({
        url: values.url,
        position: values.position,
        publicKeyPem: values['public-key'] === undefined ? undefined : readFileSync(values['public-key'], 'utf8'),
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
      return report.ok ? 0 : 1;
    }
    default:
      process.stderr.write(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
