import 'reflect-metadata';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, GRAPHQL_PATH } from './app.module';
import { PlenaryConfig, loadConfig } from './config/plenary-config';
import { graphiqlAvailable, registerGraphiQL } from './graphql/graphiql';
import { registerGraphQLOverHttp } from './graphql/graphql-over-http';
import { registerRateLimits } from './graphql/rate-limits';
import { registerRequestGate } from './graphql/request-gate';
import { Authenticator } from './auth/authenticator';
import { authenticateOnce } from './auth/request-context';

const LOG_LEVELS: Record<PlenaryConfig['logLevel'], LogLevel[] | false> = {
  silent: false,
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/** Builds the application without listening; tests use it with supertest. */
export async function createApp(config: PlenaryConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes });
  // GraphiQL first: its redirect of a browser's GET must win over content negotiation.
  if (config.graphiql && graphiqlAvailable()) registerGraphiQL(adapter.getInstance(), GRAPHQL_PATH);
  registerGraphQLOverHttp(adapter.getInstance(), GRAPHQL_PATH);
  const authenticator: { current?: Authenticator } = {};
  await registerHardening(adapter, config, authenticator);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: LOG_LEVELS[config.logLevel],
    abortOnError: false,
  });
  authenticator.current = app.get(Authenticator);
  app.enableShutdownHooks();
  await app.init();
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

/** Starts the service and listens until SIGINT/SIGTERM. */
export async function serve(config: PlenaryConfig = loadConfig()): Promise<NestFastifyApplication> {
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('Plenary');
  const where = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${config.port}`;
  logger.log(`GraphQL API at ${where}${GRAPHQL_PATH} (${config.store.kind} store, data in ${config.dataDir})`);
  if (config.graphiql) logger.log(`GraphiQL at ${where}/graphiql`);
  return app;
}

if (require.main === module) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
