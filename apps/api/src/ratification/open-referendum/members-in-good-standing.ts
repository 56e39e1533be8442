import { EventStore, scanLogBetween } from '../../../../../libs/event-store/src';

interface Tally {
  readonly position: bigint;
  readonly count: number;
}

/** Counts kept per store, so a second count reads only what was appended since the first. */
const tallies = new WeakMap<EventStore, Tally>();

/**
 * Members in good standing (enrolled and not resigned) at exactly the log position `upTo`,
 * counted from the log itself rather than a read model that may lag: every MemberEnrolled
 * counts one, every MemberResigned takes one away. The log before a position never changes, so
 * the count kept for an earlier position is extended, never redone.
 */
export async function membersInGoodStandingAt(store: EventStore, upTo: bigint): Promise<number> {
  const kept = tallies.get(store);
  const start = kept !== undefined && kept.position <= upTo ? kept : { position: 0n, count: 0 };
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
