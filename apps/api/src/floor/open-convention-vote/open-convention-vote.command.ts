import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, entityIdFor } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import {
  ConventionVoteEvent,
  ConventionVoteSubject,
  VoteRules,
  adoptedProposalFacts,
  amendmentDecider,
  charterDecider,
  charterStream,
  amendmentStream,
  conventionVoteDecider,
  conventionVoteStream,
  proposalDecider,
  proposalStream,
  voteRulesFor,
} from '../../../../../libs/proposals/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { FloorDelegates, loadFloorConvention, secretariatFacts, stepEnvelope } from '../floor-facts';
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
 * The secretariat opens a vote when the agenda allows: the vote first, then its subjects are
 * marked as being voted on (which freezes them). The marks are steps whose ids derive from the
 * command id, so a retry of the same command completes an opening a crash interrupted.
 */
@CommandHandler(OpenConventionVoteCommand)
export class OpenConventionVoteHandler implements ICommandHandler<OpenConventionVoteCommand, ConventionVoteResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly delegates: FloorDelegates,
    private readonly streams: FloorStreams,
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
    if (subject.kind === 'amendment') {
      const { amendmentId } = subject;
      await this.runner.run(
        amendmentDecider,
        amendmentStream(amendmentId),
        stepEnvelope(accepted, `put-to-vote/${amendmentId}`, {
          type: 'PutAmendmentToVote' as const,
          data: { amendmentId, voteId, putAt: accepted.acceptedAt },
        }),
      );
    } else {
      for (const proposalId of proposalIds) {
        await this.runner.run(
          proposalDecider,
          proposalStream(proposalId),
          stepEnvelope(accepted, `put-to-vote/${proposalId}`, {
            type: 'PutProposalToVote' as const,
            data: { proposalId, voteId, putAt: accepted.acceptedAt },
          }),
        );
      }
    }
    return { voteId, outcome };
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
