import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, entityIdFor } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner } from '../../../../../libs/event-store/src';
import {
  ChapterEvent,
  ChapterPlace,
  chapterDecider,
  chapterNameScope,
  chapterStream,
  nameClaimDecider,
  nameClaimStream,
} from '../../../../../libs/membership/src';
import { AcceptedCommand } from '../../commands/command-envelope';

export class FoundChapterCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly name: string,
    readonly kind: 'local' | 'online',
    readonly region: string | null,
  ) {}
}

export interface FoundChapterResult {
  readonly chapterId: string;
  readonly outcome: CommandOutcome<ChapterEvent>;
}

const claimChapterName = nameClaimDecider(chapterNameScope);

function placeOf(kind: 'local' | 'online', region: string | null): ChapterPlace {
  if (kind === 'online') {
    if (region !== null) {
      throw new InvalidInputError([{ field: 'region', message: 'An online chapter has no region; leave it out' }]);
    }
    return { kind: 'online' };
  }
  if (region === null) throw new InvalidInputError([{ field: 'region', message: 'A local chapter needs a region' }]);
  return { kind: 'local', region };
}

/** Claims the chapter name, then founds the chapter (same two-step shape as enrolment). */
@CommandHandler(FoundChapterCommand)
export class FoundChapterHandler implements ICommandHandler<FoundChapterCommand, FoundChapterResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ accepted, name, kind, region }: FoundChapterCommand): Promise<FoundChapterResult> {
    const chapterId = entityIdFor('chapter', accepted.commandId);
    const place = placeOf(kind, region);
    // Validate the whole command before reserving the name, so a rejected founding reserves nothing.
    chapterDecider.decide(
      { type: 'FoundChapter', data: { chapterId, name, place, foundedAt: accepted.acceptedAt } },
      chapterDecider.initialState(),
    );
    await this.runner.run(
      claimChapterName,
      nameClaimStream(chapterNameScope, name),
      accepted.envelope(
        { type: 'ClaimName', data: { name, ownerId: chapterId, claimedAt: accepted.acceptedAt } },
        { expectedRevision: undefined },
      ),
    );
    const outcome = await this.runner.run(
      chapterDecider,
      chapterStream(chapterId),
      accepted.envelope({ type: 'FoundChapter', data: { chapterId, name, place, foundedAt: accepted.acceptedAt } }),
    );
    return { chapterId, outcome };
  }
}
