import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { delegateElectionDecider } from '../../../../../libs/convention/src';
import { CommandRunner } from '../../../../../libs/event-store/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { loadElectionFacts } from '../convention-facts';
import { DelegateElectionResult } from '../nominate-delegate/nominate-delegate.command';

export class WithdrawAsDelegateCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly conventionId: string,
    readonly chapterId: string,
  ) {}
}

/** A delegate or alternate (the token's member) withdraws; the next alternate takes a vacated seat. */
@CommandHandler(WithdrawAsDelegateCommand)
export class WithdrawAsDelegateHandler implements ICommandHandler<WithdrawAsDelegateCommand, DelegateElectionResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, memberId, conventionId, chapterId }: WithdrawAsDelegateCommand) {
    const { electionId, stream, context } = await loadElectionFacts(this.runner, conventionId, chapterId);
    const outcome = await this.runner.run(
      delegateElectionDecider,
      stream,
      accepted.envelope({
        type: 'WithdrawAsDelegate',
        data: { electionId, context, memberId, withdrewAt: accepted.acceptedAt },
      }),
    );
    return { electionId, outcome };
  }
}
