import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../../../libs/event-store/src';
import {
  amendmentDecider,
  amendmentFacts,
  amendmentStream,
  proposalDecider,
  proposalStream,
} from '../../../../../libs/proposals/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { loadFloorConvention, stepEnvelope } from '../floor-facts';
import { FloorStreams, loadAmendment, loadProposal } from '../floor-streams';
import { ProposalCommandResult } from '../submit-proposal/submit-proposal.command';

export class AcceptFriendlyAmendmentCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly amendmentId: string,
  ) {}
}

/**
 * The sponsor takes a primary amendment in without a vote, where the rules allow. Three streams
 * change in turn: the proposal gets a new version, the amendment is marked accepted, and the
 * other amendments drafted on the old version fall into conflict. The later steps derive their
 * ids from the command id, so a retry after a crash between them completes the acceptance.
 */
@CommandHandler(AcceptFriendlyAmendmentCommand)
export class AcceptFriendlyAmendmentHandler implements ICommandHandler<
  AcceptFriendlyAmendmentCommand,
  ProposalCommandResult
> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly streams: FloorStreams,
  ) {}

  async execute({ accepted, memberId, amendmentId }: AcceptFriendlyAmendmentCommand): Promise<ProposalCommandResult> {
    const amendment = await loadAmendment(this.runner, amendmentId);
    const { proposalId } = amendment;
    const proposal = await loadProposal(this.runner, proposalId);
    const floor = await loadFloorConvention(this.runner, proposal.conventionId);
    const outcome = await this.runner.run(
      proposalDecider,
      proposalStream(proposalId),
      accepted.envelope({
        type: 'AcceptFriendlyAmendment',
        data: {
          proposalId,
          memberId,
          amendment: amendmentFacts(amendment),
          rules: floor.amendments,
          acceptedAt: accepted.acceptedAt,
        },
      }),
    );
    const accepting = outcome.events.find((event) => event.type === 'ProposalFriendlyAmendmentAccepted');
    if (accepting !== undefined && accepting.type === 'ProposalFriendlyAmendmentAccepted') {
      await this.runner.run(
        amendmentDecider,
        amendmentStream(amendmentId),
        stepEnvelope(accepted, 'accepted-as-friendly', {
          type: 'MarkAmendmentAcceptedAsFriendly' as const,
          data: {
            amendmentId,
            acceptedBy: memberId,
            proposalVersion: accepting.data.version,
            acceptedAt: accepted.acceptedAt,
          },
        }),
      );
      await this.streams.markConflicts(accepted, proposalId);
    }
    return { proposalId, outcome };
  }
}
