import { ClauseOperation } from '../clauses/clauses';
import { ConventionVoteTally } from '../convention-vote/convention-vote.events';
import { AmendmentRules, ConventionDeadlines, ConventionPhase, DelegateFacts } from '../facts';
import { ProposalStatus } from '../proposal/proposal.state';
import { AmendmentFacts, AmendmentStatus } from './amendment.state';

/**
 * What an amendment changes, as the handler read it: the proposal, and for a secondary amendment
 * its parent. `base` is the text of the version the author names (the proposal's version, or the
 * parent's revision and proposed text); `currentVersion` is the latest one.
 */
export type AmendmentTargetFacts = {
  proposalId: string;
  proposalStatus: ProposalStatus;
  parent: { amendmentId: string; depth: number; status: AmendmentStatus } | null;
  base: { version: number; clauses: string[] };
  currentVersion: number;
};

/** A credentialed delegate proposes clause operations against a named version, in the amendment phase and before its deadline. */
export type ProposeAmendment = {
  type: 'ProposeAmendment';
  data: {
    amendmentId: string;
    author: DelegateFacts;
    target: AmendmentTargetFacts;
    operations: ClauseOperation[];
    phase: ConventionPhase;
    rules: AmendmentRules;
    deadlines: Pick<ConventionDeadlines, 'amendment'>;
    proposedAt: string;
  };
};
/** Records that what the amendment changes has moved on (a policy sends it when a new version appears). */
export type MarkAmendmentInConflict = {
  type: 'MarkAmendmentInConflict';
  data: { amendmentId: string; currentVersion: number; detectedAt: string };
};
/** The author redrafts the amendment on the current version of what it amends. */
export type RebaseAmendment = {
  type: 'RebaseAmendment';
  data: {
    amendmentId: string;
    memberId: string;
    target: AmendmentTargetFacts;
    operations: ClauseOperation[];
    rebasedAt: string;
  };
};
export type WithdrawAmendment = {
  type: 'WithdrawAmendment';
  data: { amendmentId: string; memberId: string; withdrawnAt: string };
};
/**
 * Records the sponsor's acceptance before the proposal takes the amendment in as a new version:
 * the reservation that a withdrawal by the author at the same moment cannot overtake.
 */
export type MarkAmendmentAcceptedAsFriendly = {
  type: 'MarkAmendmentAcceptedAsFriendly';
  data: { amendmentId: string; acceptedBy: string; proposalVersion: number; acceptedAt: string };
};
export type PutAmendmentToVote = {
  type: 'PutAmendmentToVote';
  data: { amendmentId: string; voteId: string; putAt: string };
};
export type RecordAmendmentDecision = {
  type: 'RecordAmendmentDecision';
  data: { amendmentId: string; voteId: string; tally: ConventionVoteTally; decidedAt: string };
};
/** Takes an adopted secondary amendment into this (parent) amendment's proposed text. */
export type ApplyAdoptedSecondary = {
  type: 'ApplyAdoptedSecondary';
  data: { amendmentId: string; secondary: AmendmentFacts; voteId: string; appliedAt: string };
};

/**
 * Freezes a (parent) amendment's text while one of its secondary amendments is voted on, the
 * reservation such a vote takes before its first ballot: no rebase, friendly acceptance,
 * withdrawal or other secondary can change the revision the secondary was drafted on.
 */
export type HoldAmendmentForSecondaryVote = {
  type: 'HoldAmendmentForSecondaryVote';
  data: { amendmentId: string; secondary: AmendmentFacts; voteId: string; heldAt: string };
};
/** Gives the amendment back after its vote (or its secondary's) was cancelled or carried out. */
export type ReleaseAmendmentFromVote = {
  type: 'ReleaseAmendmentFromVote';
  data: { amendmentId: string; voteId: string; releasedAt: string };
};
/** The proposal could not take in an amendment its sponsor accepted as friendly: the acceptance lapses, with the reason. */
export type RevokeFriendlyAcceptance = {
  type: 'RevokeFriendlyAcceptance';
  data: { amendmentId: string; reason: string; revokedAt: string };
};

/** Everything that can be asked of an amendment. */
export type AmendmentCommand =
  | ProposeAmendment
  | MarkAmendmentInConflict
  | RebaseAmendment
  | WithdrawAmendment
  | MarkAmendmentAcceptedAsFriendly
  | PutAmendmentToVote
  | RecordAmendmentDecision
  | ApplyAdoptedSecondary
  | ReleaseAmendmentFromVote
  | RevokeFriendlyAcceptance
  | HoldAmendmentForSecondaryVote;
