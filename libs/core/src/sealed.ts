/**
 * Personal data as it may appear in an event: ciphertext under one member's key, which lives
 * outside the log. All binary parts are base64. Deleting the key makes every copy unreadable
 * while the event, and any hash over it, stays as it was.
 */
export type SealedValue = {
  readonly scheme: 'aes-256-gcm';
  /** Whose key sealed it; the ciphertext is also bound to this id, so it cannot be moved to another member. */
  readonly keyId: string;
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
};
