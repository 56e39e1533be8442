import { assertNever } from '../../../core/src';
import { ProposalEvent, ProposalMotion, ProposalVersionOrigin } from './proposal.events';

export type ProposalVersion = {
  version: number;
  clauses: readonly string[];
  origin: ProposalVersionOrigin;
  madeAt: string;
};

export type ProposalStatus = 'open' | 'under-vote' | 'withdrawn' | 'adopted' | 'rejected';

/** A proposal: not yet submitted, or its fixed facts, its versions (oldest first) and where it stands. */
export type ProposalState =
  | { status: 'unknown' }
  | {
      status: ProposalStatus;
      proposalId: string;
      conventionId: string;
      motion: ProposalMotion;
      title: string;
      subject: string;
      sponsorId: string;
      seconders: readonly string[];
      secondersRequired: number;
      versions: readonly ProposalVersion[];
      voteId: string | null;
      /** The vote on one of its primary amendments that freezes the text, while it runs; null otherwise. */
      heldBy: { amendmentId: string; voteId: string } | null;
    };

export type KnownProposal = Exclude<ProposalState, { status: 'unknown' }>;

export const initialProposalState = (): ProposalState => ({ status: 'unknown' });

export const currentVersion = (state: KnownProposal): ProposalVersion => state.versions[state.versions.length - 1];

export const isSeconded = (state: KnownProposal): boolean => state.seconders.length >= state.secondersRequired;

export function evolveProposal(state: ProposalState, event: ProposalEvent): ProposalState {
  if (event.type === 'ProposalSubmitted') {
    const { proposalId, conventionId, motion, title, subject, clauses, sponsorId, secondersRequired, submittedAt } =
      event.data;
    return {
      status: 'open',
      proposalId,
      conventionId,
      motion,
      title,
      subject,
      sponsorId,
      seconders: [],
      secondersRequired,
      versions: [{ version: 1, clauses, origin: { by: 'submission' }, madeAt: submittedAt }],
      voteId: null,
      heldBy: null,
    };
  }
  if (state.status === 'unknown') return state;
  switch (event.type) {
    case 'ProposalSeconded':
      return { ...state, seconders: [...state.seconders, event.data.seconderId] };
    case 'ProposalWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'ProposalFriendlyAmendmentAccepted': {
      const { version, clauses, amendmentId, acceptedAt } = event.data;
      const origin: ProposalVersionOrigin = { by: 'friendly-amendment', amendmentId };
      return { ...state, versions: [...state.versions, { version, clauses, origin, madeAt: acceptedAt }] };
    }
    case 'ProposalAmendedByVote': {
      const { version, clauses, amendmentId, voteId, amendedAt } = event.data;
      const origin: ProposalVersionOrigin = { by: 'adopted-amendment', amendmentId, voteId };
      const heldBy = state.heldBy?.voteId === voteId ? null : state.heldBy;
      return { ...state, heldBy, versions: [...state.versions, { version, clauses, origin, madeAt: amendedAt }] };
    }
    case 'ProposalPutToVote':
      return { ...state, status: 'under-vote', voteId: event.data.voteId };
    case 'ProposalAdopted':
      return { ...state, status: 'adopted' };
    case 'ProposalRejected':
      return { ...state, status: 'rejected' };
    case 'ProposalHeldForAmendmentVote':
      return { ...state, heldBy: { amendmentId: event.data.amendmentId, voteId: event.data.voteId } };
    case 'ProposalReleasedFromVote': {
      const { voteId } = event.data;
      const heldBy = state.heldBy?.voteId === voteId ? null : state.heldBy;
      const underThisVote = state.status === 'under-vote' && state.voteId === voteId;
      return { ...state, heldBy, ...(underThisVote ? { status: 'open' as const, voteId: null } : {}) };
    }
    case 'ProposalDecisionNotCarriedOut':
      return state;
    default:
      return assertNever(event);
  }
}
