import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { delegateElectionDecider } from '../../../../../libs/convention/src';
import { CommandRunner } from '../../../../../libs/event-store/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { loadElectionFacts } from '../convention-facts';
import { DelegateElectionResult } from '../nominate-delegate/nominate-delegate.command';

export class DeclineNominationCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly candidateId: string,
    readonly conventionId: string,
    readonly chapterId: string,
  ) {}
}

/** The nominee declines (or, before voting opens, withdraws a consent). */
@CommandHandler(DeclineNominationCommand)
export class DeclineNominationHandler implements ICommandHandler<DeclineNominationCommand, DelegateElectionResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, candidateId, conventionId, chapterId }: DeclineNominationCommand) {
    const { electionId, stream, context } = await loadElectionFacts(this.runner, conventionId, chapterId);
    const outcome = await this.runner.run(
      delegateElectionDecider,
      stream,
      accepted.envelope({
        type: 'DeclineNomination',
        data: { electionId, context, candidateId, declinedAt: accepted.acceptedAt },
      }),
    );
    return { electionId, outcome };
  }
}
