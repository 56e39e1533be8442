import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, entityIdFor } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import { Inject } from '@nestjs/common';
import { EVENT_STORE } from '../../infrastructure/tokens';
import {
  ConventionVoteCancelledError,
  ConventionVoteEvent,
  ConventionVoteSubject,
  VoteRules,
  adoptedProposalFacts,
  amendmentDecider,
  charterDecider,
  charterStream,
  conventionVoteDecider,
  conventionVoteStream,
  proposalDecider,
  proposalStream,
  requireDraftOnRuleInForce,
  voteRulesFor,
  amendmentFacts,
} from '../../../../../libs/proposals/src';
import { crashPoint } from '../../../../../libs/projections/src';
import { FloorWorkflows } from '../floor-workflows';
import { AcceptedCommand } from '../../commands/command-envelope';
import { FloorDelegates, loadFloorConvention, secretariatFacts } from '../floor-facts';
import { FloorStreams, loadAmendment, loadProposal } from '../floor-streams';

/** What the secretariat puts to the vote, before the handler has looked up the rest. */
export type VoteSubjectRequest =
  | { kind: 'amendment'; amendmentId: string }
  | { kind: 'proposal'; proposalId: string }
  | { kind: 'competing-proposals'; subject: string; proposalIds: string[] };

export class OpenConventionVoteCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly conventionId: string,
    readonly subject: VoteSubjectRequest,
  ) {}
}

export interface ConventionVoteResult {
  readonly voteId: string;
  readonly outcome: CommandOutcome<ConventionVoteEvent>;
}

/**
 * The secretariat opens a vote when the agenda allows: the vote first, then the vote-opening
 * workflow reserves its subjects (see FloorWorkflows), at once here and, after a crash, by the
 * process manager. The receipt's position is that of the last reservation.
 */
@CommandHandler(OpenConventionVoteCommand)
export class OpenConventionVoteHandler implements ICommandHandler<OpenConventionVoteCommand, ConventionVoteResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly delegates: FloorDelegates,
    private readonly streams: FloorStreams,
    private readonly workflows: FloorWorkflows,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ accepted, actor, conventionId, subject: request }: OpenConventionVoteCommand) {
    const voteId = entityIdFor('convention-vote', accepted.commandId);
    const floor = await loadFloorConvention(this.runner, conventionId);
    let subject: ConventionVoteSubject;
    let rules: VoteRules;
    if (request.kind === 'amendment') {
      const amendment = await loadAmendment(this.runner, request.amendmentId);
      subject = { kind: 'amendment', amendmentId: amendment.amendmentId, proposalId: amendment.proposalId };
      rules = voteRulesFor(floor.voting, 'amendment');
    } else if (request.kind === 'proposal') {
      const proposal = await loadProposal(this.runner, request.proposalId);
      subject = { kind: 'proposal', proposalId: proposal.proposalId };
      rules = voteRulesFor(floor.voting, proposal.motion.kind);
    } else {
      // Competing proposals on one subject are of one kind in practice; the first one's rules count.
      const first = request.proposalIds.length === 0 ? null : await loadProposal(this.runner, request.proposalIds[0]);
      subject = { kind: 'competing-proposals', subject: request.subject, proposalIds: [...request.proposalIds] };
      rules = voteRulesFor(floor.voting, first?.motion.kind ?? 'resolution');
    }
    const proposalIds = subject.kind === 'competing-proposals' ? subject.proposalIds : [subject.proposalId];
    const openedBy = secretariatFacts(floor, actor);
    // Only for the secretariat, so that anyone else is refused for who they are, not for the motion.
    if (subject.kind !== 'amendment' && openedBy.isSecretariat) {
      await this.requireEnactable(proposalIds, voteId, accepted.acceptedAt);
    }
    if (openedBy.isSecretariat) await this.requireReservable(subject, voteId, accepted.acceptedAt);
    const electorate = await this.delegates.electorateOf(floor);
    const outcome = await this.runner.run(
      conventionVoteDecider,
      conventionVoteStream(voteId),
      accepted.envelope({
        type: 'OpenConventionVote',
        data: {
          voteId,
          conventionId,
          subject,
          openedBy,
          phase: floor.phase,
          agenda: await this.streams.agendaOf(proposalIds),
          rules,
          electorate,
          openedAt: accepted.acceptedAt,
        },
      }),
    );
    crashPoint('open-vote/after-open');
    // Reserve the subjects for the vote (the workflow the process manager would otherwise finish),
    // so the receipt covers every effect and a refusal is answered, not just recorded.
    const done = await this.workflows.complete(outcome.streamName, accepted.commandId, outcome.position);
    if (done.refusal !== null) throw done.refusal;
    // A retry of an opening that was refused (and so cancelled) is refused again, not answered as a success.
    const vote = await this.runner.load(conventionVoteDecider, conventionVoteStream(voteId));
    if (vote.status === 'cancelled') throw new ConventionVoteCancelledError(voteId, await this.cancelReason(voteId));
    return { voteId, outcome: { ...outcome, position: done.position } };
  }

  private async cancelReason(voteId: string): Promise<string> {
    const [last] = await this.store.readStream(conventionVoteStream(voteId), { direction: 'backwards', maxCount: 1 });
    return last?.type === 'ConventionVoteCancelled' ? (last.data as { reason: string }).reason : 'cancelled';
  }

  /**
   * The subjects can be reserved for this vote as they stand now: asked of their deciders without
   * appending, so that the usual refusals (an amendment in conflict, a proposal held for a vote on
   * one of its amendments) append nothing. Only a change racing this command can still make the
   * reservation fail, and then the vote is cancelled.
   */
  private async requireReservable(subject: ConventionVoteSubject, voteId: string, at: string): Promise<void> {
    if (subject.kind === 'amendment') {
      const amendment = await loadAmendment(this.runner, subject.amendmentId);
      if (amendment.parentAmendmentId === null) {
        const proposal = await this.runner.load(proposalDecider, proposalStream(subject.proposalId));
        proposalDecider.decide(
          {
            type: 'HoldProposalForAmendmentVote',
            data: { proposalId: subject.proposalId, amendment: amendmentFacts(amendment), voteId, heldAt: at },
          },
          proposal,
        );
      } else {
        const parent = await loadAmendment(this.runner, amendment.parentAmendmentId);
        amendmentDecider.decide(
          {
            type: 'HoldAmendmentForSecondaryVote',
            data: { amendmentId: parent.amendmentId, secondary: amendmentFacts(amendment), voteId, heldAt: at },
          },
          parent,
        );
      }
      amendmentDecider.decide(
        { type: 'PutAmendmentToVote', data: { amendmentId: subject.amendmentId, voteId, putAt: at } },
        amendment,
      );
      return;
    }
    const proposalIds = subject.kind === 'proposal' ? [subject.proposalId] : subject.proposalIds;
    for (const proposalId of proposalIds) {
      const proposal = await this.runner.load(proposalDecider, proposalStream(proposalId));
      proposalDecider.decide({ type: 'PutProposalToVote', data: { proposalId, voteId, putAt: at } }, proposal);
    }
  }

  /**
   * A proposal the charter could not take in if adopted (a rule changed or repealed since it was
   * drafted, an id already taken) is refused before the vote rather than after it: the charter is
   * asked, without appending, whether it would enact each one as it stands now.
   */
  private async requireEnactable(proposalIds: readonly string[], voteId: string, at: string): Promise<void> {
    const charter = await this.runner.load(charterDecider, charterStream());
    for (const proposalId of proposalIds) {
      const proposal = await this.runner.load(proposalDecider, proposalStream(proposalId));
      if (proposal.status !== 'open') continue;
      requireDraftOnRuleInForce(charter, proposal.motion);
      charterDecider.decide(
        {
          type: 'EnactAdoptedProposal',
          data: { proposal: { ...adoptedProposalFacts(proposal), status: 'adopted', voteId }, enactedAt: at },
        },
        charter,
      );
    }
  }
}
