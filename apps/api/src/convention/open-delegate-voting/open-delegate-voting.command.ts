import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '../../../../../libs/core/src';
import { delegateElectionDecider } from '../../../../../libs/convention/src';
import { CommandRunner } from '../../../../../libs/event-store/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { conventionActorId, loadElectionFacts } from '../convention-facts';
import { DelegateElectionResult } from '../nominate-delegate/nominate-delegate.command';

export class OpenDelegateVotingCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly conventionId: string,
    readonly chapterId: string,
  ) {}
}

/** A secretariat member closes nominations and opens voting in one chapter. */
@CommandHandler(OpenDelegateVotingCommand)
export class OpenDelegateVotingHandler implements ICommandHandler<OpenDelegateVotingCommand, DelegateElectionResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, actor, conventionId, chapterId }: OpenDelegateVotingCommand) {
    const { electionId, stream, context } = await loadElectionFacts(this.runner, conventionId, chapterId);
    const outcome = await this.runner.run(
      delegateElectionDecider,
      stream,
      accepted.envelope({
        type: 'OpenDelegateVoting',
        data: { electionId, context, openedBy: conventionActorId(actor), openedAt: accepted.acceptedAt },
      }),
    );
    return { electionId, outcome };
  }
}
