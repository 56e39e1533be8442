import { assertNever } from '../../../core/src';
import { ClauseOperation } from '../clauses/clauses';
import { AmendmentEvent } from './amendment.events';

export type AmendmentStatus = 'pending' | 'under-vote' | 'withdrawn' | 'accepted-as-friendly' | 'adopted' | 'rejected';

/** An amendment: not yet proposed, or its target, current draft and where it stands. */
export type AmendmentState =
  | { status: 'unknown' }
  | {
      status: AmendmentStatus;
      amendmentId: string;
      proposalId: string;
      parentAmendmentId: string | null;
      depth: number;
      authorId: string;
      /** Starts at 1; a rebase or an adopted secondary amendment makes a new revision. */
      revision: number;
      baseVersion: number;
      operations: readonly ClauseOperation[];
      proposedClauses: readonly string[];
      /** The newer version of what it amends, while the amendment is in conflict with it; null otherwise. */
      inConflictWith: number | null;
      /** Secondary amendments already taken into the proposed text. */
      appliedSecondaryIds: readonly string[];
      voteId: string | null;
      /** The vote on one of its secondary amendments that freezes its text, while it runs; null otherwise. */
      heldBy: { secondaryAmendmentId: string; voteId: string } | null;
    };

export type KnownAmendment = Exclude<AmendmentState, { status: 'unknown' }>;

/** What other aggregates need to know of an amendment; a handler builds it with `amendmentFacts`. */
export type AmendmentFacts = {
  amendmentId: string;
  proposalId: string;
  /** Null for a primary amendment; a secondary amends its parent, never the proposal directly. */
  parentAmendmentId: string | null;
  depth: number;
  /** The version of what it amends it was drafted on (proposal version, or parent revision). */
  baseVersion: number;
  revision: number;
  /** The text of what it amends as it would read with the amendment. */
  proposedClauses: string[];
  status: AmendmentStatus;
};

export function amendmentFacts(state: KnownAmendment): AmendmentFacts {
  return {
    amendmentId: state.amendmentId,
    proposalId: state.proposalId,
    parentAmendmentId: state.parentAmendmentId,
    depth: state.depth,
    baseVersion: state.baseVersion,
    revision: state.revision,
    proposedClauses: [...state.proposedClauses],
    status: state.status,
  };
}

export const initialAmendmentState = (): AmendmentState => ({ status: 'unknown' });

export function evolveAmendment(state: AmendmentState, event: AmendmentEvent): AmendmentState {
  if (event.type === 'AmendmentProposed') {
    const { proposedAt: _proposedAt, ...data } = event.data;
    return {
      status: 'pending',
      ...data,
      revision: 1,
      inConflictWith: null,
      appliedSecondaryIds: [],
      voteId: null,
      heldBy: null,
    };
  }
  if (state.status === 'unknown') return state;
  switch (event.type) {
    case 'AmendmentFellIntoConflict':
      return { ...state, inConflictWith: event.data.currentVersion };
    case 'AmendmentRebased': {
      const { revision, baseVersion, operations, proposedClauses } = event.data;
      return { ...state, revision, baseVersion, operations, proposedClauses, inConflictWith: null };
    }
    case 'AmendmentRevisedBySecondary':
      return {
        ...state,
        revision: event.data.revision,
        proposedClauses: event.data.proposedClauses,
        appliedSecondaryIds: [...state.appliedSecondaryIds, event.data.secondaryAmendmentId],
        heldBy: state.heldBy?.voteId === event.data.voteId ? null : state.heldBy,
      };
    case 'AmendmentWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'AmendmentAcceptedAsFriendly':
      return { ...state, status: 'accepted-as-friendly' };
    case 'AmendmentPutToVote':
      return { ...state, status: 'under-vote', voteId: event.data.voteId };
    case 'AmendmentAdopted':
      return { ...state, status: 'adopted' };
    case 'AmendmentRejected':
      return { ...state, status: 'rejected' };
    case 'AmendmentReleasedFromVote': {
      const heldBy = state.heldBy?.voteId === event.data.voteId ? null : state.heldBy;
      return state.status === 'under-vote' && state.voteId === event.data.voteId
        ? { ...state, status: 'pending', voteId: null, heldBy }
        : { ...state, heldBy };
    }
    case 'AmendmentHeldForSecondaryVote':
      return {
        ...state,
        heldBy: { secondaryAmendmentId: event.data.secondaryAmendmentId, voteId: event.data.voteId },
      };
    case 'AmendmentFriendlyAcceptanceRevoked':
      return state.status === 'accepted-as-friendly' ? { ...state, status: 'pending' } : state;
    default:
      return assertNever(event);
  }
}
