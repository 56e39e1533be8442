import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { EventStore } from '../../../libs/event-store/src';
import { AppModule, GRAPHQL_PATH } from './app.module';
import { PlenaryConfig, loadConfig } from './config/plenary-config';
import { registerAuditPage } from './audit-page/audit-page';
import { graphiqlAvailable, registerGraphiQL } from './graphql/graphiql';
import { registerGraphQLOverHttp } from './graphql/graphql-over-http';
import { registerRateLimits } from './graphql/rate-limits';
import { registerRequestGate } from './graphql/request-gate';
import { Authenticator } from './auth/authenticator';
import { authenticateOnce } from './auth/request-context';

import { EVENT_STORE, METRICS } from './infrastructure/tokens';
import type { PlenaryMetrics } from './operations/plenary-metrics';
import { correlationIdOptions } from './operations/logging';
import { ShutdownState } from './operations/shutdown-state';

/** Builds the application without listening; tests use it with supertest. */
export async function createApp(config: PlenaryConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, ...correlationIdOptions() });
  answerCorrelationIds(adapter);
  // GraphiQL first: its redirect of a browser's GET must win over content negotiation.
  if (serveGraphiQL(config)) registerGraphiQL(adapter.getInstance(), GRAPHQL_PATH);
  registerAuditPage(adapter.getInstance());
  registerGraphQLOverHttp(adapter.getInstance(), GRAPHQL_PATH);
  const authenticator: { current?: Authenticator } = {};
  await registerHardening(adapter, config, authenticator);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  authenticator.current = app.get(Authenticator);
  useJsonLogs(app);
  await app.init();
  registerGraphQLMetrics(app);
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/**
 * What keeps the GraphQL endpoint safe to expose: refusals of requests it must not act on, and
 * rate limits (which verify tokens with the application's authenticator once it exists).
 */
async function registerHardening(
  adapter: FastifyAdapter,
  config: PlenaryConfig,
  authenticator: { current?: Authenticator },
): Promise<void> {
  registerRequestGate(adapter.getInstance(), GRAPHQL_PATH);
  await registerRateLimits(adapter.getInstance(), GRAPHQL_PATH, config.rateLimits, async (request, token) => {
    if (authenticator.current === undefined) return null;
    try {
      return await authenticateOnce(authenticator.current, request, token);
    } catch {
      return null;
    }
  });
}

/** Every answer names the correlation id its request was logged and recorded under. */
function answerCorrelationIds(adapter: FastifyAdapter): void {
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
  });
}

/** GraphiQL only where allowed and where its files are installed (a pruned image has none). */
function serveGraphiQL(config: PlenaryConfig): boolean {
  return config.graphiql && graphiqlAvailable();
}

/** Every log line, Nest's own included, goes through pino as JSON (see operations/logging.ts). */
function useJsonLogs(app: NestFastifyApplication): void {
  app.useLogger(app.get(PinoLogger));
  app.flushLogs();
}

/** Times each executed GraphQL operation by its name and type (Mercurius hooks, no resolver changes). */
function registerGraphQLMetrics(app: NestFastifyApplication): void {
  const metrics = app.get<PlenaryMetrics>(METRICS);
  const started = new WeakMap<
    object,
    { stop: (labels: { operation: string; type: string }) => void; labels: { operation: string; type: string } }
  >();
  const graphql = (
    app.getHttpAdapter().getInstance() as unknown as {
      graphql: { addHook(name: string, hook: (...args: never[]) => Promise<void>): void };
    }
  ).graphql;
  graphql.addHook('preExecution', async (_schema: unknown, document: DocumentNode, context: object) => {
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
    );
    started.set(context, {
      stop: metrics.graphqlSeconds.startTimer(),
      labels: { operation: metrics.operationLabel(operation?.name?.value), type: operation?.operation ?? 'query' },
    });
  });
  graphql.addHook('onResolution', async (_execution: unknown, context: object) => {
    const timing = started.get(context);
    if (timing === undefined) return;
    started.delete(context);
    timing.stop(timing.labels);
  });
}

/**
 * On SIGTERM or SIGINT: readiness turns to 503 at once, the server stops accepting and lets
 * in-flight requests finish (cut after PLENARY_SHUTDOWN_TIMEOUT_MS), and only then do the
 * projections stop and the stores close (the application's shutdown hooks).
 */
function installGracefulShutdown(app: NestFastifyApplication, config: PlenaryConfig): void {
  const logger = new Logger('Plenary');
  let closing: Promise<void> | undefined;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing !== undefined) return;
    logger.log(`${signal}: finishing in-flight requests, then closing projections and stores`);
    closing = (async () => {
      app.get(ShutdownState).shuttingDown = true;
      const fastify = app.getHttpAdapter().getInstance();
      const cut = setTimeout(() => {
        logger.warn(`requests still running after ${config.shutdownTimeoutMs} ms: closing their connections`);
        fastify.server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      try {
        await fastify.close();
      } finally {
        clearTimeout(cut);
      }
      await app.close();
      logger.log('stopped');
      app.flushLogs();
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`, (error as Error)?.stack);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** Starts the service and listens until SIGINT/SIGTERM. */
export async function serve(config: PlenaryConfig = loadConfig()): Promise<NestFastifyApplication> {
  const app = await createApp(config);
  installGracefulShutdown(app, config);
  await app.listen(config.port, config.host);
  const logger = new Logger('Plenary');
  const address = app.getHttpAdapter().getInstance().server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const where = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  logger.log(`GraphQL API at ${where}${GRAPHQL_PATH} (${config.store.kind} store, data in ${config.dataDir})`);
  if (serveGraphiQL(config)) logger.log(`GraphiQL at ${where}/graphiql`);
  await app
    .get<EventStore>(EVENT_STORE)
    .headPosition()
    .catch((error: unknown) =>
      logger.warn(
        `the event store does not answer (${String(error)}): not ready until it does (GET ${where}/health/ready)`,
      ),
    );
  return app;
}

if (require.main === module) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
