import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import {
  CommitteeActor,
  CommitteeEvent,
  committeeDecider,
  committeeStream,
} from '../../../../../libs/organization/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { refuseResignedCommitteeActor } from '../committee-authority';

export class RetireCommitteeMemberCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: CommitteeActor,
    readonly memberId: string,
  ) {}
}

@CommandHandler(RetireCommitteeMemberCommand)
export class RetireCommitteeMemberHandler implements ICommandHandler<
  RetireCommitteeMemberCommand,
  CommandOutcome<CommitteeEvent>
> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, actor, memberId }: RetireCommitteeMemberCommand): Promise<CommandOutcome<CommitteeEvent>> {
    await refuseResignedCommitteeActor(this.runner, actor);
    return this.runner.run(
      committeeDecider,
      committeeStream(),
      accepted.envelope({
        type: 'RetireCommitteeMember',
        data: { memberId, retiredBy: actor, retiredAt: accepted.acceptedAt },
      }),
    );
  }
}
