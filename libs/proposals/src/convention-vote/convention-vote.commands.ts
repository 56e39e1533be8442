import { AgendaFacts } from '../agenda/agenda';
import { ConventionPhase, SecretariatFacts, VoteRules } from '../facts';
import { ConventionBallot, ConventionElectorate, ConventionVoteSubject } from './convention-vote.events';

/**
 * A voter at the convention, as the credentials stood when the ballot was accepted. `seatId` is the
 * delegate's seat: when an alternate is seated in a delegate's place, the alternate votes for the
 * same seat (and `isCredentialedDelegate` is true for them while they sit).
 */
export type SeatedVoterFacts = { memberId: string; seatId: string; isCredentialedDelegate: boolean; weight: string };

/**
 * The secretariat opens a vote. `agenda` is the convention's undecided business as the read side
 * saw it, so the vote opens only when the agenda order allows; `rules` are the threshold and quorum
 * the rules of procedure give the subject's proposal kind.
 */
export type OpenConventionVote = {
  type: 'OpenConventionVote';
  data: {
    voteId: string;
    conventionId: string;
    subject: ConventionVoteSubject;
    openedBy: SecretariatFacts;
    phase: ConventionPhase;
    agenda: AgendaFacts;
    rules: VoteRules;
    electorate: ConventionElectorate;
    openedAt: string;
  };
};
/** Records or changes a seat's roll-call ballot; an identical ballot changes nothing. */
export type CastConventionBallot = {
  type: 'CastConventionBallot';
  data: { voteId: string; voter: SeatedVoterFacts; ballot: ConventionBallot; castAt: string };
};
/** The secretariat ends voting: the line below which ballots count, recorded before the count. */
export type EndConventionVoting = {
  type: 'EndConventionVoting';
  data: { voteId: string; endedBy: SecretariatFacts; endedAt: string };
};
/** The secretariat closes the vote and the tally is recorded; `present` is the weight present, for rules that refer to it. */
export type CloseConventionVote = {
  type: 'CloseConventionVote';
  data: { voteId: string; closedBy: SecretariatFacts; present: string | null; closedAt: string };
};

/**
 * Cancels a vote that cannot go ahead: its subjects could not all be reserved for it, or the
 * convention left VOTING while it was being opened. The compensation of the vote-opening workflow.
 */
export type CancelConventionVote = {
  type: 'CancelConventionVote';
  data: { voteId: string; reason: string; message: string; cancelledAt: string };
};

/** Everything that can be asked of a convention vote. */
export type ConventionVoteCommand =
  OpenConventionVote | CastConventionBallot | EndConventionVoting | CloseConventionVote | CancelConventionVote;
