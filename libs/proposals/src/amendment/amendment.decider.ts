import { Decider, FieldProblem, assertNever } from '../../../core/src';
import { applyClauseOperations, checkClauses, normalizeClauses, normalizeOperations } from '../clauses/clauses';
import { NotACredentialedDelegateError } from '../errors';
import { ProposalNotAmendableError } from '../proposal/proposal.errors';
import { checkAt, checkCount, checkId, compareInstants, rejectProblems } from '../validation';
import { AmendmentCommand, AmendmentTargetFacts, ProposeAmendment } from './amendment.commands';
import {
  AmendmentAlreadyProposedError,
  AmendmentBaseOutdatedError,
  AmendmentHeldBySecondaryVoteError,
  AmendmentInConflictError,
  AmendmentNotFoundError,
  AmendmentNotPendingError,
  AmendmentNotUnderThisVoteError,
  AmendmentSubmissionClosedError,
  AmendmentTooDeepError,
  NotTheAuthorError,
} from './amendment.errors';
import { AmendmentEvent } from './amendment.events';
import { AmendmentState, KnownAmendment, evolveAmendment, initialAmendmentState } from './amendment.state';

function checkTarget(target: AmendmentTargetFacts): FieldProblem[] {
  return [
    ...checkId('target.proposalId', target.proposalId),
    ...(target.parent === null ? [] : checkId('target.parent.amendmentId', target.parent.amendmentId)),
    ...checkCount('target.base.version', target.base.version, 1),
    ...checkCount('target.currentVersion', target.currentVersion, 1),
    ...checkClauses('target.base.clauses', normalizeClauses(target.base.clauses ?? [])),
  ];
}

/** What it amends must still be open to amendment, and the named version must be the current one. */
function requireCurrentOpenTarget(target: AmendmentTargetFacts): void {
  if (target.proposalStatus !== 'open') throw new ProposalNotAmendableError(target.proposalId, target.proposalStatus);
  if (target.parent !== null && target.parent.status !== 'pending') {
    throw new AmendmentNotPendingError(target.parent.amendmentId, target.parent.status);
  }
  if (target.base.version !== target.currentVersion) {
    throw new AmendmentBaseOutdatedError(target.base.version, target.currentVersion);
  }
}

function propose(command: ProposeAmendment, state: AmendmentState): AmendmentEvent[] {
  const { amendmentId, author, target, phase, rules, deadlines, proposedAt } = command.data;
  rejectProblems(
    checkId('amendmentId', amendmentId),
    checkId('author.memberId', author.memberId),
    checkTarget(target),
    checkCount('rules.amendmentDepth', rules.amendmentDepth, 0),
    checkAt('deadlines.amendment', deadlines.amendment),
    checkAt('proposedAt', proposedAt),
  );
  if (state.status !== 'unknown') throw new AmendmentAlreadyProposedError(amendmentId);
  if (!author.isCredentialedDelegate) throw new NotACredentialedDelegateError(author.memberId);
  if (phase !== 'amendment') throw new AmendmentSubmissionClosedError(`the convention is in the ${phase} phase`);
  if (compareInstants(proposedAt, deadlines.amendment) >= 0) {
    throw new AmendmentSubmissionClosedError(`the deadline ${deadlines.amendment} has passed`);
  }
  const depth = target.parent === null ? 1 : target.parent.depth + 1;
  if (depth > rules.amendmentDepth) throw new AmendmentTooDeepError(depth, rules.amendmentDepth);
  requireCurrentOpenTarget(target);
  const operations = normalizeOperations(command.data.operations ?? []);
  const proposedClauses = applyClauseOperations(normalizeClauses(target.base.clauses), operations);
  return [
    {
      type: 'AmendmentProposed',
      data: {
        amendmentId,
        proposalId: target.proposalId,
        parentAmendmentId: target.parent?.amendmentId ?? null,
        depth,
        authorId: author.memberId,
        baseVersion: target.base.version,
        operations,
        proposedClauses,
        proposedAt,
      },
    },
  ];
}

function known(state: AmendmentState, amendmentId: string): KnownAmendment {
  if (state.status === 'unknown') throw new AmendmentNotFoundError(amendmentId);
  return state;
}

function requirePending(state: KnownAmendment): void {
  if (state.status !== 'pending') throw new AmendmentNotPendingError(state.amendmentId, state.status);
}

/** Nothing but the secondary being voted on may change a held amendment, or take it elsewhere. */
function requireNotHeld(state: KnownAmendment, exceptVoteId: string | null = null): void {
  if (state.heldBy !== null && state.heldBy.voteId !== exceptVoteId) {
    throw new AmendmentHeldBySecondaryVoteError(
      state.amendmentId,
      state.heldBy.secondaryAmendmentId,
      state.heldBy.voteId,
    );
  }
}

function requireAuthor(state: KnownAmendment, memberId: string): void {
  if (memberId !== state.authorId) throw new NotTheAuthorError(memberId, state.amendmentId);
}

function decide(command: AmendmentCommand, state: AmendmentState): AmendmentEvent[] {
  switch (command.type) {
    case 'ProposeAmendment':
      return propose(command, state);
    case 'MarkAmendmentInConflict': {
      const { amendmentId, currentVersion, detectedAt } = command.data;
      rejectProblems(checkCount('currentVersion', currentVersion, 1), checkAt('detectedAt', detectedAt));
      const amendment = known(state, amendmentId);
      const undecided = amendment.status === 'pending' || amendment.status === 'under-vote';
      if (!undecided || amendment.inConflictWith !== null || currentVersion <= amendment.baseVersion) return [];
      return [
        {
          type: 'AmendmentFellIntoConflict',
          data: { amendmentId, baseVersion: amendment.baseVersion, currentVersion, detectedAt },
        },
      ];
    }
    case 'RebaseAmendment': {
      const { amendmentId, memberId, target, rebasedAt } = command.data;
      rejectProblems(checkId('memberId', memberId), checkTarget(target), checkAt('rebasedAt', rebasedAt));
      const amendment = known(state, amendmentId);
      requireAuthor(amendment, memberId);
      requirePending(amendment);
      requireNotHeld(amendment);
      rejectProblems(
        target.proposalId !== amendment.proposalId ||
          (target.parent?.amendmentId ?? null) !== amendment.parentAmendmentId
          ? [{ field: 'target', message: 'must be what the amendment amends' }]
          : [],
      );
      requireCurrentOpenTarget(target);
      const operations = normalizeOperations(command.data.operations ?? []);
      const proposedClauses = applyClauseOperations(normalizeClauses(target.base.clauses), operations);
      return [
        {
          type: 'AmendmentRebased',
          data: {
            amendmentId,
            revision: amendment.revision + 1,
            baseVersion: target.base.version,
            operations,
            proposedClauses,
            rebasedAt,
          },
        },
      ];
    }
    case 'WithdrawAmendment': {
      const { amendmentId, memberId, withdrawnAt } = command.data;
      rejectProblems(checkId('memberId', memberId), checkAt('withdrawnAt', withdrawnAt));
      const amendment = known(state, amendmentId);
      requireAuthor(amendment, memberId);
      requirePending(amendment);
      requireNotHeld(amendment);
      return [{ type: 'AmendmentWithdrawn', data: { amendmentId, withdrawnBy: memberId, withdrawnAt } }];
    }
    case 'MarkAmendmentAcceptedAsFriendly': {
      const { amendmentId, acceptedBy, proposalVersion, acceptedAt } = command.data;
      rejectProblems(
        checkId('acceptedBy', acceptedBy),
        checkCount('proposalVersion', proposalVersion, 2),
        checkAt('acceptedAt', acceptedAt),
      );
      const amendment = known(state, amendmentId);
      if (amendment.status === 'accepted-as-friendly') return [];
      requirePending(amendment);
      requireNotHeld(amendment);
      return [{ type: 'AmendmentAcceptedAsFriendly', data: { amendmentId, acceptedBy, proposalVersion, acceptedAt } }];
    }
    case 'PutAmendmentToVote': {
      const { amendmentId, voteId, putAt } = command.data;
      rejectProblems(checkId('voteId', voteId), checkAt('putAt', putAt));
      const amendment = known(state, amendmentId);
      if (amendment.status === 'under-vote' && amendment.voteId === voteId) return [];
      requirePending(amendment);
      requireNotHeld(amendment);
      if (amendment.inConflictWith !== null) {
        throw new AmendmentInConflictError(amendmentId, amendment.baseVersion, amendment.inConflictWith);
      }
      return [{ type: 'AmendmentPutToVote', data: { amendmentId, voteId, revision: amendment.revision, putAt } }];
    }
    case 'RecordAmendmentDecision': {
      const { amendmentId, voteId, tally, decidedAt } = command.data;
      rejectProblems(
        checkAt('decidedAt', decidedAt),
        tally?.method === 'yes-no' ? [] : [{ field: 'tally', message: 'an amendment is decided by a yes/no vote' }],
      );
      const amendment = known(state, amendmentId);
      if (amendment.voteId !== voteId) throw new AmendmentNotUnderThisVoteError(amendmentId, voteId);
      if (amendment.status !== 'under-vote') return [];
      return tally.method === 'yes-no' && tally.outcome === 'adopted'
        ? [{ type: 'AmendmentAdopted', data: { amendmentId, voteId, tally, adoptedAt: decidedAt } }]
        : [{ type: 'AmendmentRejected', data: { amendmentId, voteId, tally, rejectedAt: decidedAt } }];
    }
    case 'ApplyAdoptedSecondary': {
      const { amendmentId, secondary, voteId, appliedAt } = command.data;
      rejectProblems(
        checkId('voteId', voteId),
        checkAt('appliedAt', appliedAt),
        secondary.parentAmendmentId === amendmentId
          ? []
          : [{ field: 'secondary.parentAmendmentId', message: `must be ${amendmentId}` }],
      );
      const amendment = known(state, amendmentId);
      if (amendment.appliedSecondaryIds.includes(secondary.amendmentId)) return [];
      requirePending(amendment);
      requireNotHeld(amendment, voteId);
      if (secondary.status !== 'adopted') throw new AmendmentNotPendingError(secondary.amendmentId, secondary.status);
      if (secondary.baseVersion !== amendment.revision) {
        throw new AmendmentInConflictError(secondary.amendmentId, secondary.baseVersion, amendment.revision);
      }
      const proposedClauses = normalizeClauses(secondary.proposedClauses);
      rejectProblems(checkClauses('secondary.proposedClauses', proposedClauses));
      return [
        {
          type: 'AmendmentRevisedBySecondary',
          data: {
            amendmentId,
            secondaryAmendmentId: secondary.amendmentId,
            voteId,
            revision: amendment.revision + 1,
            proposedClauses,
            revisedAt: appliedAt,
          },
        },
      ];
    }
    case 'ReleaseAmendmentFromVote': {
      const { amendmentId, voteId, releasedAt } = command.data;
      rejectProblems(checkId('voteId', voteId), checkAt('releasedAt', releasedAt));
      const amendment = known(state, amendmentId);
      const underThisVote = amendment.status === 'under-vote' && amendment.voteId === voteId;
      if (!underThisVote && amendment.heldBy?.voteId !== voteId) return [];
      return [{ type: 'AmendmentReleasedFromVote', data: { amendmentId, voteId, releasedAt } }];
    }
    case 'HoldAmendmentForSecondaryVote': {
      const { amendmentId, secondary, voteId, heldAt } = command.data;
      rejectProblems(
        checkId('voteId', voteId),
        checkAt('heldAt', heldAt),
        secondary.parentAmendmentId === amendmentId
          ? []
          : [{ field: 'secondary.parentAmendmentId', message: `must be ${amendmentId}` }],
      );
      const amendment = known(state, amendmentId);
      if (amendment.heldBy?.voteId === voteId) return [];
      requirePending(amendment);
      requireNotHeld(amendment);
      if (secondary.baseVersion !== amendment.revision) {
        throw new AmendmentInConflictError(secondary.amendmentId, secondary.baseVersion, amendment.revision);
      }
      return [
        {
          type: 'AmendmentHeldForSecondaryVote',
          data: {
            amendmentId,
            secondaryAmendmentId: secondary.amendmentId,
            voteId,
            revision: amendment.revision,
            heldAt,
          },
        },
      ];
    }
    case 'RevokeFriendlyAcceptance': {
      const { amendmentId, reason, revokedAt } = command.data;
      rejectProblems(checkAt('revokedAt', revokedAt));
      const amendment = known(state, amendmentId);
      if (amendment.status !== 'accepted-as-friendly') return [];
      return [{ type: 'AmendmentFriendlyAcceptanceRevoked', data: { amendmentId, reason, revokedAt } }];
    }
    default:
      return assertNever(command);
  }
}

/**
 * An amendment: clause operations against a named version of a proposal (primary) or of a parent
 * amendment (secondary), up to the depth the rules allow; in conflict when what it amends moves on,
 * until its author rebases it; accepted as friendly, withdrawn, or decided by a vote.
 */
export const amendmentDecider: Decider<AmendmentCommand, AmendmentEvent, AmendmentState> = {
  decide,
  evolve: evolveAmendment,
  initialState: initialAmendmentState,
};
