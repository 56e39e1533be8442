import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { MemberEvent, memberDecider, memberStream } from '../../../../../libs/membership/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { followClosures } from '../chapter-membership';
import { chapterFacts } from '../membership-facts';

export class JoinChapterCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly chapterId: string,
  ) {}
}

/** Joins an active chapter; if it was closed while the join was being decided, follows the closure. */
@CommandHandler(JoinChapterCommand)
export class JoinChapterHandler implements ICommandHandler<JoinChapterCommand, CommandOutcome<MemberEvent>> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, memberId, chapterId }: JoinChapterCommand): Promise<CommandOutcome<MemberEvent>> {
    const outcome = await this.runner.run(
      memberDecider,
      memberStream(memberId),
      accepted.envelope({
        type: 'JoinChapter',
        data: {
          memberId,
          chapterId,
          chapter: await chapterFacts(this.runner, chapterId),
          joinedAt: accepted.acceptedAt,
        },
      }),
    );
    const followed = await followClosures(this.runner, accepted, memberId);
    return followed > outcome.position ? { ...outcome, position: followed } : outcome;
  }
}
