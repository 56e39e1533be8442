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
    // A WebSocket upgrade (graphql-ws subscriptions) carries no query: Mercurius' socket handles it.
    if (request.method === 'GET' && !isWebSocketUpgrade(request)) {
      const params = request.query as Record<string, unknown>;
      if (typeof params.query !== 'string') {
        await refuse(reply, 400, 'INVALID_REQUEST', 'The query parameter must be given once, as a string');
        return;
      }
      if (isJson(params.query)) {
        await refuse(reply, 400, 'INVALID_REQUEST', NOT_A_DOCUMENT);
        return;
      }
      if (params.variables !== undefined && !isJsonObject(params.variables)) {
        await refuse(reply, 400, 'INVALID_REQUEST', 'The variables parameter must be a JSON object');
        return;
      }
      const operationName = typeof params.operationName === 'string' ? params.operationName : undefined;
      const selected = selectedOperation(params.query, operationName);
      if (selected === 'mutation' || selected === 'subscription') {
        reply.header('allow', 'POST');
        await refuse(reply, 405, 'MUTATION_OVER_GET', 'Mutations must be sent with POST, never with GET');
      } else if (selected === 'none') {
        // Mercurius checks the method of the selected operation and fails when there is none.
        await refuse(
          reply,
          400,
          'UNKNOWN_OPERATION',
          operationName === undefined
            ? 'The document holds several operations: name the one to run in operationName'
            : `The document holds no operation named "${operationName}"`,
        );
      }
    }
  });
}

/** Set by @fastify/websocket for a real upgrade only, never from a header a client could send. */
function isWebSocketUpgrade(request: FastifyRequest): boolean {
  return (request as FastifyRequest & { ws?: boolean | null }).ws === true;
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0];
}

function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

const NOT_A_DOCUMENT = '"query" must hold a GraphQL document in its text form';

/**
 * Mercurius takes a query that does not parse as GraphQL for a JSON-encoded syntax tree; "0",
 * "null" or a hand-made tree would reach graphql-js as a document it cannot handle. No
 * GraphQL document is valid JSON, and a real one fails JSON.parse at its first word, so the
 * check costs next to nothing.
 */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function isJsonObject(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    const value: unknown = JSON.parse(text);
    return value === null || (typeof value === 'object' && !Array.isArray(value));
  } catch {
    return false;
  }
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
  if (isJson(query)) return { reason: 'INVALID_REQUEST', message: NOT_A_DOCUMENT };
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

/**
 * The kind of operation a GET would run, or 'none' when the document names no such operation;
 * null for a document that does not parse, which the executor refuses with its own error.
 */
function selectedOperation(
  query: string,
  operationName: string | undefined,
): OperationDefinitionNode['operation'] | 'none' | null {
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query, { maxTokens: 2000 }).definitions.filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
  } catch {
    return null;
  }
  const selected =
    operationName === undefined
      ? operations.length === 1
        ? operations[0]
        : undefined
      : operations.find((operation) => operation.name?.value === operationName);
  if (selected === undefined) return operations.length === 0 ? null : 'none';
  return selected.operation;
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
