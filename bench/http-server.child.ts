import 'reflect-metadata';
import Fastify from 'fastify';
import mercurius from 'mercurius';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../apps/api/src/config/plenary-config';
import { createApp } from '../apps/api/src/main';
import { serveToParent } from './bench-support';

/**
 * A server under load in a process of its own, so that the load generator does not share its
 * event loop. Arguments: `plenary <data dir> [<read model dir>]` for the real API (the second
 * directory for a replica's own read models), or `baseline` for the smallest
 * GraphQL server on the same engine. Sends `{ port }` once listening; closes on the message
 * `stop`.
 */

interface Running {
  readonly port: number;
  close(): Promise<void>;
}

async function startPlenary(dataDir: string, readModelDir?: string): Promise<Running> {
  // A second process on the same store keeps read models (and ledger) of its own, like a replica.
  const replica =
    readModelDir === undefined
      ? {}
      : {
          PLENARY_READ_MODEL_PATH: `${readModelDir}/read-models.sqlite`,
          PLENARY_LEDGER_PATH: `${readModelDir}/ledger.sqlite`,
        };
  const app = await createApp(loadConfig({ PLENARY_DATA_DIR: dataDir, PLENARY_LOG_LEVEL: 'silent', ...replica }));
  await app.listen(0, '127.0.0.1');
  return { port: (app.getHttpServer().address() as AddressInfo).port, close: () => app.close() };
}

/**
 * Fastify and Mercurius configured as the API configures them (graphql-jit from a query's second
 * execution, no cache changes), with
 * a mutation that takes the same input and returns a string: what is left is the cost of
 * HTTP, JSON and GraphQL parsing, validation and execution.
 */
async function startBaseline(): Promise<Running> {
  const app = Fastify();
  await app.register(mercurius, {
    schema: `
      input EnrollMemberInput { pseudonym: String!, region: String }
      type Query { ping: String! }
      type Mutation { enrollMember(input: EnrollMemberInput!): String! }
    `,
    resolvers: {
      Query: { ping: () => 'pong' },
      Mutation: { enrollMember: (_root: unknown, args: { input: { pseudonym: string } }) => args.input.pseudonym },
    },
    jit: 1,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}

async function main(): Promise<void> {
  const [kind, dataDir, readModelDir] = process.argv.slice(2);
  if (process.send === undefined) throw new Error('run this entry through bench/run.ts, not directly');
  let running: Running;
  if (kind === 'plenary' && dataDir !== undefined) running = await startPlenary(dataDir, readModelDir);
  else if (kind === 'baseline') running = await startBaseline();
  else throw new Error('usage: http-server.child.ts plenary <data dir> [<read model dir>] | baseline');
  serveToParent(running);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
