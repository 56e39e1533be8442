/** Who caused a command: an enrolled member or an operator of the installation. */
export type Actor =
  { readonly kind: 'member'; readonly memberId: string } | { readonly kind: 'operator'; readonly name: string };

/** Recorded with every event. Never holds an IP address or a user agent. */
export interface EventMetadata {
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: Actor | null;
  /** ISO-8601 time the command was accepted by the server. */
  readonly acceptedAt: string;
  /**
   * Schema version of the event's data, written only when above 1: every event stored before
   * versions existed, and every event type never changed, is version 1 without saying so.
   */
  readonly eventVersion?: number;
  /**
   * Set on the events of a command whose events did not fit one append (pages of a large
   * result): which of its appends this event came in, and how many there were.
   */
  readonly commandPart?: { readonly append: number; readonly appends: number };
}
