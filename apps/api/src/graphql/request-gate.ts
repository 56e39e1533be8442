import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Kind, OperationDefinitionNode, parse } from 'graphql';
import { negotiateResponseType } from './graphql-over-http';

/**
 * What reaches Mercurius at all. A browser may send `application/x-www-form-urlencoded`,
 * `multipart/form-data` and `text/plain` to any site without asking first, so a form on any
 * page could post a mutation with a visitor's cookies or network position: only
 * `application/json` bodies (which need a CORS preflight) carry an operation. Requests whose
 * shape is wrong are refused here with a request error naming what is wrong, instead of
 * reaching the executor and failing as INTERNAL.
 */
export function registerRequestGate(app: FastifyInstance, path: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' || pathOf(request) !== path) return;
    const contentType = String(request.headers['content-type'] ?? '');
    if (mediaType(contentType) !== 'application/json') {
      await refuse(
        reply,
        415,
        'UNSUPPORTED_CONTENT_TYPE',
        `Send GraphQL requests as application/json (this one was ${contentType === '' ? 'untyped' : `"${mediaType(contentType)}"`})`,
      );
    }
  });

  app.addHook('preValidation', async (request, reply) => {
    if (pathOf(request) !== path) return;
    if (request.method === 'POST') {
      const problem = problemWithBody(request.body);
      if (problem !== null) await refuse(reply, 400, problem.reason, problem.message);
      return;
    }
    if (request.method === 'GET') {
      const params = request.query as Record<string, unknown>;
      if (params.query !== undefined && typeof params.query !== 'string') {
        await refuse(reply, 400, 'INVALID_REQUEST', 'The query parameter must be given once, as a string');
        return;
      }
      const operationName = typeof params.operationName === 'string' ? params.operationName : undefined;
      if (typeof params.query === 'string' && selectsMutation(params.query, operationName)) {
        reply.header('allow', 'POST');
        await refuse(reply, 405, 'MUTATION_OVER_GET', 'Mutations must be sent with POST, never with GET');
      }
    }
  });
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0];
}

function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

function isObjectOrAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value));
}

function problemWithBody(body: unknown): { reason: string; message: string } | null {
  if (Array.isArray(body)) {
    return { reason: 'BATCHING_DISABLED', message: 'Send one operation per request; batched requests are refused' };
  }
  if (body === null || typeof body !== 'object') {
    return { reason: 'INVALID_REQUEST', message: 'The request body must be a JSON object with a "query" string' };
  }
  const { query, variables, operationName, extensions } = body as Record<string, unknown>;
  if (typeof query !== 'string') {
    return { reason: 'INVALID_REQUEST', message: '"query" must be a string holding the GraphQL document' };
  }
  if (!isObjectOrAbsent(variables)) {
    return { reason: 'INVALID_REQUEST', message: '"variables" must be an object mapping names to values' };
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return { reason: 'INVALID_REQUEST', message: '"operationName" must be a string' };
  }
  if (!isObjectOrAbsent(extensions)) {
    return { reason: 'INVALID_REQUEST', message: '"extensions" must be an object' };
  }
  return null;
}

/** True when the operation a GET would run is a mutation; a document that does not parse is left to the executor. */
function selectsMutation(query: string, operationName: string | undefined): boolean {
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query, { maxTokens: 2000 }).definitions.filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
  } catch {
    return false;
  }
  const selected =
    operationName === undefined
      ? operations.length === 1
        ? operations[0]
        : undefined
      : operations.find((operation) => operation.name?.value === operationName);
  return selected !== undefined && selected.operation !== 'query';
}

/** A request error in the endpoint's own shape: `extensions.code` (BAD_REQUEST unless said) and a stable reason. */
export async function refuse(
  reply: FastifyReply,
  status: number,
  reason: string,
  message: string,
  code = 'BAD_REQUEST',
): Promise<void> {
  await reply
    .code(status)
    .header('content-type', `${negotiateResponseType(reply.request) ?? 'application/json'}; charset=utf-8`)
    .send({ errors: [{ message, extensions: { code, reason } }] });
}
