import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import { ChapterEvent, chapterDecider, chapterStream } from '../../../../../libs/membership/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { loadInterimRules } from '../../organization/interim-rules';
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
 * minimum founds the chapter, and then every founder joins it: the chapter's stream first, then
 * each founder's own; a retry with the same command id completes what a crash left undone.
 */
@CommandHandler(SignChapterFoundingCommand)
export class SignChapterFoundingHandler implements ICommandHandler<
  SignChapterFoundingCommand,
  CommandOutcome<ChapterEvent>
> {
  constructor(private readonly runner: CommandRunner) {}

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
    const position = await joinFounders(this.runner, accepted, outcome.events, outcome.position);
    return { ...outcome, position };
  }
}
