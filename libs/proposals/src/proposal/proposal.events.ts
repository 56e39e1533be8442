import { ProposalKind } from '../facts';
import { ConventionVoteTally } from '../convention-vote/convention-vote.events';

/** One seat type of a body to be created, e.g. { role: 'delegate of a branch', seats: 2 }. */
export type BodySeats = { role: string; seats: number };

/** What a proposal changes if adopted; ids of rules, bodies, commitments and campaigns come with the command. */
export type ProposalMotion =
  | { kind: 'adopt-rule'; ruleId: string }
  /** The proposal's clauses are the rule's new consolidated text, drafted on `ruleVersion`. */
  | { kind: 'amend-rule'; ruleId: string; ruleVersion: number }
  | { kind: 'repeal-rule'; ruleId: string; ruleVersion: number }
  | { kind: 'create-body'; bodyId: string; name: string; composition: BodySeats[] }
  | { kind: 'adopt-commitment'; commitmentId: string }
  | { kind: 'adopt-campaign'; campaignId: string }
  | { kind: 'resolution' };

/** Checks at compile time that ProposalMotion covers exactly the proposal kinds. */
export type ProposalMotionKind = ProposalMotion['kind'] extends ProposalKind
  ? ProposalKind extends ProposalMotion['kind']
    ? ProposalKind
    : never
  : never;

/** How a version of a proposal's text came about. */
export type ProposalVersionOrigin =
  | { by: 'submission' }
  | { by: 'friendly-amendment'; amendmentId: string }
  | { by: 'adopted-amendment'; amendmentId: string; voteId: string };

/** Events of one proposal's stream, Proposal-<proposalId>. */
export type ProposalSubmitted = {
  type: 'ProposalSubmitted';
  data: {
    proposalId: string;
    conventionId: string;
    motion: ProposalMotion;
    title: string;
    /** Proposals on the same subject compete and may be put to one ranked vote. */
    subject: string;
    clauses: string[];
    version: 1;
    sponsorId: string;
    secondersRequired: number;
    submittedAt: string;
  };
};
export type ProposalSeconded = {
  type: 'ProposalSeconded';
  data: { proposalId: string; seconderId: string; secondedAt: string };
};
export type ProposalWithdrawn = {
  type: 'ProposalWithdrawn';
  data: { proposalId: string; withdrawnBy: string; withdrawnAt: string };
};
/** The sponsor took an amendment in without a vote: a new version of the text. */
export type ProposalFriendlyAmendmentAccepted = {
  type: 'ProposalFriendlyAmendmentAccepted';
  data: {
    proposalId: string;
    amendmentId: string;
    version: number;
    clauses: string[];
    acceptedBy: string;
    acceptedAt: string;
  };
};
/** The convention adopted an amendment: a new version of the text. */
export type ProposalAmendedByVote = {
  type: 'ProposalAmendedByVote';
  data: {
    proposalId: string;
    amendmentId: string;
    voteId: string;
    version: number;
    clauses: string[];
    amendedAt: string;
  };
};
export type ProposalPutToVote = {
  type: 'ProposalPutToVote';
  data: { proposalId: string; voteId: string; version: number; putAt: string };
};
export type ProposalAdopted = {
  type: 'ProposalAdopted';
  data: { proposalId: string; voteId: string; version: number; tally: ConventionVoteTally; adoptedAt: string };
};
export type ProposalRejected = {
  type: 'ProposalRejected';
  data: { proposalId: string; voteId: string; version: number; tally: ConventionVoteTally; rejectedAt: string };
};

/** A primary amendment of this proposal is being voted on: the text stays at `version` until it is decided. */
export type ProposalHeldForAmendmentVote = {
  type: 'ProposalHeldForAmendmentVote';
  data: { proposalId: string; amendmentId: string; voteId: string; version: number; heldAt: string };
};
/** A cancelled or finished vote gave the proposal back: open again (or no longer held for an amendment). */
export type ProposalReleasedFromVote = {
  type: 'ProposalReleasedFromVote';
  data: { proposalId: string; voteId: string; releasedAt: string };
};
/** A decision of the convention on this proposal (or one of its amendments) could not take effect. */
export type ProposalDecisionNotCarriedOut = {
  type: 'ProposalDecisionNotCarriedOut';
  data: {
    proposalId: string;
    voteId: string;
    amendmentId: string | null;
    /** The stable reason the domain gave, e.g. RULE_REPEALED. */
    reason: string;
    message: string;
    recordedAt: string;
  };
};

/** Everything that can happen to a proposal. */
export type ProposalEvent =
  | ProposalSubmitted
  | ProposalSeconded
  | ProposalWithdrawn
  | ProposalFriendlyAmendmentAccepted
  | ProposalAmendedByVote
  | ProposalPutToVote
  | ProposalAdopted
  | ProposalRejected
  | ProposalHeldForAmendmentVote
  | ProposalReleasedFromVote
  | ProposalDecisionNotCarriedOut;

export const proposalStream = (proposalId: string): string => `Proposal-${proposalId}`;
