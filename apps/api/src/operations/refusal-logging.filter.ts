import { ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlArgumentsHost, GqlContextType } from '@nestjs/graphql';
import { DomainError } from '../../../../libs/core/src';

const logger = new Logger('Refusals');

/**
 * Errors thrown by resolvers go on to GraphQL's error formatter, which logs what is an incident
 * (INTERNAL, an unreachable store) once. An expected refusal (a taken pseudonym, bad input, no
 * token) is no incident: it is logged at debug, by reason only (messages may name a pseudonym),
 * instead of at ERROR with a stack by Nest's exception handler.
 */
@Catch()
export class RefusalLoggingFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() !== 'graphql') return super.catch(exception, host);
    if (exception instanceof DomainError) {
      const field = GqlArgumentsHost.create(host).getInfo<{ fieldName?: string }>()?.fieldName ?? 'unknown';
      logger.debug(`${field} refused: ${exception.category} ${exception.code}`);
    }
    return exception;
  }
}
