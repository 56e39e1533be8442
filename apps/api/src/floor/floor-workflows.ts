import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DomainError } from '../../../../libs/core/src';
import { ConventionPhaseAdvanced } from '../../../../libs/convention/src';
import { CommandRunner, EventStore, RecordedEvent } from '../../../../libs/event-store/src';
import {
  ProcessManager,
  ProcessManagerRunner,
  ReactionOutcome,
  WorkflowSteps,
  crashPoint,
} from '../../../../libs/projections/src';
import {
  AmendmentAcceptedAsFriendly,
  ConventionVoteClosed,
  ConventionVoteOpened,
  ConventionVoteSubject,
  ConventionVoteTally,
  adoptedProposalFacts,
  amendmentDecider,
  amendmentFacts,
  amendmentStream,
  carries,
  charterDecider,
  charterStream,
  conventionVoteDecider,
  conventionVoteStream,
  proposalDecider,
  proposalStream,
} from '../../../../libs/proposals/src';
import { EVENT_STORE } from '../infrastructure/tokens';
import { loadFloorConvention } from './floor-facts';
import { FloorStreams, loadAmendment, loadProposal } from './floor-streams';
import { conventionVotes } from './floor-phase-conditions';
import { loadConventions } from '../convention/convention-facts';

/** The compensation's reason when a vote opened as the convention left VOTING. */
export class VotingEndedError extends DomainError {
  constructor() {
    super('CONFLICT', 'VOTING_ENDED', 'The convention left the VOTING phase while this vote was being opened');
  }
}

/**
 * The floor's workflows, each carried to its end by the process manager runner from the event
 * that starts it, and run at once by the command that appends that event (so its receipt covers
 * every effect):
 *
 * - a vote opened → its subjects reserved for it (the proposal's text held for a vote on one of
 *   its amendments, then the amendment put to the vote; or the proposals put to it); refused →
 *   the vote is cancelled and whatever it had reserved released;
 * - a vote closed → the decision recorded on its subjects, an adopted amendment taken into the
 *   text (and amendments it overtakes marked in conflict), an adopted proposal enacted in the
 *   charter; refused → the decision recorded as not carried out, with the reason;
 * - an amendment accepted as friendly (recorded on the amendment first, so a withdrawal at the
 *   same moment cannot overtake it) → the proposal's new version; refused → the acceptance
 *   revoked, the amendment pending again;
 * - the convention leaving VOTING → any vote opened while the phase change was being decided
 *   cancelled (the phase condition read the log just before) and its subjects released.
 */
@Injectable()
export class FloorWorkflows implements OnModuleInit {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly streams: FloorStreams,
    private readonly workflows: ProcessManagerRunner,
  ) {}

  onModuleInit(): void {
    for (const manager of [this.voteOpening, this.voteDecision, this.friendlyAcceptance, this.votingEnd]) {
      this.workflows.register(manager);
    }
  }

  /**
   * Runs the workflows the given command started in `streamName` now and returns where they
   * ended: the position of the last effect (at least `position`) and the refusal, if one was
   * compensated.
   */
  async complete(streamName: string, commandId: string, position: bigint): Promise<ReactionOutcome> {
    const appended = (await this.store.readStream(streamName)).filter(
      (event) => event.metadata.commandId === commandId,
    );
    let end: ReactionOutcome = { position, refusal: null, appended: false };
    for (const trigger of appended) {
      const outcome = await this.workflows.react(trigger);
      end = {
        position: outcome.position > end.position ? outcome.position : end.position,
        refusal: end.refusal ?? outcome.refusal,
        appended: end.appended || outcome.appended,
      };
    }
    return end;
  }

  /** Runs the opening workflow of a vote (again): a close first makes sure the opening is complete. */
  async completeOpening(voteId: string): Promise<void> {
    const [opened] = await this.store.readStream(conventionVoteStream(voteId), { maxCount: 1 });
    if (opened !== undefined) await this.workflows.react(opened);
  }

  private readonly voteOpening: ProcessManager = {
    name: 'floor.vote-opening',
    triggers: ['ConventionVoteOpened'],
    react: async (trigger, steps) => {
      const { voteId, conventionId, subject } = (trigger as unknown as ConventionVoteOpened & RecordedEvent).data;
      const status = await this.voteStatus(voteId);
      // A closed vote's subjects belong to its decision now; a cancelled one's are given back.
      if (status === 'closed') return;
      if (status === 'cancelled') return this.release(steps, voteId, subject);
      // Opened on a read of the phase that a phase change overtook: the vote cannot go ahead.
      const phase = (await loadConventions(this.runner)).current;
      if (phase === null || phase.conventionId !== conventionId || phase.phase !== 'VOTING') {
        throw new VotingEndedError();
      }
      if (subject.kind === 'amendment') {
        const amendment = await loadAmendment(this.runner, subject.amendmentId);
        // The text the amendment changes is held first: the proposal's, or the parent amendment's.
        if (amendment.parentAmendmentId === null) {
          await steps.run(proposalDecider, proposalStream(subject.proposalId), `hold/${subject.proposalId}`, {
            type: 'HoldProposalForAmendmentVote' as const,
            data: { proposalId: subject.proposalId, amendment: amendmentFacts(amendment), voteId, heldAt: steps.at },
          });
        } else {
          const parentId = amendment.parentAmendmentId;
          await steps.run(amendmentDecider, amendmentStream(parentId), `hold/${parentId}`, {
            type: 'HoldAmendmentForSecondaryVote' as const,
            data: { amendmentId: parentId, secondary: amendmentFacts(amendment), voteId, heldAt: steps.at },
          });
        }
        crashPoint('open-vote/after-hold');
        await steps.run(amendmentDecider, amendmentStream(subject.amendmentId), `put-to-vote/${subject.amendmentId}`, {
          type: 'PutAmendmentToVote' as const,
          data: { amendmentId: subject.amendmentId, voteId, putAt: steps.at },
        });
      } else {
        for (const proposalId of subjectProposals(subject)) {
          await steps.run(proposalDecider, proposalStream(proposalId), `put-to-vote/${proposalId}`, {
            type: 'PutProposalToVote' as const,
            data: { proposalId, voteId, putAt: steps.at },
          });
        }
      }
      // Cancelled while its subjects were being reserved (the convention left VOTING): give them back.
      if ((await this.voteStatus(voteId)) === 'cancelled') await this.release(steps, voteId, subject);
    },
    compensate: async (trigger, refusal, steps) => {
      const { voteId, subject } = (trigger as unknown as ConventionVoteOpened & RecordedEvent).data;
      await this.cancel(steps, voteId, refusal);
      await this.release(steps, voteId, subject);
    },
  };

  private readonly voteDecision: ProcessManager = {
    name: 'floor.vote-decision',
    triggers: ['ConventionVoteClosed'],
    react: async (trigger, steps) => {
      const { voteId, tally } = (trigger as unknown as ConventionVoteClosed & RecordedEvent).data;
      const subject = await this.subjectOf(voteId);
      await this.carryOut(steps, voteId, subject, tally);
    },
    compensate: async (trigger, refusal, steps) => {
      const { voteId, tally } = (trigger as unknown as ConventionVoteClosed & RecordedEvent).data;
      const subject = await this.subjectOf(voteId);
      const proposalId =
        subject.kind === 'competing-proposals'
          ? (subject.proposalIds.find((id) => carries(tally, id)) ?? subject.proposalIds[0])
          : subject.proposalId;
      await steps.run(proposalDecider, proposalStream(proposalId), 'not-carried-out', {
        type: 'RecordDecisionNotCarriedOut' as const,
        data: {
          proposalId,
          voteId,
          amendmentId: subject.kind === 'amendment' ? subject.amendmentId : null,
          reason: refusal.code,
          message: refusal.message,
          recordedAt: steps.at,
        },
      });
      await this.release(steps, voteId, subject);
    },
  };

  private readonly friendlyAcceptance: ProcessManager = {
    name: 'floor.friendly-acceptance',
    triggers: ['AmendmentAcceptedAsFriendly'],
    react: async (trigger, steps) => {
      const { amendmentId, acceptedBy } = (trigger as unknown as AmendmentAcceptedAsFriendly & RecordedEvent).data;
      const amendment = await loadAmendment(this.runner, amendmentId);
      const proposal = await loadProposal(this.runner, amendment.proposalId);
      const taken = (await this.store.readStream(proposalStream(proposal.proposalId))).find(
        (event) =>
          event.type === 'ProposalFriendlyAmendmentAccepted' &&
          (event.data as { amendmentId: string }).amendmentId === amendmentId,
      );
      if (taken !== undefined) steps.include(taken.position);
      else {
        if (amendment.status !== 'accepted-as-friendly') return; // revoked already
        const floor = await loadFloorConvention(this.runner, proposal.conventionId);
        crashPoint('friendly/before-version');
        await steps.run(proposalDecider, proposalStream(proposal.proposalId), 'take-in', {
          type: 'AcceptFriendlyAmendment' as const,
          data: {
            proposalId: proposal.proposalId,
            memberId: acceptedBy,
            amendment: amendmentFacts(amendment),
            rules: floor.amendments,
            acceptedAt: steps.at,
          },
        });
      }
      await this.streams.markConflicts(steps, proposal.proposalId);
    },
    compensate: async (trigger, refusal, steps) => {
      const { amendmentId } = (trigger as unknown as AmendmentAcceptedAsFriendly & RecordedEvent).data;
      await steps.run(amendmentDecider, amendmentStream(amendmentId), 'revoke', {
        type: 'RevokeFriendlyAcceptance' as const,
        data: { amendmentId, reason: refusal.code, revokedAt: steps.at },
      });
    },
  };

  private readonly votingEnd: ProcessManager = {
    name: 'floor.voting-end',
    triggers: ['ConventionPhaseAdvanced'],
    react: async (trigger, steps) => {
      const { conventionId, from } = (trigger as unknown as ConventionPhaseAdvanced & RecordedEvent).data;
      if (from !== 'VOTING') return;
      for (const vote of await conventionVotes(this.store, this.runner, conventionId)) {
        if (vote.state.status !== 'open') continue;
        await this.cancel(steps, vote.voteId, new VotingEndedError(), `cancel/${vote.voteId}`);
        await this.release(steps, vote.voteId, vote.state.subject, `${vote.voteId}/`);
      }
    },
    compensate: async () => {
      // Cancelling a vote is refused only once it has closed: then there is nothing to undo.
    },
  };

  private async voteStatus(voteId: string): Promise<string> {
    return (await this.runner.load(conventionVoteDecider, conventionVoteStream(voteId))).status;
  }

  private async subjectOf(voteId: string): Promise<ConventionVoteSubject> {
    const state = await this.runner.load(conventionVoteDecider, conventionVoteStream(voteId));
    if (state.status === 'unknown') throw new Error(`Vote ${voteId} closed but never opened`);
    return state.subject;
  }

  private async cancel(steps: WorkflowSteps, voteId: string, refusal: DomainError, step = 'cancel'): Promise<void> {
    await steps.run(conventionVoteDecider, conventionVoteStream(voteId), step, {
      type: 'CancelConventionVote' as const,
      data: { voteId, reason: refusal.code, message: refusal.message, cancelledAt: steps.at },
    });
  }

  /**
   * Gives back whatever the vote reserved (the amendment put to it, the text it held, the
   * proposals put to it); each release is a no-op where it reserved nothing or has been decided.
   */
  private async release(
    steps: WorkflowSteps,
    voteId: string,
    subject: ConventionVoteSubject,
    prefix = '',
  ): Promise<void> {
    if (subject.kind === 'amendment') {
      await steps.run(
        amendmentDecider,
        amendmentStream(subject.amendmentId),
        `${prefix}release/${subject.amendmentId}`,
        {
          type: 'ReleaseAmendmentFromVote' as const,
          data: { amendmentId: subject.amendmentId, voteId, releasedAt: steps.at },
        },
      );
      const { parentAmendmentId } = await loadAmendment(this.runner, subject.amendmentId);
      if (parentAmendmentId !== null) {
        await steps.run(amendmentDecider, amendmentStream(parentAmendmentId), `${prefix}release/${parentAmendmentId}`, {
          type: 'ReleaseAmendmentFromVote' as const,
          data: { amendmentId: parentAmendmentId, voteId, releasedAt: steps.at },
        });
      }
      await this.releaseProposal(steps, subject.proposalId, voteId, prefix);
      return;
    }
    for (const proposalId of subjectProposals(subject)) await this.releaseProposal(steps, proposalId, voteId, prefix);
  }

  private async releaseProposal(steps: WorkflowSteps, proposalId: string, voteId: string, prefix = ''): Promise<void> {
    await steps.run(proposalDecider, proposalStream(proposalId), `${prefix}release/${proposalId}`, {
      type: 'ReleaseProposalFromVote' as const,
      data: { proposalId, voteId, releasedAt: steps.at },
    });
  }

  /** Records and carries out the decision of a closed vote, step by step. */
  private async carryOut(
    steps: WorkflowSteps,
    voteId: string,
    subject: ConventionVoteSubject,
    tally: ConventionVoteTally,
  ): Promise<void> {
    if (subject.kind === 'amendment') {
      const { amendmentId, proposalId } = subject;
      await steps.run(amendmentDecider, amendmentStream(amendmentId), `decision/${amendmentId}`, {
        type: 'RecordAmendmentDecision' as const,
        data: { amendmentId, voteId, tally, decidedAt: steps.at },
      });
      crashPoint('close-vote/after-decision');
      const decided = await loadAmendment(this.runner, amendmentId);
      if (decided.status === 'adopted') {
        if (decided.parentAmendmentId === null) {
          await steps.run(proposalDecider, proposalStream(proposalId), `apply/${amendmentId}`, {
            type: 'ApplyAdoptedAmendment' as const,
            data: { proposalId, amendment: amendmentFacts(decided), voteId, amendedAt: steps.at },
          });
        } else {
          const parentId = decided.parentAmendmentId;
          await steps.run(amendmentDecider, amendmentStream(parentId), `apply/${amendmentId}`, {
            type: 'ApplyAdoptedSecondary' as const,
            data: { amendmentId: parentId, secondary: amendmentFacts(decided), voteId, appliedAt: steps.at },
          });
        }
      }
      await this.release(steps, voteId, subject);
      if (decided.status === 'adopted') await this.streams.markConflicts(steps, proposalId);
      return;
    }
    const proposalIds = subjectProposals(subject);
    for (const proposalId of proposalIds) {
      const outcome: 'adopted' | 'rejected' = carries(tally, subject.kind === 'proposal' ? undefined : proposalId)
        ? 'adopted'
        : 'rejected';
      await steps.run(proposalDecider, proposalStream(proposalId), `decision/${proposalId}`, {
        type: 'RecordProposalDecision' as const,
        data: { proposalId, voteId, outcome, tally, decidedAt: steps.at },
      });
    }
    crashPoint('close-vote/after-decision');
    for (const proposalId of proposalIds) {
      const decided = await loadProposal(this.runner, proposalId);
      if (decided.status !== 'adopted' || decided.voteId !== voteId) continue;
      await steps.run(charterDecider, charterStream(), `enact/${proposalId}`, {
        type: 'EnactAdoptedProposal' as const,
        data: { proposal: adoptedProposalFacts(decided), enactedAt: steps.at },
      });
    }
  }
}

function subjectProposals(subject: ConventionVoteSubject): readonly string[] {
  if (subject.kind === 'amendment') return [subject.proposalId];
  return subject.kind === 'proposal' ? [subject.proposalId] : subject.proposalIds;
}
