import 'reflect-metadata';
import Fastify from 'fastify';
import mercurius from 'mercurius';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../apps/api/src/config/plenary-config';
import { createApp } from '../apps/api/src/main';
import { serveToParent } from './bench-support';

/**
 * The server of the referendum benchmark in a process of its own. Arguments: `plenary <data
 * dir>` for the real API (chapters founded by one signature, and read-your-writes allowed a
 * minute, since the read models first catch up with a million enrolments), or `baseline` for
 * a bare Mercurius server with the same mutation returning a string. Sends `{ port }` once
 * listening; closes on the message `stop`.
 */

interface Running {
  readonly port: number;
  close(): Promise<void>;
}

async function startPlenary(dataDir: string): Promise<Running> {
  const app = await createApp(
    loadConfig({
      PLENARY_DATA_DIR: dataDir,
      PLENARY_LOG_LEVEL: 'silent',
      PLENARY_READ_YOUR_WRITES_TIMEOUT_MS: '60000',
    }),
  );
  await app.listen(0, '127.0.0.1');
  return { port: (app.getHttpServer().address() as AddressInfo).port, close: () => app.close() };
}

async function startBaseline(): Promise<Running> {
  const app = Fastify();
  await app.register(mercurius, {
    schema: `
      enum ReferendumChoice { YES NO ABSTAIN }
      input CastReferendumBallotInput { commandId: String, referendumId: ID!, choice: ReferendumChoice! }
      type Query { ping: String! }
      type Mutation { castReferendumBallot(input: CastReferendumBallotInput!): String! }
    `,
    resolvers: {
      Query: { ping: () => 'pong' },
      Mutation: {
        castReferendumBallot: (_root: unknown, args: { input: { referendumId: string } }) => args.input.referendumId,
      },
    },
    // As the API configures Mercurius (graphql-jit from a query's second execution).
    jit: 1,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}

async function main(): Promise<void> {
  const [kind, dataDir] = process.argv.slice(2);
  if (process.send === undefined) throw new Error('run this entry through bench/run.ts, not directly');
  let running: Running;
  if (kind === 'plenary' && dataDir !== undefined) running = await startPlenary(dataDir);
  else if (kind === 'baseline') running = await startBaseline();
  else throw new Error('usage: referendum-server.child.ts plenary <data dir> | baseline');
  serveToParent(running);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
