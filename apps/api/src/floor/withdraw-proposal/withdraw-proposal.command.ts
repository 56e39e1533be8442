import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../../../libs/event-store/src';
import { proposalDecider, proposalStream } from '../../../../../libs/proposals/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { ProposalCommandResult } from '../submit-proposal/submit-proposal.command';

export class WithdrawProposalCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly proposalId: string,
  ) {}
}

/** The sponsor withdraws a proposal before it is put to a vote. */
@CommandHandler(WithdrawProposalCommand)
export class WithdrawProposalHandler implements ICommandHandler<WithdrawProposalCommand, ProposalCommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, memberId, proposalId }: WithdrawProposalCommand): Promise<ProposalCommandResult> {
    const outcome = await this.runner.run(
      proposalDecider,
      proposalStream(proposalId),
      accepted.envelope({
        type: 'WithdrawProposal',
        data: { proposalId, memberId, withdrawnAt: accepted.acceptedAt },
      }),
    );
    return { proposalId, outcome };
  }
}
