import { YesNoChoice, YesNoResult, countYesNo } from '../../../voting/src';
import { Page, assertNever, paginate } from '../../../core/src';
import { VoteRules } from '../facts';
import { PublishedBallotLine, ReferendumEvent } from './referendum.events';

export type SecretBallot = { voterKey: string; tracker: string; choice: YesNoChoice };

export type ReferendumState =
  | { status: 'unknown' }
  | {
      /** `closing`: voting has closed (the line is recorded), the count is not yet published. */
      status: 'open' | 'closing' | 'closed';
      referendumId: string;
      electorateSize: number;
      rules: VoteRules;
      /** By voter key. */
      ballots: Readonly<Record<string, SecretBallot>>;
      tally: YesNoResult | null;
    };

export const initialReferendumState = (): ReferendumState => ({ status: 'unknown' });

export function evolveReferendum(state: ReferendumState, event: ReferendumEvent): ReferendumState {
  switch (event.type) {
    case 'ReferendumOpened': {
      const { referendumId, electorateSize, rules } = event.data;
      return { status: 'open', referendumId, electorateSize, rules, ballots: {}, tally: null };
    }
    case 'ReferendumBallotCast': {
      if (state.status !== 'open') return state;
      const { voterKey, tracker, choice } = event.data;
      return { ...state, ballots: { ...state.ballots, [voterKey]: { voterKey, tracker, choice } } };
    }
    case 'ReferendumVotingClosed':
      return state.status === 'open' ? { ...state, status: 'closing' } : state;
    case 'ReferendumCountPagePublished':
      return state;
    case 'ReferendumCounted':
      return state.status === 'closing' ? { ...state, status: 'closed', tally: event.data.tally } : state;
    case 'ReferendumClosed':
      return state.status === 'open' ? { ...state, status: 'closed', tally: event.data.tally } : state;
    default:
      return assertNever(event);
  }
}

/** Counts secret ballots against the referendum's rules: a pure function of the ballots, in any order. */
export function tallyReferendum(
  setup: { electorateSize: number; rules: VoteRules },
  ballots: readonly Pick<SecretBallot, 'choice'>[],
): YesNoResult {
  return countYesNo(
    ballots.map(({ choice }) => ({ choice })),
    {
      threshold: setup.rules.threshold,
      ...(setup.rules.quorum === null ? {} : { quorum: setup.rules.quorum }),
      electorate: setup.electorateSize,
    },
  );
}

/** The published count: each ballot's tracker and choice, sorted by tracker. */
export function publishedCount(
  ballots: Readonly<Record<string, SecretBallot>> | readonly SecretBallot[],
): PublishedBallotLine[] {
  return (Array.isArray(ballots) ? ballots : Object.values(ballots))
    .map(({ tracker, choice }) => ({ tracker, choice }))
    .sort((left, right) => (left.tracker < right.tracker ? -1 : left.tracker > right.tracker ? 1 : 0));
}

/**
 * Budget for one page of the published count: about 13,000 lines of ~40 bytes, so a page event
 * with its envelope stays far below the store's 1 MiB per append.
 */
export const REFERENDUM_COUNT_PAGE_BYTES = 512 * 1024;

const PLAIN_TRACKER = /^[0-9A-Za-z-]*$/;

/**
 * A line's JSON size, `{"tracker":"…","choice":"…"}`, without serializing it: 26 bytes of
 * punctuation and names plus the two values, which are plain ASCII (anything else is measured).
 * A million lines are measured in milliseconds instead of a second.
 */
function lineBytes(line: PublishedBallotLine): number {
  return PLAIN_TRACKER.test(line.tracker) && PLAIN_TRACKER.test(line.choice)
    ? 26 + line.tracker.length + line.choice.length
    : new TextEncoder().encode(JSON.stringify(line)).length;
}

/** The published count split into pages, in tracker order. */
export function referendumCountPages(count: readonly PublishedBallotLine[]): Page<PublishedBallotLine>[] {
  return paginate(count, REFERENDUM_COUNT_PAGE_BYTES, lineBytes);
}
