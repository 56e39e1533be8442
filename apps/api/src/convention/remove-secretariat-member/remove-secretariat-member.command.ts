import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '../../../../../libs/core/src';
import { ConventionEvent, conventionDecider, conventionStream } from '../../../../../libs/convention/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { committeeActorOf, requireSittingCommitteeMember } from '../../organization/committee-authority';

export class RemoveSecretariatMemberCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly conventionId: string,
    readonly memberId: string,
  ) {}
}

/** Removes a member from the secretariat; only a sitting committee member may. */
@CommandHandler(RemoveSecretariatMemberCommand)
export class RemoveSecretariatMemberHandler implements ICommandHandler<
  RemoveSecretariatMemberCommand,
  CommandOutcome<ConventionEvent>
> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({
    accepted,
    actor,
    conventionId,
    memberId,
  }: RemoveSecretariatMemberCommand): Promise<CommandOutcome<ConventionEvent>> {
    const committee = await requireSittingCommitteeMember(this.runner, committeeActorOf(actor));
    return this.runner.run(
      conventionDecider,
      conventionStream(),
      accepted.envelope({
        type: 'RemoveSecretariatMember',
        data: { conventionId, memberId, removedBy: committee.memberId, removedAt: accepted.acceptedAt },
      }),
    );
  }
}
