import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '../../../../../libs/core/src';
import { CommandRunner } from '../../../../../libs/event-store/src';
import { chapterDecider, chapterStream } from '../../../../../libs/membership/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { ReadModels } from '../../infrastructure/read-models.service';
import { committeeActorOf, requireSittingCommitteeMember } from '../../organization/committee-authority';
import { ChapterClosureResult, moveMembersAfterClosure } from '../chapter-closure';
import { MembershipReadModel } from '../membership.read-model';
import { otherChapterFacts } from '../membership-facts';

export class MergeChaptersCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly chapterId: string,
    readonly intoChapterId: string,
  ) {}
}

/** Closes a chapter by merging it into another, for a sitting committee member; its members move along. */
@CommandHandler(MergeChaptersCommand)
export class MergeChaptersHandler implements ICommandHandler<MergeChaptersCommand, ChapterClosureResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
    private readonly readModel: MembershipReadModel,
  ) {}

  async execute({ accepted, actor, chapterId, intoChapterId }: MergeChaptersCommand): Promise<ChapterClosureResult> {
    const { memberId } = await requireSittingCommitteeMember(this.runner, committeeActorOf(actor));
    const outcome = await this.runner.run(
      chapterDecider,
      chapterStream(chapterId),
      accepted.envelope({
        type: 'MergeChapter',
        data: {
          chapterId,
          intoChapterId,
          into: await otherChapterFacts(this.runner, intoChapterId),
          mergedBy: memberId,
          mergedAt: accepted.acceptedAt,
        },
      }),
    );
    return moveMembersAfterClosure(this.runner, this.readModels, this.readModel, accepted, chapterId, outcome);
  }
}
