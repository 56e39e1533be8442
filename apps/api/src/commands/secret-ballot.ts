import { uuidV5 } from '../../../../libs/core/src';
import { CommandEnvelope } from '../../../../libs/event-store/src';
import { AcceptedCommand } from './command-envelope';

/**
 * The envelope of a secret ballot. Nothing in it may lead back to the member once the vote's
 * key is gone: no actor, and a command id (and with it every event id) derived from the ballot
 * key and the client's command id, so a retry is still recognised while neither the member id
 * nor the client's own id is stored. `scope` keeps the ids of different kinds of vote apart.
 */
export function secretBallotEnvelope<const Command>(
  accepted: AcceptedCommand,
  scope: 'referendum-ballot' | 'delegate-ballot',
  ballotKey: string,
  command: Command,
): CommandEnvelope<Command> {
  const commandId = uuidV5(`${scope}/${ballotKey}/${accepted.commandId}`);
  return {
    command,
    metadata: {
      commandId,
      correlationId: commandId,
      causationId: commandId,
      actor: null,
      acceptedAt: accepted.acceptedAt,
    },
  };
}
