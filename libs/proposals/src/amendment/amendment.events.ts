import { ClauseOperation } from '../clauses/clauses';
import { ConventionVoteTally } from '../convention-vote/convention-vote.events';

/**
 * Events of one amendment's stream, Amendment-<amendmentId>. A primary amendment changes a
 * proposal; a secondary one (parentAmendmentId set) changes its parent amendment's proposed text.
 * `baseVersion` is the version of what it changes: the proposal's version for a primary, the
 * parent's revision for a secondary.
 */
export type AmendmentProposed = {
  type: 'AmendmentProposed';
  data: {
    amendmentId: string;
    proposalId: string;
    parentAmendmentId: string | null;
    /** 1 for a primary amendment, 2 for a secondary, and so on. */
    depth: number;
    authorId: string;
    baseVersion: number;
    operations: ClauseOperation[];
    /** The proposal text (for a secondary: its parent's proposed text) as it would read with this amendment. */
    proposedClauses: string[];
    proposedAt: string;
  };
};
/** What it amends has a newer version than the one it was drafted on; it cannot be voted on until rebased. */
export type AmendmentFellIntoConflict = {
  type: 'AmendmentFellIntoConflict';
  data: { amendmentId: string; baseVersion: number; currentVersion: number; detectedAt: string };
};
/** The author redrafted the amendment on the current version. */
export type AmendmentRebased = {
  type: 'AmendmentRebased';
  data: {
    amendmentId: string;
    revision: number;
    baseVersion: number;
    operations: ClauseOperation[];
    proposedClauses: string[];
    rebasedAt: string;
  };
};
/** An adopted secondary amendment changed this amendment's proposed text. */
export type AmendmentRevisedBySecondary = {
  type: 'AmendmentRevisedBySecondary';
  data: {
    amendmentId: string;
    secondaryAmendmentId: string;
    voteId: string;
    revision: number;
    proposedClauses: string[];
    revisedAt: string;
  };
};
export type AmendmentWithdrawn = {
  type: 'AmendmentWithdrawn';
  data: { amendmentId: string; withdrawnBy: string; withdrawnAt: string };
};
export type AmendmentAcceptedAsFriendly = {
  type: 'AmendmentAcceptedAsFriendly';
  data: { amendmentId: string; acceptedBy: string; proposalVersion: number; acceptedAt: string };
};
export type AmendmentPutToVote = {
  type: 'AmendmentPutToVote';
  data: { amendmentId: string; voteId: string; revision: number; putAt: string };
};
export type AmendmentAdopted = {
  type: 'AmendmentAdopted';
  data: { amendmentId: string; voteId: string; tally: ConventionVoteTally; adoptedAt: string };
};
export type AmendmentRejected = {
  type: 'AmendmentRejected';
  data: { amendmentId: string; voteId: string; tally: ConventionVoteTally; rejectedAt: string };
};

/** A secondary amendment of this one is being voted on: its text stays at `revision` until that is decided. */
export type AmendmentHeldForSecondaryVote = {
  type: 'AmendmentHeldForSecondaryVote';
  data: { amendmentId: string; secondaryAmendmentId: string; voteId: string; revision: number; heldAt: string };
};
/** The vote it was put to (or that held it for a secondary) was cancelled or carried out: pending again. */
export type AmendmentReleasedFromVote = {
  type: 'AmendmentReleasedFromVote';
  data: { amendmentId: string; voteId: string; releasedAt: string };
};
/** The proposal could not take the amendment in (e.g. it had been put to a vote meanwhile): pending again. */
export type AmendmentFriendlyAcceptanceRevoked = {
  type: 'AmendmentFriendlyAcceptanceRevoked';
  data: { amendmentId: string; reason: string; revokedAt: string };
};

/** Everything that can happen to an amendment. */
export type AmendmentEvent =
  | AmendmentProposed
  | AmendmentFellIntoConflict
  | AmendmentRebased
  | AmendmentRevisedBySecondary
  | AmendmentWithdrawn
  | AmendmentAcceptedAsFriendly
  | AmendmentPutToVote
  | AmendmentAdopted
  | AmendmentRejected
  | AmendmentReleasedFromVote
  | AmendmentFriendlyAcceptanceRevoked
  | AmendmentHeldForSecondaryVote;

export const amendmentStream = (amendmentId: string): string => `Amendment-${amendmentId}`;
