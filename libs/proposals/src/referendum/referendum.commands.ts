import { PagesSummary } from '../../../core/src';
import { PublishedBallotLine } from './referendum.events';
import { YesNoChoice } from '../../../voting/src';
import { ConventionPhase, SecretariatFacts, VoteRules } from '../facts';

/** The secretariat opens the ratification referendum, after the convention's voting phase. */
export type OpenReferendum = {
  type: 'OpenReferendum';
  data: {
    referendumId: string;
    conventionId: string;
    question: string;
    openedBy: SecretariatFacts;
    phase: ConventionPhase;
    electorateSize: number;
    rules: VoteRules;
    openedAt: string;
  };
};
/**
 * A member's secret ballot. `voterKey` is the HMAC of the member id under the referendum's key and
 * `tracker` a random code the voter keeps, both made outside the domain; `voter.inGoodStanding`
 * is the membership's word on the member (false once they resigned).
 */
export type CastReferendumBallot = {
  type: 'CastReferendumBallot';
  data: {
    referendumId: string;
    voterKey: string;
    voter: { inGoodStanding: boolean };
    tracker: string;
    choice: YesNoChoice;
    castAt: string;
  };
};
export type CloseReferendum = {
  type: 'CloseReferendum';
  data: { referendumId: string; closedBy: SecretariatFacts; closedAt: string };
};

/**
 * Records the count of a referendum whose voting has closed: `count` is every voter's latest
 * ballot below the close, in tracker order, and `pages` the summary of the pages it was
 * published in (see referendumCountPages), which must cover every line of it.
 */
export type CountReferendum = {
  type: 'CountReferendum';
  data: { referendumId: string; count: readonly PublishedBallotLine[]; pages: PagesSummary; countedAt: string };
};
/** Everything that can be asked of a referendum. */
export type ReferendumCommand = OpenReferendum | CastReferendumBallot | CloseReferendum | CountReferendum;
