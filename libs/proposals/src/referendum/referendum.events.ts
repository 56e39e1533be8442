import { YesNoChoice, YesNoResult } from '../../../voting/src';
import { VoteRules } from '../facts';

/**
 * Events of one referendum's stream, Referendum-<referendumId>. Ballots are secret: they name
 * the voter only by `voterKey`, an HMAC of the member id under a per-referendum key held outside
 * the log and destroyed when the referendum closes, so nobody can link a ballot to a member after.
 */
export type ReferendumOpened = {
  type: 'ReferendumOpened';
  data: {
    referendumId: string;
    conventionId: string;
    question: string;
    /** Members in good standing when it opened. */
    electorateSize: number;
    rules: VoteRules;
    openedBy: string;
    openedAt: string;
  };
};
/** A secret ballot; a later one under the same voter key replaces it, and its tracker with it. */
export type ReferendumBallotCast = {
  type: 'ReferendumBallotCast';
  data: { referendumId: string; voterKey: string; tracker: string; choice: YesNoChoice; castAt: string };
};
/** The count: the tally against the rules, and every counted ballot by tracker so each voter can find theirs. */
export type ReferendumClosed = {
  type: 'ReferendumClosed';
  data: {
    referendumId: string;
    tally: YesNoResult;
    /** Sorted by tracker, so the list reveals nothing about the order of voting. */
    count: { tracker: string; choice: YesNoChoice }[];
    closedBy: string;
    closedAt: string;
  };
};

/** Everything that can happen to a referendum. */
export type ReferendumEvent = ReferendumOpened | ReferendumBallotCast | ReferendumClosed;

export const referendumStream = (referendumId: string): string => `Referendum-${referendumId}`;
