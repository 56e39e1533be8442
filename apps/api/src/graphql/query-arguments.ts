/** Argument options every query shares, so each reads and documents them the same way. */

export const WAIT_FOR_POSITION = {
  type: () => String,
  nullable: true,
  description: 'Wait until the read models include this log position (from a mutation receipt) before answering',
} as const;

export const AS_OF = {
  type: () => String,
  nullable: true,
  description:
    'Answer as things stood at this log position, or at this ISO-8601 UTC time (the last command accepted by then); leave out for now',
} as const;
