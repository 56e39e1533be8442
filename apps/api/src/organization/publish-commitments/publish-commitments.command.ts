import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import {
  CommitmentsEvent,
  CommitteeActor,
  commitmentsDecider,
  commitmentsStream,
} from '../../../../../libs/organization/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { requireCommitteeAuthority } from '../committee-authority';

export class PublishCommitmentsCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: CommitteeActor,
    readonly principles: string[],
  ) {}
}

/** Publishes the next version of the commitments, for the committee (or an operator before it exists). */
@CommandHandler(PublishCommitmentsCommand)
export class PublishCommitmentsHandler implements ICommandHandler<
  PublishCommitmentsCommand,
  CommandOutcome<CommitmentsEvent>
> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, actor, principles }: PublishCommitmentsCommand): Promise<CommandOutcome<CommitmentsEvent>> {
    await requireCommitteeAuthority(this.runner, actor);
    return this.runner.run(
      commitmentsDecider,
      commitmentsStream(),
      accepted.envelope({ type: 'PublishCommitments', data: { principles, publishedAt: accepted.acceptedAt } }),
    );
  }
}
