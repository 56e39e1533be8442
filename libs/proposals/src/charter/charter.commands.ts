import { YesNoResult } from '../../../voting/src';
import { ConventionPhase } from '../facts';
import { ProposalMotion } from '../proposal/proposal.events';
import { ProposalStatus } from '../proposal/proposal.state';

/** An adopted proposal as the charter needs it; a handler builds it with `adoptedProposalFacts`. */
export type AdoptedProposalFacts = {
  proposalId: string;
  status: ProposalStatus;
  motion: ProposalMotion;
  title: string;
  /** The text of the adopted version. */
  clauses: string[];
  version: number;
  /** The vote that decided it; null if it was never put to a vote. */
  voteId: string | null;
  amendmentIds: string[];
};

/** Gives an adopted proposal effect: rules created, amended or repealed, bodies created, commitments and campaigns adopted. */
export type EnactAdoptedProposal = {
  type: 'EnactAdoptedProposal';
  data: { proposal: AdoptedProposalFacts; enactedAt: string };
};
/** Records the ratification referendum's result once it closed. */
export type RecordRatification = {
  type: 'RecordRatification';
  data: { referendumId: string; phase: ConventionPhase; tally: YesNoResult; decidedAt: string };
};

/** Everything that can be asked of the charter. */
export type CharterCommand = EnactAdoptedProposal | RecordRatification;
