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
/** One line of the published count: a counted ballot's tracker and choice. */
export type PublishedBallotLine = { tracker: string; choice: YesNoChoice };

/**
 * The line: voting has closed at this event's log position, and the count takes exactly each
 * voter's latest ballot below it. Appended before anything is counted, so a ballot that lands
 * later (cast by a process that read the referendum as open) is late: never counted, and its
 * cast answers VOTE_CLOSED.
 */
export type ReferendumVotingClosed = {
  type: 'ReferendumVotingClosed';
  data: { referendumId: string; closedBy: string; closedAt: string };
};

/**
 * One page of the published count, in the count's own stream (ReferendumCount-<referendumId>),
 * so the referendum's stream stays small for the ballots that read it. Pages are in tracker
 * order, each under a byte budget (libs/core pages), so no append nears the store's limit.
 */
export type ReferendumCountPagePublished = {
  type: 'ReferendumCountPagePublished';
  data: { referendumId: string; index: number; items: PublishedBallotLine[] };
};

/**
 * The count: the tally against the rules, and the summary of the published count's pages (how
 * many, how many lines, and the digest chain over them) so anyone can check none is missing,
 * reordered or altered.
 */
export type ReferendumCounted = {
  type: 'ReferendumCounted';
  data: {
    referendumId: string;
    tally: YesNoResult;
    pageCount: number;
    itemCount: number;
    digest: string;
    countedAt: string;
  };
};

/**
 * The close as stores written before the count was paged hold it: line, tally and the whole
 * count in one event (52 MiB at a million ballots). No longer decided; still read.
 */
export type ReferendumClosed = {
  type: 'ReferendumClosed';
  data: {
    referendumId: string;
    tally: YesNoResult;
    /** Sorted by tracker, so the list reveals nothing about the order of voting. */
    count: PublishedBallotLine[];
    closedBy: string;
    closedAt: string;
  };
};

/** Everything that can happen to a referendum. */
export type ReferendumEvent =
  | ReferendumOpened
  | ReferendumBallotCast
  | ReferendumVotingClosed
  | ReferendumCountPagePublished
  | ReferendumCounted
  | ReferendumClosed;

export const referendumStream = (referendumId: string): string => `Referendum-${referendumId}`;
/** The stream of a referendum's published count, one page per event. */
export const referendumCountStream = (referendumId: string): string => `ReferendumCount-${referendumId}`;
