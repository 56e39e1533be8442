import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Kind, OperationDefinitionNode, parse } from 'graphql';
import type { Actor } from '../../../../libs/core/src';
import type { PlenaryConfig } from '../config/plenary-config';
import { refuse } from './request-gate';

/** Mutations that trade a secret for a session: limited per address on their own, much lower budget. */
export const SIGN_IN_FIELDS = new Set(['signIn', 'refreshSession']);

/** The verified actor of a request, for the per-actor limiter's key. */
const ACTOR_KEYS = new WeakMap<FastifyRequest, string>();

interface Classified {
  readonly mutation: boolean;
  readonly signIn: boolean;
}

/**
 * Rate limits on mutations (per client address and per actor), on sign-in and on refused
 * bearer tokens (per address),
 * answered with 429 and Retry-After before anything runs. Queries are not limited here: their
 * cost is bounded per request by the query limits. The counters live in this process's
 * memory (@fastify/rate-limit's local store), so N replicas behind a load balancer allow up to
 * N times the budget; the README says so.
 *
 * `actorOf` verifies the bearer token (it is set once the application exists): a limit keyed
 * on an unverified subject would let anyone spend another member's budget.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  path: string,
  limits: PlenaryConfig['rateLimits'],
  actorOf: (request: FastifyRequest, token: string) => Promise<Actor | null>,
): Promise<void> {
  if (!limits.enabled) return;
  await app.register(rateLimit, { global: false });
  const timeWindow = limits.windowMs;
  const perAddress = app.createRateLimit({
    max: limits.mutationsPerAddress,
    timeWindow,
    keyGenerator: (request) => `mutations@${request.ip}`,
  });
  const signInsPerAddress = app.createRateLimit({
    max: limits.signInsPerAddress,
    timeWindow,
    keyGenerator: (request) => `sign-in@${request.ip}`,
  });
  const refusedTokensPerAddress = app.createRateLimit({
    max: limits.refusedTokensPerAddress,
    timeWindow,
    keyGenerator: (request) => `refused-tokens@${request.ip}`,
  });
  const perActor = app.createRateLimit({
    max: limits.mutationsPerActor,
    timeWindow,
    keyGenerator: (request) => `mutations@${ACTOR_KEYS.get(request) ?? request.ip}`,
  });

  app.addHook('preHandler', async (request, reply) => {
    if ((request.method !== 'POST' && request.method !== 'GET') || request.url.split('?')[0] !== path) return;
    // Someone trying tokens (forged, stolen, expired) is slowed down per address, queries too.
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const actor = token === undefined ? null : await actorOf(request, token);
    if (token !== undefined && actor === null) {
      if (await exceeded(refusedTokensPerAddress, request, reply, 'TOO_MANY_REFUSED_TOKENS')) return;
    }

    if (request.method !== 'POST') return;
    const body = request.body as { query?: unknown; operationName?: unknown } | null;
    if (body === null || typeof body !== 'object' || typeof body.query !== 'string') return;
    const classified = classify(body.query, typeof body.operationName === 'string' ? body.operationName : undefined);
    if (!classified.mutation) return;

    if (classified.signIn && (await exceeded(signInsPerAddress, request, reply, 'TOO_MANY_SIGN_INS'))) return;
    if (await exceeded(perAddress, request, reply, 'TOO_MANY_MUTATIONS')) return;
    if (actor === null) return;
    ACTOR_KEYS.set(request, actor.kind === 'member' ? `member:${actor.memberId}` : `operator:${actor.name}`);
    await exceeded(perActor, request, reply, 'TOO_MANY_MUTATIONS');
  });
}

async function exceeded(
  limiter: (request: FastifyRequest) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>,
  request: FastifyRequest,
  reply: FastifyReply,
  reason: string,
): Promise<boolean> {
  const result = await limiter(request);
  if (result.isAllowed || result.isExceeded !== true) return false;
  const seconds = Math.max(1, result.ttlInSeconds ?? 1);
  reply.header('retry-after', String(seconds));
  await refuse(
    reply,
    429,
    reason,
    reason === 'TOO_MANY_SIGN_INS'
      ? `Too many sign-in attempts from this address; try again in ${seconds} s`
      : reason === 'TOO_MANY_REFUSED_TOKENS'
        ? `Too many refused bearer tokens from this address; try again in ${seconds} s`
        : `Too many changes in a short time; try again in ${seconds} s`,
    'RATE_LIMITED',
  );
  return true;
}

/**
 * Whether a document's selected operation is a mutation, and whether it signs in. A document
 * without the word "mutation" cannot hold one, which spares parsing the common queries.
 */
function classify(query: string, operationName: string | undefined): Classified {
  if (!query.includes('mutation')) return { mutation: false, signIn: false };
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query, { maxTokens: 10_000 }).definitions.filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
  } catch {
    // Not a document: the executor refuses it without running anything.
    return { mutation: false, signIn: false };
  }
  const selected =
    operationName === undefined
      ? operations.length === 1
        ? operations[0]
        : undefined
      : operations.find((operation) => operation.name?.value === operationName);
  if (selected === undefined || selected.operation !== 'mutation') return { mutation: false, signIn: false };
  const signIn = selected.selectionSet.selections.some(
    (selection) => selection.kind === Kind.FIELD && SIGN_IN_FIELDS.has(selection.name.value),
  );
  return { mutation: true, signIn };
}
