import { createHash } from 'node:crypto';

/** Plenary's UUIDv5 namespace; changing it would change every derived id. */
export const PLENARY_NAMESPACE = '6f1d4b0e-5c8a-4d53-9a9e-2b7c1f3e8d40';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** RFC 9562 UUID version 5 (SHA-1 of namespace and name): the same inputs, the same id. */
export function uuidV5(name: string, namespace: string = PLENARY_NAMESPACE): string {
  if (!isUuid(namespace)) throw new Error(`Not a UUID namespace: ${namespace}`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of the index-th event a command appends to a stream. A retried command derives the
 * same ids, so the store recognises the retry and appends nothing twice. The stream is part of
 * the name because one command may write to several streams (a uniqueness claim, then the
 * aggregate).
 */
export function eventIdFor(commandId: string, streamName: string, index: number): string {
  return uuidV5(`${commandId}/${streamName}/${index}`);
}

/** An entity id derived from the command that creates it, so a retry creates the same entity. */
export function entityIdFor(kind: string, commandId: string): string {
  return uuidV5(`${commandId}/${kind}`);
}
