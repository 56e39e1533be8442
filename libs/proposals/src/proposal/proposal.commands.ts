import { ConventionVoteTally } from '../convention-vote/convention-vote.events';
import { AmendmentRules, ConventionDeadlines, ConventionPhase, DelegateFacts, SubmissionRules } from '../facts';
import { AmendmentFacts } from '../amendment/amendment.state';
import { ProposalMotion } from './proposal.events';

/** Submits a proposal; the sponsor must be a credentialed delegate, within the submission phase and deadline. */
export type SubmitProposal = {
  type: 'SubmitProposal';
  data: {
    proposalId: string;
    conventionId: string;
    motion: ProposalMotion;
    title: string;
    subject: string;
    clauses: string[];
    sponsor: DelegateFacts;
    phase: ConventionPhase;
    rules: SubmissionRules;
    deadlines: Pick<ConventionDeadlines, 'proposalSubmission'>;
    submittedAt: string;
  };
};
/** Adds a delegate's second; seconding twice changes nothing. */
export type SecondProposal = {
  type: 'SecondProposal';
  data: { proposalId: string; seconder: DelegateFacts; secondedAt: string };
};
/** The sponsor withdraws the proposal, which is possible only before it is put to a vote. */
export type WithdrawProposal = {
  type: 'WithdrawProposal';
  data: { proposalId: string; memberId: string; withdrawnAt: string };
};
/** The sponsor accepts a primary amendment as friendly, where the rules allow: a new version, no vote. */
export type AcceptFriendlyAmendment = {
  type: 'AcceptFriendlyAmendment';
  data: { proposalId: string; memberId: string; amendment: AmendmentFacts; rules: AmendmentRules; acceptedAt: string };
};
/** Takes an amendment the convention adopted into the text. */
export type ApplyAdoptedAmendment = {
  type: 'ApplyAdoptedAmendment';
  data: { proposalId: string; amendment: AmendmentFacts; voteId: string; amendedAt: string };
};
/** Marks the proposal as being voted on (the ConventionVote decided the vote may open). */
export type PutProposalToVote = {
  type: 'PutProposalToVote';
  data: { proposalId: string; voteId: string; putAt: string };
};
/** Records the convention's decision; `outcome` is this proposal's, also when it competed with others in one vote. */
export type RecordProposalDecision = {
  type: 'RecordProposalDecision';
  data: {
    proposalId: string;
    voteId: string;
    outcome: 'adopted' | 'rejected';
    tally: ConventionVoteTally;
    decidedAt: string;
  };
};

/**
 * Freezes the text while one of its primary amendments is voted on (the reservation a vote on an
 * amendment takes before its first ballot): no other amendment, friendly or voted, can change
 * the version the amendment was drafted on until the vote has been carried out or cancelled.
 */
export type HoldProposalForAmendmentVote = {
  type: 'HoldProposalForAmendmentVote';
  data: { proposalId: string; amendment: AmendmentFacts; voteId: string; heldAt: string };
};
/** Gives up what a cancelled or finished vote held: the hold for an amendment vote, or the proposal put to it. */
export type ReleaseProposalFromVote = {
  type: 'ReleaseProposalFromVote';
  data: { proposalId: string; voteId: string; releasedAt: string };
};
/** Records that a decision of the convention could not take effect, and why (the workflow's compensation). */
export type RecordDecisionNotCarriedOut = {
  type: 'RecordDecisionNotCarriedOut';
  data: {
    proposalId: string;
    voteId: string;
    amendmentId: string | null;
    reason: string;
    message: string;
    recordedAt: string;
  };
};

/** Everything that can be asked of a proposal. */
export type ProposalCommand =
  | SubmitProposal
  | SecondProposal
  | WithdrawProposal
  | AcceptFriendlyAmendment
  | ApplyAdoptedAmendment
  | PutProposalToVote
  | RecordProposalDecision
  | HoldProposalForAmendmentVote
  | ReleaseProposalFromVote
  | RecordDecisionNotCarriedOut;
