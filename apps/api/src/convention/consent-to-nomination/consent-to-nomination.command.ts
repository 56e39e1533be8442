import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { delegateElectionDecider } from '../../../../../libs/convention/src';
import { CommandRunner } from '../../../../../libs/event-store/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { loadElectionFacts } from '../convention-facts';
import { DelegateElectionResult } from '../nominate-delegate/nominate-delegate.command';

export class ConsentToNominationCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly candidateId: string,
    readonly conventionId: string,
    readonly chapterId: string,
  ) {}
}

/** The nominee (the token's member, nobody else) consents to stand. */
@CommandHandler(ConsentToNominationCommand)
export class ConsentToNominationHandler implements ICommandHandler<ConsentToNominationCommand, DelegateElectionResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, candidateId, conventionId, chapterId }: ConsentToNominationCommand) {
    const { electionId, stream, context } = await loadElectionFacts(this.runner, conventionId, chapterId);
    const outcome = await this.runner.run(
      delegateElectionDecider,
      stream,
      accepted.envelope({
        type: 'ConsentToNomination',
        data: { electionId, context, candidateId, consentedAt: accepted.acceptedAt },
      }),
    );
    return { electionId, outcome };
  }
}
