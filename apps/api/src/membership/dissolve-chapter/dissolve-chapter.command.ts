import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '../../../../../libs/core/src';
import { CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import { ProcessManagerRunner } from '../../../../../libs/projections/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { EVENT_STORE } from '../../infrastructure/tokens';
import { committeeActorOf, requireSittingCommitteeMember } from '../../organization/committee-authority';
import { ChapterClosureResult, closeChapter } from '../chapter-closure';

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
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly workflows: ProcessManagerRunner,
  ) {}

  async execute({
    accepted,
    actor,
    chapterId,
    successorChapterId,
  }: DissolveChapterCommand): Promise<ChapterClosureResult> {
    const { memberId } = await requireSittingCommitteeMember(this.runner, committeeActorOf(actor));
    return closeChapter(this.runner, this.store, this.workflows, accepted, {
      chapterId,
      closure: { kind: 'dissolution', successorChapterId },
      closedBy: memberId,
    });
  }
}
