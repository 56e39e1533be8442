import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { MemberEvent, memberDecider, memberStream } from '../../../../../libs/membership/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { followClosures } from '../chapter-membership';
import { chapterFacts } from '../membership-facts';

export class TransferChapterCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly chapterId: string,
  ) {}
}

/** Moves the member from their chapter to another active one in a single event. */
@CommandHandler(TransferChapterCommand)
export class TransferChapterHandler implements ICommandHandler<TransferChapterCommand, CommandOutcome<MemberEvent>> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, memberId, chapterId }: TransferChapterCommand): Promise<CommandOutcome<MemberEvent>> {
    const outcome = await this.runner.run(
      memberDecider,
      memberStream(memberId),
      accepted.envelope({
        type: 'TransferChapter',
        data: {
          memberId,
          chapterId,
          chapter: await chapterFacts(this.runner, chapterId),
          transferredAt: accepted.acceptedAt,
        },
      }),
    );
    const followed = await followClosures(this.runner, accepted, memberId);
    return followed > outcome.position ? { ...outcome, position: followed } : outcome;
  }
}
