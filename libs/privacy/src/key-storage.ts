/**
 * The key vault's storage port: where key bytes live, one adapter per engine (the embedded SQLite
 * file, PostgreSQL shared by every API replica). The vault's cryptography sits above it, once.
 *
 * Keys are grouped in rings, one per purpose; a ring keeps each id's key until it is deleted, and
 * then a tombstone for good, so no new key is ever made under a deleted id. A new kind of secret
 * (a passphrase hash, say) is a new ring: one more name here and one more table per adapter.
 *
 * The `service` ring holds the deployment's own keys (the ledger's checkpoint signing key, the
 * sign-in session key), one per name for every replica; they are made once and never deleted.
 *
 * Adapters keep no copy of a key between calls: several processes share one vault, and a key
 * deleted through one of them must be unusable through every other at once.
 */
export type KeyRing = 'member' | 'vote' | 'service';

/** What the storage holds under one id: the key, a tombstone, or nothing yet. */
export type StoredKey =
  { readonly state: 'active'; readonly key: Buffer } | { readonly state: 'deleted' } | { readonly state: 'none' };

export interface KeyStorage {
  read(ring: KeyRing, id: string): Promise<StoredKey>;
  /**
   * Stores `key` under `id` unless a key or a tombstone is there already, and answers what is
   * there afterwards: the first key made wins a race, and a deleted id stays deleted.
   */
  create(ring: KeyRing, id: string, key: Buffer, now: Date): Promise<StoredKey>;
  /**
   * Deletes the key and leaves a tombstone (also when there was no key), removing the key bytes
   * from the storage's files before answering. Returns whether a key was deleted.
   */
  destroy(ring: KeyRing, id: string, now: Date): Promise<boolean>;
  /** Deletes a key that protected nothing kept, with no tombstone (the id never really existed). */
  discard(ring: KeyRing, id: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The vault's storage cannot be reached (a server down, a connection refused or dropped).
 * Nothing was stored or deleted for certain: the command can be retried with the same id.
 */
export class KeyVaultUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super(`The key vault is unavailable: ${String((cause as { message?: unknown } | null)?.message ?? cause)}`);
    this.name = 'KeyVaultUnavailableError';
  }
}
