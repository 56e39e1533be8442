import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '../../../../../libs/core/src';
import { CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import { ProcessManagerRunner } from '../../../../../libs/projections/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { EVENT_STORE } from '../../infrastructure/tokens';
import { committeeActorOf, requireSittingCommitteeMember } from '../../organization/committee-authority';
import { ChapterClosureResult, closeChapter } from '../chapter-closure';

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
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly workflows: ProcessManagerRunner,
  ) {}

  async execute({ accepted, actor, chapterId, intoChapterId }: MergeChaptersCommand): Promise<ChapterClosureResult> {
    const { memberId } = await requireSittingCommitteeMember(this.runner, committeeActorOf(actor));
    return closeChapter(this.runner, this.store, this.workflows, accepted, {
      chapterId,
      closure: { kind: 'merger', intoChapterId },
      closedBy: memberId,
    });
  }
}
