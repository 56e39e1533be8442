import { CommandEnvelope } from '../../../../libs/event-store/src';
import { Actor, InvalidInputError } from '../../../../libs/core/src';
import { RequestContext, commandIdFrom } from '../auth/request-context';

/** The part of a command that every mutation input may carry. */
export interface CommandOptions {
  readonly commandId?: string | null;
  readonly expectedRevision?: string | null;
}

export interface AcceptedCommand {
  readonly commandId: string;
  readonly actor: Actor | null;
  readonly acceptedAt: string;
  envelope<const Command>(
    command: Command,
    options?: { expectedRevision?: bigint | 'no_stream' },
  ): CommandEnvelope<Command>;
  readonly expectedRevision: bigint | 'no_stream' | undefined;
}

function parseExpectedRevision(raw: string | null | undefined): bigint | 'no_stream' | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw === 'no_stream') return 'no_stream';
  if (!/^(0|[1-9][0-9]{0,18})$/.test(raw)) {
    throw new InvalidInputError([
      { field: 'expectedRevision', message: 'must be a stream revision (a whole number) or "no_stream"' },
    ]);
  }
  return BigInt(raw);
}

/**
 * Stamps a command as the server accepts it: its id (client-chosen or new), the actor, the
 * correlation id and the time. The clock is read here, once, never inside the domain.
 */
export function acceptCommand(context: RequestContext, options: CommandOptions, actor: Actor | null): AcceptedCommand {
  const commandId = commandIdFrom(options.commandId);
  const expectedRevision = parseExpectedRevision(options.expectedRevision);
  const acceptedAt = new Date().toISOString();
  return {
    commandId,
    actor,
    acceptedAt,
    expectedRevision,
    envelope: (command, overrides = {}) => ({
      command,
      metadata: { commandId, correlationId: context.correlationId, causationId: commandId, actor, acceptedAt },
      expectedRevision: 'expectedRevision' in overrides ? overrides.expectedRevision : expectedRevision,
    }),
  };
}
