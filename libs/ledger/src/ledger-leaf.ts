import type { RecordedEvent } from '../../event-store/src';

/** The version tag at the head of every leaf, so a later format can never be confused with this one. */
export const LEAF_FORMAT = 'plenary-event-v1';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * The bytes a log entry contributes to the ledger: a JSON array of the format tag, the global
 * position, event id, stream, revision, type, data and metadata, objects with sorted keys.
 * Both stores yield the same bytes for the same event, and anyone can recompute them.
 */
export function ledgerLeafText(event: RecordedEvent): string {
  return JSON.stringify([
    LEAF_FORMAT,
    event.position.toString(),
    event.id,
    event.streamName,
    event.revision.toString(),
    event.type,
    canonical(event.data),
    canonical(event.metadata),
  ]);
}
