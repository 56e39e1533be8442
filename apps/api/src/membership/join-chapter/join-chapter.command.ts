import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import {
  MemberEvent,
  chapterDecider,
  chapterStream,
  memberDecider,
  memberStream,
} from '../../../../../libs/membership/src';
import { AcceptedCommand } from '../../commands/command-envelope';

export class JoinChapterCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly chapterId: string,
  ) {}
}

@CommandHandler(JoinChapterCommand)
export class JoinChapterHandler implements ICommandHandler<JoinChapterCommand, CommandOutcome<MemberEvent>> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, memberId, chapterId }: JoinChapterCommand): Promise<CommandOutcome<MemberEvent>> {
    const chapter = await this.runner.load(chapterDecider, chapterStream(chapterId));
    return this.runner.run(
      memberDecider,
      memberStream(memberId),
      accepted.envelope({
        type: 'JoinChapter',
        data: {
          memberId,
          chapterId,
          chapter: chapter.status === 'founded' ? { chapterId, name: chapter.name } : null,
          joinedAt: accepted.acceptedAt,
        },
      }),
    );
  }
}
