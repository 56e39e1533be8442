import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../../../libs/event-store/src';
import { amendmentDecider, amendmentStream } from '../../../../../libs/proposals/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { AmendmentCommandResult } from '../propose-amendment/propose-amendment.command';

export class WithdrawAmendmentCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly amendmentId: string,
  ) {}
}

/** The author withdraws a pending amendment. */
@CommandHandler(WithdrawAmendmentCommand)
export class WithdrawAmendmentHandler implements ICommandHandler<WithdrawAmendmentCommand, AmendmentCommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, memberId, amendmentId }: WithdrawAmendmentCommand): Promise<AmendmentCommandResult> {
    const outcome = await this.runner.run(
      amendmentDecider,
      amendmentStream(amendmentId),
      accepted.envelope({
        type: 'WithdrawAmendment',
        data: { amendmentId, memberId, withdrawnAt: accepted.acceptedAt },
      }),
    );
    return { amendmentId, outcome };
  }
}
