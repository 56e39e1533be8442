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
}

export function describeActor(actor: Actor | null): string {
  if (actor === null) return 'anonymous';
  return actor.kind === 'member' ? `member:${actor.memberId}` : `operator:${actor.name}`;
}
