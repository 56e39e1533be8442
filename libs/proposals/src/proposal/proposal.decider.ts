import { Decider, FieldProblem, assertNever } from '../../../core/src';
import { AmendmentInConflictError, AmendmentNotPendingError } from '../amendment/amendment.errors';
import { AmendmentFacts } from '../amendment/amendment.state';
import { checkClauses, normalizeClauses, sameClauses } from '../clauses/clauses';
import { NotACredentialedDelegateError } from '../errors';
import { PROPOSAL_KINDS } from '../facts';
import {
  checkAt,
  checkCount,
  checkId,
  checkTitle,
  compareInstants,
  normalizeLine,
  rejectProblems,
} from '../validation';
import { ProposalCommand, SubmitProposal } from './proposal.commands';
import {
  FriendlyAmendmentsNotAllowedError,
  NotTheSponsorError,
  ProposalAlreadySubmittedError,
  ProposalClosedError,
  ProposalHeldByAmendmentVoteError,
  ProposalNotAmendableError,
  ProposalNotFoundError,
  ProposalNotSecondedError,
  ProposalNotUnderThisVoteError,
  ProposalSubmissionClosedError,
  ProposalUnderVoteError,
  SponsorCannotSecondError,
} from './proposal.errors';
import { ProposalEvent, ProposalMotion } from './proposal.events';
import {
  KnownProposal,
  ProposalState,
  currentVersion,
  evolveProposal,
  initialProposalState,
  isSeconded,
} from './proposal.state';

function normalizeMotion(motion: ProposalMotion): ProposalMotion {
  if (motion?.kind !== 'create-body') return { ...motion };
  return {
    ...motion,
    name: normalizeLine(motion.name),
    composition: motion.composition.map(({ role, seats }) => ({ role: normalizeLine(role), seats })),
  };
}

function checkMotion(motion: ProposalMotion): FieldProblem[] {
  if (!PROPOSAL_KINDS.includes(motion?.kind)) {
    return [{ field: 'motion.kind', message: `must be one of ${PROPOSAL_KINDS.join(', ')}` }];
  }
  switch (motion.kind) {
    case 'adopt-rule':
      return checkId('motion.ruleId', motion.ruleId);
    case 'amend-rule':
    case 'repeal-rule':
      return [...checkId('motion.ruleId', motion.ruleId), ...checkCount('motion.ruleVersion', motion.ruleVersion, 1)];
    case 'create-body': {
      const problems = [...checkId('motion.bodyId', motion.bodyId), ...checkTitle('motion.name', motion.name)];
      if (!Array.isArray(motion.composition) || motion.composition.length === 0) {
        problems.push({ field: 'motion.composition', message: 'must name at least one kind of seat' });
      } else {
        motion.composition.forEach(({ role, seats }, index) => {
          problems.push(...checkTitle(`motion.composition[${index}].role`, role));
          problems.push(...checkCount(`motion.composition[${index}].seats`, seats, 1));
        });
      }
      return problems;
    }
    case 'adopt-commitment':
      return checkId('motion.commitmentId', motion.commitmentId);
    case 'adopt-campaign':
      return checkId('motion.campaignId', motion.campaignId);
    case 'resolution':
      return [];
    default:
      return assertNever(motion);
  }
}

function submit(command: SubmitProposal, state: ProposalState): ProposalEvent[] {
  const { proposalId, sponsor, phase, rules, deadlines, submittedAt } = command.data;
  const motion = normalizeMotion(command.data.motion);
  const clauses = normalizeClauses(command.data.clauses ?? []);
  rejectProblems(
    checkId('proposalId', proposalId),
    checkId('conventionId', command.data.conventionId),
    checkMotion(motion),
    checkTitle('title', command.data.title),
    checkTitle('subject', command.data.subject),
    checkClauses('clauses', clauses),
    checkId('sponsor.memberId', sponsor.memberId),
    checkCount('rules.secondersRequired', rules.secondersRequired, 0),
    checkAt('deadlines.proposalSubmission', deadlines.proposalSubmission),
    checkAt('submittedAt', submittedAt),
  );
  if (state.status !== 'unknown') throw new ProposalAlreadySubmittedError(proposalId);
  if (!sponsor.isCredentialedDelegate) throw new NotACredentialedDelegateError(sponsor.memberId);
  if (phase !== 'proposal-submission')
    throw new ProposalSubmissionClosedError(`the convention is in the ${phase} phase`);
  if (compareInstants(submittedAt, deadlines.proposalSubmission) >= 0) {
    throw new ProposalSubmissionClosedError(`the deadline ${deadlines.proposalSubmission} has passed`);
  }
  return [
    {
      type: 'ProposalSubmitted',
      data: {
        proposalId,
        conventionId: command.data.conventionId,
        motion,
        title: normalizeLine(command.data.title),
        subject: normalizeLine(command.data.subject),
        clauses,
        version: 1,
        sponsorId: sponsor.memberId,
        secondersRequired: rules.secondersRequired,
        submittedAt,
      },
    },
  ];
}

function known(state: ProposalState, proposalId: string): KnownProposal {
  if (state.status === 'unknown') throw new ProposalNotFoundError(proposalId);
  return state;
}

/** Texts change only while the proposal is open: not once withdrawn, decided, or being voted on. */
function requireAmendable(state: KnownProposal): void {
  if (state.status !== 'open') throw new ProposalNotAmendableError(state.proposalId, state.status);
}

/** Nothing but the amendment being voted on may change a held text (or put the proposal itself to a vote). */
function requireNotHeld(state: KnownProposal, exceptVoteId: string | null = null): void {
  if (state.heldBy !== null && state.heldBy.voteId !== exceptVoteId) {
    throw new ProposalHeldByAmendmentVoteError(state.proposalId, state.heldBy.amendmentId, state.heldBy.voteId);
  }
}

/** An amendment fits this proposal's current text: a primary of this proposal, drafted on the current version. */
function checkAmendmentFits(state: KnownProposal, amendment: AmendmentFacts): void {
  rejectProblems(
    amendment.proposalId !== state.proposalId
      ? [{ field: 'amendment.proposalId', message: `amends ${amendment.proposalId}, not ${state.proposalId}` }]
      : [],
    amendment.parentAmendmentId !== null
      ? [
          {
            field: 'amendment.parentAmendmentId',
            message: 'a secondary amendment changes its parent, not the proposal',
          },
        ]
      : [],
  );
  const current = currentVersion(state);
  if (amendment.baseVersion !== current.version) {
    throw new AmendmentInConflictError(amendment.amendmentId, amendment.baseVersion, current.version);
  }
}

function decide(command: ProposalCommand, state: ProposalState): ProposalEvent[] {
  switch (command.type) {
    case 'SubmitProposal':
      return submit(command, state);
    case 'SecondProposal': {
      const { proposalId, seconder, secondedAt } = command.data;
      rejectProblems(checkId('seconder.memberId', seconder.memberId), checkAt('secondedAt', secondedAt));
      const proposal = known(state, proposalId);
      if (!seconder.isCredentialedDelegate) throw new NotACredentialedDelegateError(seconder.memberId);
      if (seconder.memberId === proposal.sponsorId) throw new SponsorCannotSecondError(proposalId);
      if (proposal.status !== 'open') throw new ProposalClosedError(proposalId, proposal.status);
      if (proposal.seconders.includes(seconder.memberId)) return [];
      return [{ type: 'ProposalSeconded', data: { proposalId, seconderId: seconder.memberId, secondedAt } }];
    }
    case 'WithdrawProposal': {
      const { proposalId, memberId, withdrawnAt } = command.data;
      rejectProblems(checkId('memberId', memberId), checkAt('withdrawnAt', withdrawnAt));
      const proposal = known(state, proposalId);
      if (memberId !== proposal.sponsorId) throw new NotTheSponsorError(memberId, proposalId);
      if (proposal.status === 'under-vote') throw new ProposalUnderVoteError(proposalId);
      if (proposal.status !== 'open') throw new ProposalClosedError(proposalId, proposal.status);
      requireNotHeld(proposal);
      return [{ type: 'ProposalWithdrawn', data: { proposalId, withdrawnBy: memberId, withdrawnAt } }];
    }
    case 'AcceptFriendlyAmendment': {
      const { proposalId, memberId, amendment, rules, acceptedAt } = command.data;
      rejectProblems(checkId('memberId', memberId), checkAt('acceptedAt', acceptedAt));
      const proposal = known(state, proposalId);
      if (!rules.friendlyAmendments) throw new FriendlyAmendmentsNotAllowedError();
      if (memberId !== proposal.sponsorId) throw new NotTheSponsorError(memberId, proposalId);
      const already = proposal.versions.some(
        ({ origin }) => origin.by === 'friendly-amendment' && origin.amendmentId === amendment.amendmentId,
      );
      if (already) return [];
      requireAmendable(proposal);
      requireNotHeld(proposal);
      // The amendment's own stream records the acceptance first (the reservation that stops a
      // withdrawal racing it), so here it is pending or already marked accepted.
      if (amendment.status !== 'pending' && amendment.status !== 'accepted-as-friendly')
        throw new AmendmentNotPendingError(amendment.amendmentId, amendment.status);
      checkAmendmentFits(proposal, amendment);
      const clauses = normalizeClauses(amendment.proposedClauses);
      rejectProblems(checkClauses('amendment.proposedClauses', clauses));
      return [
        {
          type: 'ProposalFriendlyAmendmentAccepted',
          data: {
            proposalId,
            amendmentId: amendment.amendmentId,
            version: currentVersion(proposal).version + 1,
            clauses,
            acceptedBy: memberId,
            acceptedAt,
          },
        },
      ];
    }
    case 'ApplyAdoptedAmendment': {
      const { proposalId, amendment, voteId, amendedAt } = command.data;
      rejectProblems(checkId('voteId', voteId), checkAt('amendedAt', amendedAt));
      const proposal = known(state, proposalId);
      const already = proposal.versions.some(
        ({ origin }) => origin.by === 'adopted-amendment' && origin.amendmentId === amendment.amendmentId,
      );
      if (already) return [];
      requireAmendable(proposal);
      requireNotHeld(proposal, voteId);
      if (amendment.status !== 'adopted') throw new AmendmentNotPendingError(amendment.amendmentId, amendment.status);
      checkAmendmentFits(proposal, amendment);
      const clauses = normalizeClauses(amendment.proposedClauses);
      rejectProblems(checkClauses('amendment.proposedClauses', clauses));
      if (sameClauses(clauses, currentVersion(proposal).clauses)) return [];
      return [
        {
          type: 'ProposalAmendedByVote',
          data: {
            proposalId,
            amendmentId: amendment.amendmentId,
            voteId,
            version: currentVersion(proposal).version + 1,
            clauses,
            amendedAt,
          },
        },
      ];
    }
    case 'PutProposalToVote': {
      const { proposalId, voteId, putAt } = command.data;
      rejectProblems(checkId('voteId', voteId), checkAt('putAt', putAt));
      const proposal = known(state, proposalId);
      if (proposal.status === 'under-vote' && proposal.voteId === voteId) return [];
      if (proposal.status !== 'open') throw new ProposalClosedError(proposalId, proposal.status);
      requireNotHeld(proposal);
      if (!isSeconded(proposal)) {
        throw new ProposalNotSecondedError(proposalId, proposal.seconders.length, proposal.secondersRequired);
      }
      return [
        { type: 'ProposalPutToVote', data: { proposalId, voteId, version: currentVersion(proposal).version, putAt } },
      ];
    }
    case 'RecordProposalDecision': {
      const { proposalId, voteId, outcome, tally, decidedAt } = command.data;
      rejectProblems(
        checkAt('decidedAt', decidedAt),
        outcome === 'adopted' || outcome === 'rejected'
          ? []
          : [{ field: 'outcome', message: 'must be adopted or rejected' }],
      );
      const proposal = known(state, proposalId);
      if (proposal.voteId !== voteId) throw new ProposalNotUnderThisVoteError(proposalId, voteId);
      if (proposal.status === outcome) return [];
      if (proposal.status !== 'under-vote') throw new ProposalClosedError(proposalId, proposal.status);
      const version = currentVersion(proposal).version;
      return outcome === 'adopted'
        ? [{ type: 'ProposalAdopted', data: { proposalId, voteId, version, tally, adoptedAt: decidedAt } }]
        : [{ type: 'ProposalRejected', data: { proposalId, voteId, version, tally, rejectedAt: decidedAt } }];
    }
    case 'HoldProposalForAmendmentVote': {
      const { proposalId, amendment, voteId, heldAt } = command.data;
      rejectProblems(checkId('voteId', voteId), checkAt('heldAt', heldAt));
      const proposal = known(state, proposalId);
      if (proposal.heldBy?.voteId === voteId) return [];
      requireAmendable(proposal);
      requireNotHeld(proposal);
      checkAmendmentFits(proposal, amendment);
      return [
        {
          type: 'ProposalHeldForAmendmentVote',
          data: {
            proposalId,
            amendmentId: amendment.amendmentId,
            voteId,
            version: currentVersion(proposal).version,
            heldAt,
          },
        },
      ];
    }
    case 'ReleaseProposalFromVote': {
      const { proposalId, voteId, releasedAt } = command.data;
      rejectProblems(checkId('voteId', voteId), checkAt('releasedAt', releasedAt));
      const proposal = known(state, proposalId);
      const holds = proposal.heldBy?.voteId === voteId;
      const underThisVote = proposal.status === 'under-vote' && proposal.voteId === voteId;
      if (!holds && !underThisVote) return [];
      return [{ type: 'ProposalReleasedFromVote', data: { proposalId, voteId, releasedAt } }];
    }
    case 'RecordDecisionNotCarriedOut': {
      const { proposalId, voteId, amendmentId, reason, message, recordedAt } = command.data;
      rejectProblems(checkId('voteId', voteId), checkAt('recordedAt', recordedAt));
      known(state, proposalId);
      return [
        {
          type: 'ProposalDecisionNotCarriedOut',
          data: { proposalId, voteId, amendmentId, reason, message, recordedAt },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

/**
 * Takes a proposal from submission through seconding, friendly and adopted amendments (each a new
 * numbered version of its clauses) to withdrawal or the convention's decision.
 */
export const proposalDecider: Decider<ProposalCommand, ProposalEvent, ProposalState> = {
  decide,
  evolve: evolveProposal,
  initialState: initialProposalState,
};
