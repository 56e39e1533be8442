import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { MemberEvent, memberDecider, memberStream } from '../../../../../libs/membership/src';
import { AcceptedCommand } from '../../commands/command-envelope';

export class ChangeMemberRegionCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly region: string | null,
  ) {}
}

@CommandHandler(ChangeMemberRegionCommand)
export class ChangeMemberRegionHandler implements ICommandHandler<
  ChangeMemberRegionCommand,
  CommandOutcome<MemberEvent>
> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ accepted, memberId, region }: ChangeMemberRegionCommand): Promise<CommandOutcome<MemberEvent>> {
    return this.runner.run(
      memberDecider,
      memberStream(memberId),
      accepted.envelope({ type: 'ChangeMemberRegion', data: { memberId, region, changedAt: accepted.acceptedAt } }),
    );
  }
}
