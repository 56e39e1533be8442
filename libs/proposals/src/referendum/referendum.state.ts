import { YesNoChoice, YesNoResult, countYesNo } from '../../../voting/src';
import { assertNever } from '../../../core/src';
import { VoteRules } from '../facts';
import { ReferendumEvent } from './referendum.events';

export type SecretBallot = { voterKey: string; tracker: string; choice: YesNoChoice };

export type ReferendumState =
  | { status: 'unknown' }
  | {
      status: 'open' | 'closed';
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
  ballots: Readonly<Record<string, SecretBallot>>,
): { tracker: string; choice: YesNoChoice }[] {
  return Object.values(ballots)
    .map(({ tracker, choice }) => ({ tracker, choice }))
    .sort((left, right) => (left.tracker < right.tracker ? -1 : left.tracker > right.tracker ? 1 : 0));
}
