import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { MemberEvent, memberDecider, memberStream } from '../../../../../libs/membership/src';
import { AcceptedCommand } from '../../commands/command-envelope';

export class LeaveChapterCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
  ) {}
}

@CommandHandler(LeaveChapterCommand)
export class LeaveChapterHandler implements ICommandHandler<LeaveChapterCommand, CommandOutcome<MemberEvent>> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ accepted, memberId }: LeaveChapterCommand): Promise<CommandOutcome<MemberEvent>> {
    return this.runner.run(
      memberDecider,
      memberStream(memberId),
      accepted.envelope({ type: 'LeaveChapter', data: { memberId, leftAt: accepted.acceptedAt } }),
    );
  }
}
