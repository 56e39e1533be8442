import type { DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { isUuid } from '../../../../libs/core/src';
import type { PlenaryConfig } from '../config/plenary-config';

const CORRELATION_HEADER = 'x-correlation-id';

/**
 * Fastify's request id is the correlation id: the client's X-Correlation-Id when it is a UUID,
 * else a new one, written back into the request's headers so the command metadata (built from
 * the headers) carries the very id the logs show.
 */
export function correlationIdOptions(): { genReqId: (request: IncomingMessage) => string } {
  return {
    genReqId: (request) => {
      const given = request.headers[CORRELATION_HEADER];
      const id = typeof given === 'string' && isUuid(given) ? given.toLowerCase() : randomUUID();
      request.headers[CORRELATION_HEADER] = id;
      return id;
    },
  };
}

/**
 * JSON logs through pino, one object a line and never colours. Every line written while a
 * request runs carries its correlation id (Fastify's request id, see above). Requests are logged by method and path only: no headers (tokens), no query
 * strings or bodies (pseudonyms, contact details, ballots).
 */
export function loggingModule(config: PlenaryConfig): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.logLevel,
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'correlationId' },
      serializers: {
        req: (request: { method?: string; url?: string }) => ({
          method: request.method,
          path: request.url?.split('?')[0],
        }),
        res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
        err: (error: Error) => ({ type: error.name, message: error.message, stack: error.stack }),
      },
      // Probes and scrapes every few seconds are not news; a 5xx elsewhere is.
      customLogLevel: (request, response, error) =>
        error !== undefined || (response.statusCode >= 500 && !request.url?.startsWith('/health')) ? 'warn' : 'debug',
      redact: { paths: ['req.headers', 'headers.authorization', 'headers.cookie'], remove: true },
    },
  });
}
