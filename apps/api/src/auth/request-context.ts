import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, DomainError, InvalidInputError, NotAuthenticatedError, isUuid } from '../../../../libs/core/src';
import type { Authenticator } from './authenticator';

/** What every resolver knows about the request: who is asking and how to correlate their commands. */
export interface RequestContext {
  /** The verified actor, null when no token was sent. */
  readonly actor: Actor | null;
  /** Why the token was refused, when one was sent and it was not valid. */
  readonly authError: DomainError | null;
  readonly correlationId: string;
}

export interface GraphQLContext extends RequestContext {
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
}

const CORRELATION_HEADER = 'x-correlation-id';

/** One verification per request, shared by the rate limiter and the GraphQL context. */
const AUTHENTICATED = new WeakMap<FastifyRequest, Promise<Actor>>();

export function authenticateOnce(
  authenticator: Pick<Authenticator, 'authenticate'>,
  request: FastifyRequest,
  token: string,
): Promise<Actor> {
  let pending = AUTHENTICATED.get(request);
  if (pending === undefined) {
    pending = authenticator.authenticate(token);
    AUTHENTICATED.set(request, pending);
  }
  return pending;
}

export async function buildRequestContext(
  authenticator: Pick<Authenticator, 'authenticate'>,
  request: FastifyRequest,
): Promise<RequestContext> {
  const correlationHeader = request.headers[CORRELATION_HEADER];
  const correlationId =
    typeof correlationHeader === 'string' && isUuid(correlationHeader) ? correlationHeader.toLowerCase() : randomUUID();

  const authorization = request.headers.authorization;
  if (authorization === undefined || authorization === '') return { actor: null, authError: null, correlationId };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (match === null) {
    return {
      actor: null,
      authError: new NotAuthenticatedError('The Authorization header must be "Bearer <token>"'),
      correlationId,
    };
  }
  try {
    return { actor: await authenticateOnce(authenticator, request, match[1]), authError: null, correlationId };
  } catch (error) {
    if (error instanceof DomainError) return { actor: null, authError: error, correlationId };
    throw error;
  }
}

/** The actor of a request that needs one; throws UNAUTHENTICATED with the reason otherwise. */
export function requireActor(context: RequestContext): Actor {
  if (context.authError !== null) throw context.authError;
  if (context.actor === null) throw new NotAuthenticatedError();
  return context.actor;
}

export function requireMember(context: RequestContext): string {
  const actor = requireActor(context);
  if (actor.kind !== 'member') {
    throw new NotAuthenticatedError('This operation needs a member token, not an operator token');
  }
  return actor.memberId;
}

/** A client-chosen command id makes retries idempotent; without one, each request is new. */
export function commandIdFrom(commandId: string | undefined | null): string {
  if (commandId === undefined || commandId === null) return randomUUID();
  if (!isUuid(commandId)) throw new InvalidInputError([{ field: 'commandId', message: 'must be a UUID' }]);
  return commandId.toLowerCase();
}
