import { EventStore, scanLogBetween } from '../../../../../libs/event-store/src';

/** A count of members in good standing that is exact for the log up to `position`. */
export interface GoodStandingTally {
  readonly position: bigint;
  readonly count: number;
}
type Tally = GoodStandingTally;

/** Counts kept per store, so a second count reads only what was appended since the first. */
const tallies = new WeakMap<EventStore, Tally>();

/**
 * Members in good standing (enrolled and not resigned) at exactly the log position `upTo`,
 * counted from the log itself rather than a read model that may lag: every MemberEnrolled
 * counts one, every MemberResigned takes one away. The log before a position never changes, so
 * the count kept for an earlier position is extended, never redone; so is `known`, a count
 * exact for a prefix of the log (the read model's, read with its checkpoint), when it is later.
 */
export async function membersInGoodStandingAt(
  store: EventStore,
  upTo: bigint,
  known: GoodStandingTally | null = null,
): Promise<number> {
  let start: Tally = { position: 0n, count: 0 };
  for (const tally of [tallies.get(store), known]) {
    if (tally !== undefined && tally !== null && tally.position <= upTo && tally.position > start.position) {
      start = tally;
    }
  }
  let count = start.count;
  await scanLogBetween(
    store,
    { after: start.position, upTo, streamPrefix: 'Member-', type: ['MemberEnrolled', 'MemberResigned'] },
    (event) => {
      count += event.type === 'MemberEnrolled' ? 1 : -1;
    },
  );
  tallies.set(store, { position: upTo, count });
  return count;
}
