import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../../../libs/event-store/src';
import { proposalDecider, proposalStream } from '../../../../../libs/proposals/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { FloorDelegates, loadFloorConvention } from '../floor-facts';
import { loadProposal } from '../floor-streams';
import { ProposalCommandResult } from '../submit-proposal/submit-proposal.command';

export class SecondProposalCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly proposalId: string,
  ) {}
}

/** A credentialed delegate other than the sponsor seconds an open proposal. */
@CommandHandler(SecondProposalCommand)
export class SecondProposalHandler implements ICommandHandler<SecondProposalCommand, ProposalCommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly delegates: FloorDelegates,
  ) {}

  async execute({ accepted, memberId, proposalId }: SecondProposalCommand): Promise<ProposalCommandResult> {
    const proposal = await loadProposal(this.runner, proposalId);
    const floor = await loadFloorConvention(this.runner, proposal.conventionId);
    const outcome = await this.runner.run(
      proposalDecider,
      proposalStream(proposalId),
      accepted.envelope({
        type: 'SecondProposal',
        data: {
          proposalId,
          seconder: await this.delegates.delegateFacts(floor, memberId),
          secondedAt: accepted.acceptedAt,
        },
      }),
    );
    return { proposalId, outcome };
  }
}
