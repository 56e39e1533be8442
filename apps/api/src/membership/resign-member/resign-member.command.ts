import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { MemberEvent, memberDecider, memberStream } from '../../../../../libs/membership/src';
import { AcceptedCommand } from '../../commands/command-envelope';

export class ResignMemberCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
  ) {}
}

/** The member leaves the organization (and their chapter); their pseudonym stays claimed. */
@CommandHandler(ResignMemberCommand)
export class ResignMemberHandler implements ICommandHandler<ResignMemberCommand, CommandOutcome<MemberEvent>> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ accepted, memberId }: ResignMemberCommand): Promise<CommandOutcome<MemberEvent>> {
    return this.runner.run(
      memberDecider,
      memberStream(memberId),
      accepted.envelope({ type: 'ResignMember', data: { memberId, resignedAt: accepted.acceptedAt } }),
    );
  }
}
