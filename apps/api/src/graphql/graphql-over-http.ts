import type { FastifyInstance, FastifyRequest } from 'fastify';

export const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

interface MediaRange {
  readonly type: string;
  readonly q: number;
}

function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === '') return [];
  return header.split(',').map((part) => {
    const [type, ...parameters] = part.trim().split(';');
    const qParameter = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParameter === undefined ? 1 : Number(qParameter.slice(2));
    return { type: type.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0 };
  });
}

function quality(ranges: readonly MediaRange[], type: string): number {
  const [major] = type.split('/');
  let best = -1;
  let bestSpecificity = -1;
  for (const range of ranges) {
    const specificity = range.type === type ? 2 : range.type === `${major}/*` ? 1 : range.type === '*/*' ? 0 : -1;
    if (specificity > bestSpecificity) {
      bestSpecificity = specificity;
      best = range.q;
    }
  }
  return best;
}

/**
 * The media type to answer with: application/graphql-response+json when the client names it
 * and does not prefer application/json; application/json otherwise (no Accept header, or only
 * wildcards, as the specification recommends during its migration period); null when the client
 * accepts neither.
 */
export function negotiateResponseType(request: FastifyRequest): string | null {
  const ranges = parseAccept(request.headers.accept);
  if (ranges.length === 0) return JSON_TYPE;
  const modern = quality(ranges, GRAPHQL_RESPONSE_TYPE);
  const legacy = quality(ranges, JSON_TYPE);
  if (modern <= 0 && legacy <= 0) return null;
  const namesModern = ranges.some((range) => range.type === GRAPHQL_RESPONSE_TYPE && range.q > 0);
  return namesModern && modern >= legacy ? GRAPHQL_RESPONSE_TYPE : JSON_TYPE;
}

export function prefersGraphQLResponse(request: FastifyRequest): boolean {
  return negotiateResponseType(request) === GRAPHQL_RESPONSE_TYPE;
}

/**
 * Hooks that make the GraphQL endpoint follow the GraphQL over HTTP specification on top of
 * Mercurius: content negotiation (406 when nothing acceptable) and the response media type.
 */
export function registerGraphQLOverHttp(app: FastifyInstance, path: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.split('?')[0] !== path) return;
    if (request.method !== 'GET' && request.method !== 'POST') return;
    if (negotiateResponseType(request) === null) {
      await reply
        .code(406)
        .header('content-type', `${JSON_TYPE}; charset=utf-8`)
        .send({
          errors: [
            { message: `Accept ${GRAPHQL_RESPONSE_TYPE} or ${JSON_TYPE}`, extensions: { code: 'NOT_ACCEPTABLE' } },
          ],
        });
    }
  });
  // The specification allows `"extensions": null`; Mercurius's body schema wants an object.
  app.addHook('preValidation', async (request) => {
    if (request.url.split('?')[0] !== path || request.method !== 'POST') return;
    const body = request.body as Record<string, unknown> | null;
    if (body !== null && typeof body === 'object' && body.extensions === null) delete body.extensions;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.split('?')[0] !== path || reply.statusCode === 406) return payload;
    const contentType = String(reply.getHeader('content-type') ?? '');
    if (contentType.startsWith(JSON_TYPE) && negotiateResponseType(request) === GRAPHQL_RESPONSE_TYPE) {
      reply.header('content-type', `${GRAPHQL_RESPONSE_TYPE}; charset=utf-8`);
    }
    return payload;
  });
}
