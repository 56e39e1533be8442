import { Actor, EventMetadata, entityIdFor } from '../../core/src';

let sequence = 0;

/**
 * Metadata for events written in tests: a fresh command id each call (so retries are not
 * mistaken for replays) unless one is given, the same id for correlation and causation.
 */
export function testMetadata(
  options: { commandId?: string; acceptedAt?: string; actor?: Actor | null } = {},
): EventMetadata {
  sequence += 1;
  const commandId = options.commandId ?? entityIdFor('test-command', String(sequence));
  return {
    commandId,
    correlationId: commandId,
    causationId: commandId,
    actor: options.actor === undefined ? null : options.actor,
    acceptedAt: options.acceptedAt ?? '2026-01-01T00:00:00.000Z',
  };
}
