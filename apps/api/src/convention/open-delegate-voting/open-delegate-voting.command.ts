import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '../../../../../libs/core/src';
import { delegateElectionDecider, delegateSelectionKeyId } from '../../../../../libs/convention/src';
import { CommandRunner } from '../../../../../libs/event-store/src';
import { KeyVault } from '../../../../../libs/privacy/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { KEY_VAULT } from '../../infrastructure/tokens';
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

/**
 * A secretariat member closes nominations and opens voting in one chapter. The first opening of
 * a convention makes the delegate selection's secret key (ballots are keyed by it); it is
 * destroyed when the convention leaves DELEGATE_SELECTION.
 */
@CommandHandler(OpenDelegateVotingCommand)
export class OpenDelegateVotingHandler implements ICommandHandler<OpenDelegateVotingCommand, DelegateElectionResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
  ) {}

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
    if (outcome.events.length > 0 || outcome.replayed)
      await this.vault.createVoteKey(delegateSelectionKeyId(conventionId));
    return { electionId, outcome };
  }
}
