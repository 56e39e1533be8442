import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import { ChapterEvent, chapterDecider, chapterStream } from '../../../../../libs/membership/src';
import { ProcessManagerRunner } from '../../../../../libs/projections/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { EVENT_STORE } from '../../infrastructure/tokens';
import { loadInterimRules } from '../../organization/interim-rules';
import { completeFoundingIfStarted } from '../chapter-founding';
import { joinFounders } from '../chapter-membership';
import { founderFacts } from '../membership-facts';

export class SignChapterFoundingCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly chapterId: string,
  ) {}
}

/**
 * Adds the signed-in member to a forming chapter's founders. The signature that reaches the
 * minimum starts the founding's completion, which the founding workflow carries out at once:
 * each founder held on their own stream, the chapter founded with those held, each joining it.
 */
@CommandHandler(SignChapterFoundingCommand)
export class SignChapterFoundingHandler implements ICommandHandler<
  SignChapterFoundingCommand,
  CommandOutcome<ChapterEvent>
> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly workflows: ProcessManagerRunner,
  ) {}

  async execute({ accepted, memberId, chapterId }: SignChapterFoundingCommand): Promise<CommandOutcome<ChapterEvent>> {
    const chapter = await this.runner.load(chapterDecider, chapterStream(chapterId));
    const unavailableFounderIds: string[] = [];
    for (const founderId of chapter.status === 'forming' ? chapter.founderIds : []) {
      const facts = await founderFacts(this.runner, founderId);
      if (facts === null || facts.status === 'resigned' || facts.chapterId !== null)
        unavailableFounderIds.push(founderId);
    }
    const outcome = await this.runner.run(
      chapterDecider,
      chapterStream(chapterId),
      accepted.envelope({
        type: 'SignChapterFounding',
        data: {
          chapterId,
          founderId: memberId,
          founder: await founderFacts(this.runner, memberId),
          foundersMinimum: (await loadInterimRules(this.runner)).minimumChapterFounders,
          unavailableFounderIds,
          signedAt: accepted.acceptedAt,
        },
      }),
    );
    const completed = await completeFoundingIfStarted(this.store, this.workflows, accepted, outcome);
    // Foundings recorded before founders were held carry ChapterFounded in the command itself.
    const position = await joinFounders(this.runner, accepted, outcome.events, completed.position);
    return { ...completed, position };
  }
}
