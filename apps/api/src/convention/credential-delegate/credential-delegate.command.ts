import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '../../../../../libs/core/src';
import { delegateElectionDecider } from '../../../../../libs/convention/src';
import { CommandRunner } from '../../../../../libs/event-store/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { conventionActorId, loadElectionFacts } from '../convention-facts';
import { DelegateElectionResult } from '../nominate-delegate/nominate-delegate.command';

export class CredentialDelegateCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly conventionId: string,
    readonly chapterId: string,
    readonly memberId: string,
  ) {}
}

/** A secretariat member confirms that a seated delegate may vote. */
@CommandHandler(CredentialDelegateCommand)
export class CredentialDelegateHandler implements ICommandHandler<CredentialDelegateCommand, DelegateElectionResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, actor, conventionId, chapterId, memberId }: CredentialDelegateCommand) {
    const { electionId, stream, context } = await loadElectionFacts(this.runner, conventionId, chapterId);
    const outcome = await this.runner.run(
      delegateElectionDecider,
      stream,
      accepted.envelope({
        type: 'CredentialDelegate',
        data: {
          electionId,
          context,
          memberId,
          credentialedBy: conventionActorId(actor),
          credentialedAt: accepted.acceptedAt,
        },
      }),
    );
    return { electionId, outcome };
  }
}
