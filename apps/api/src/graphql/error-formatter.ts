import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { ExecutionResult } from 'graphql';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../../../libs/core/src';
import { EventStoreUnavailableError } from '../../../../libs/event-store/src';
import { KeyVaultUnavailableError } from '../../../../libs/privacy/src';
import { prefersGraphQLResponse } from './graphql-over-http';

const logger = new Logger('GraphQL');

/**
 * graphql-js's messages for variable values that cannot be coerced. Its validation rules about
 * variables ("is never used", "is not defined", "used in position expecting") start with
 * `Variable "$` too, but those are faults of the document: GRAPHQL_VALIDATION_FAILED.
 */
const COERCION_FAILURE =
  /^Variable "\$[^"]+" (got invalid value|of required type|of non-null type|expected value of type)/;

/**
 * The one place errors become GraphQL errors. `extensions.code` is the category clients branch
 * on; `extensions.reason` is the stable domain code; nothing internal (stack, SQL, file paths)
 * ever reaches a client.
 */
export function toFormattedError(error: GraphQLError): GraphQLFormattedError {
  const original = error.originalError;
  const base = { message: error.message, locations: error.locations, path: error.path };

  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      // Details come first so none of them can override the stable code and reason.
      extensions: { ...original.details, code: original.category, reason: original.code },
    };
  }
  if (original instanceof EventStoreUnavailableError) {
    logger.error(original.message, original.stack);
    return {
      ...base,
      message: 'The event store is unavailable; nothing was recorded for certain, so retry with the same commandId',
      extensions: { code: 'UNAVAILABLE', reason: 'EVENT_STORE_UNAVAILABLE' },
    };
  }
  if (original instanceof KeyVaultUnavailableError) {
    logger.error(original.message, original.stack);
    return {
      ...base,
      message: 'The key vault is unavailable; nothing was recorded for certain, so retry with the same commandId',
      extensions: { code: 'UNAVAILABLE', reason: 'KEY_VAULT_UNAVAILABLE' },
    };
  }
  if (original instanceof HttpException) {
    const status = original.getStatus();
    const code =
      status === 401
        ? 'UNAUTHENTICATED'
        : status === 403
          ? 'FORBIDDEN'
          : status === 404
            ? 'NOT_FOUND'
            : 'BAD_USER_INPUT';
    if (status < 500) return { ...base, message: original.message, extensions: { code } };
  }
  if (original instanceof GraphQLError || COERCION_FAILURE.test(error.message)) {
    // graphql-js coercing the request's variables (a wrong enum value, a missing required field):
    // the client's input is at fault, and the message says which variable and why.
    return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_VARIABLES' } };
  }
  if (original === undefined || original === null) {
    // Produced by graphql-js itself (syntax, validation, variable coercion) or by our query limits.
    const code = error.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED';
    const reason = error.extensions?.reason;
    return { ...base, extensions: typeof reason === 'string' ? { code, reason } : { code } };
  }
  if (isRequestError(original)) {
    const reason = REQUEST_ERROR_REASONS[(original as { code?: string }).code ?? ''] ?? 'INVALID_REQUEST';
    return { ...base, message: original.message, extensions: { code: 'BAD_REQUEST', reason } };
  }
  logger.error(`Unexpected error: ${original.message}`, original.stack);
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL' } };
}

/** Stable reasons for what Fastify and Mercurius refuse before any GraphQL runs. */
const REQUEST_ERROR_REASONS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_CONTENT_TYPE',
  MER_ERR_METHOD_NOT_ALLOWED: 'MUTATION_OVER_GET',
};

/** Fastify/Mercurius errors about the HTTP request itself (bad JSON, wrong method, …). */
function isRequestError(error: Error): error is Error & { statusCode: number } {
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}

function requestErrorStatus(errors: readonly GraphQLError[]): number {
  for (const error of errors) {
    const statusCode = (error.originalError as { statusCode?: unknown } | undefined)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 600) return statusCode;
  }
  return 400;
}

/** Mercurius wraps many validation errors into one; unwrap them so each is reported. */
function flatten(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.flatMap((error) => {
    const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
    if (Array.isArray(inner) && inner.length > 0) {
      return inner.map((item: Error) =>
        item instanceof GraphQLError ? item : new GraphQLError(item.message, { originalError: item }),
      );
    }
    return [error];
  });
}

/** graphql-js's "Did you mean …?" hints, which spell out the schema to whoever probes it. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/** The formatter Mercurius calls, hiding field suggestions unless the configuration allows them. */
export function createErrorFormatter(options: { readonly suggestions: boolean }) {
  return (
    execution: ExecutionResult & { errors: readonly GraphQLError[] },
    context: { reply?: FastifyReply },
  ): { statusCode: number; response: ExecutionResult } => {
    const formatted = formatExecutionErrors(execution, context);
    if (options.suggestions || formatted.response.errors === undefined) return formatted;
    const errors = formatted.response.errors.map((error) => {
      const message = error.message.replace(SUGGESTION, '');
      return message === error.message ? error : { ...error, message };
    });
    return { ...formatted, response: { ...formatted.response, errors: errors as unknown as GraphQLError[] } };
  };
}

/**
 * Status codes per the GraphQL over HTTP specification: a response with `data` (even null) is
 * 200; a request error (no execution happened) is 4xx when the client accepts
 * application/graphql-response+json, and 200 for legacy application/json clients, except for
 * requests that are not well-formed HTTP/JSON at all.
 */
export function formatExecutionErrors(
  execution: ExecutionResult & { errors: readonly GraphQLError[] },
  context: { reply?: FastifyReply },
): { statusCode: number; response: ExecutionResult } {
  const errors = flatten(execution.errors);
  const formatted = errors.map(toFormattedError) as unknown as GraphQLError[];
  if (execution.data !== undefined) {
    return { statusCode: 200, response: { data: execution.data, errors: formatted } };
  }
  const status = requestErrorStatus(execution.errors);
  const modern = context.reply === undefined || prefersGraphQLResponse(context.reply.request);
  // Legacy application/json clients get 200 for errors in the GraphQL document itself (syntax,
  // validation, variables), which graphql-js raises without an underlying cause; a request that
  // is broken at the HTTP level (bad JSON, wrong parameter types) keeps its 4xx.
  const documentErrorsOnly = errors.every((error) => error.originalError === undefined || error.originalError === null);
  const statusCode = modern || !documentErrorsOnly ? status : 200;
  return { statusCode, response: { errors: formatted } };
}
