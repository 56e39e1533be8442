import { GraphQLError } from 'graphql';
import { Actor, DomainError, NotAuthenticatedError } from '../../../../../libs/core/src';
import type { Authenticator } from '../../auth/authenticator';

/**
 * One WebSocket connection: who opened it (from its connection params, as a request's
 * Authorization header) and the subscriptions it holds, bounded per connection.
 */
export class LiveConnection {
  private active = 0;

  private constructor(
    readonly actor: Actor | null,
    private readonly authError: DomainError | null,
    private readonly maxSubscriptions: number,
  ) {}

  static async open(
    authenticator: Pick<Authenticator, 'authenticate'>,
    params: Record<string, unknown> | undefined,
    maxSubscriptions: number,
  ): Promise<LiveConnection> {
    const authorization = params?.authorization ?? params?.Authorization;
    if (authorization === undefined || authorization === null || authorization === '')
      return new LiveConnection(null, null, maxSubscriptions);
    const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
    if (match === null)
      return new LiveConnection(
        null,
        new NotAuthenticatedError('The connection parameter authorization must be "Bearer <token>"'),
        maxSubscriptions,
      );
    try {
      return new LiveConnection(await authenticator.authenticate(match[1]), null, maxSubscriptions);
    } catch (error) {
      if (error instanceof DomainError) return new LiveConnection(null, error, maxSubscriptions);
      throw error;
    }
  }

  /**
   * Takes a subscription slot for `iterator` and gives it back when the subscription ends;
   * refuses a connection whose token was refused (whether or not the field needs one: a client
   * that sent a bad token should learn it) and one already holding the most it may.
   */
  async hold<T>(iterable: Promise<AsyncIterable<T>> | AsyncIterable<T>): Promise<AsyncIterableIterator<T>> {
    if (this.authError !== null) throw asGraphQLError(this.authError);
    if (this.active >= this.maxSubscriptions)
      throw asGraphQLError(
        new DomainError(
          'BAD_USER_INPUT',
          'TOO_MANY_SUBSCRIPTIONS',
          `This connection already holds ${this.maxSubscriptions} subscriptions, the most one may; end one or open another connection`,
          { limit: this.maxSubscriptions },
        ),
      );
    this.active += 1;
    const inner = (await iterable)[Symbol.asyncIterator]();
    let released = false;
    const release = () => {
      if (!released) this.active -= 1;
      released = true;
    };
    const held: AsyncIterableIterator<T> = {
      next: async () => {
        const result = await inner.next();
        if (result.done === true) release();
        return result;
      },
      return: async (value?: unknown) => {
        release();
        return (await inner.return?.(value)) ?? { done: true, value: undefined as T };
      },
      throw: async (error?: unknown) => {
        release();
        if (inner.throw !== undefined) return inner.throw(error);
        throw error;
      },
      [Symbol.asyncIterator]: () => held,
    };
    return held;
  }
}

/**
 * Subscription errors reach the socket without the HTTP error formatter: the same extensions
 * (`code` the category, `reason` the domain code) are set here.
 */
function asGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { ...error.details, code: error.category, reason: error.code },
  });
}
