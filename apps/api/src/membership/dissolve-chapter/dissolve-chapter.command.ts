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

export class DissolveChapterCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly chapterId: string,
    readonly successorChapterId: string | null,
  ) {}
}

/**
 * Closes a chapter for a sitting committee member; its members move to the successor, or stay
 * enrolled in no chapter when there is none.
 */
@CommandHandler(DissolveChapterCommand)
export class DissolveChapterHandler implements ICommandHandler<DissolveChapterCommand, ChapterClosureResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
    private readonly readModel: MembershipReadModel,
  ) {}

  async execute({
    accepted,
    actor,
    chapterId,
    successorChapterId,
  }: DissolveChapterCommand): Promise<ChapterClosureResult> {
    const { memberId } = await requireSittingCommitteeMember(this.runner, committeeActorOf(actor));
    const outcome = await this.runner.run(
      chapterDecider,
      chapterStream(chapterId),
      accepted.envelope({
        type: 'DissolveChapter',
        data: {
          chapterId,
          successorChapterId,
          successor: successorChapterId === null ? null : await otherChapterFacts(this.runner, successorChapterId),
          dissolvedBy: memberId,
          dissolvedAt: accepted.acceptedAt,
        },
      }),
    );
    return moveMembersAfterClosure(this.runner, this.readModels, this.readModel, accepted, chapterId, outcome);
  }
}
