import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, entityIdFor } from '../../../../../libs/core/src';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import {
  ChapterEvent,
  ChapterPlace,
  FoundChapter,
  chapterDecider,
  chapterNameScope,
  chapterStream,
  nameClaimDecider,
  nameClaimStream,
} from '../../../../../libs/membership/src';
import { branchDecider, branchStream } from '../../../../../libs/organization/src';
import { ProcessManagerRunner } from '../../../../../libs/projections/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { EVENT_STORE } from '../../infrastructure/tokens';
import { loadInterimRules } from '../../organization/interim-rules';
import { completeFoundingIfStarted } from '../chapter-founding';
import { joinFounders } from '../chapter-membership';
import { refuseStaleExpectedRevision } from '../expected-revision';
import { founderFacts } from '../membership-facts';

export class FoundChapterCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly name: string,
    readonly kind: 'local' | 'online',
    readonly region: string | null,
    readonly branchId: string | null,
  ) {}
}

export interface FoundChapterResult {
  readonly chapterId: string;
  /** The chapter stream's outcome, its position moved on to cover the founders' joins. */
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

/**
 * Starts founding a chapter with the signed-in member as its first founder: claims the name, then
 * writes the chapter (same two-step shape as enrolment). With a founders minimum of one the
 * founding workflow completes it at once and the founder joins it.
 */
@CommandHandler(FoundChapterCommand)
export class FoundChapterHandler implements ICommandHandler<FoundChapterCommand, FoundChapterResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly workflows: ProcessManagerRunner,
  ) {}

  async execute({
    accepted,
    memberId,
    name,
    kind,
    region,
    branchId,
  }: FoundChapterCommand): Promise<FoundChapterResult> {
    const chapterId = entityIdFor('chapter', accepted.commandId);
    const place = placeOf(kind, region);
    const branch = branchId === null ? null : await this.runner.load(branchDecider, branchStream(branchId));
    const command: FoundChapter = {
      type: 'FoundChapter',
      data: {
        chapterId,
        name,
        place,
        branchId,
        branchExists: branch !== null && branch.status === 'founded',
        founderId: memberId,
        founder: await founderFacts(this.runner, memberId),
        foundersMinimum: (await loadInterimRules(this.runner)).minimumChapterFounders,
        startedAt: accepted.acceptedAt,
      },
    };
    // Validate the whole command before reserving the name, so a rejected founding reserves
    // nothing. A retry of a founding that already happened skips this and replays below.
    const existing = await this.runner.load(chapterDecider, chapterStream(chapterId));
    if (existing.status === 'unknown') {
      chapterDecider.decide(command, existing);
      await refuseStaleExpectedRevision(this.store, chapterStream(chapterId), accepted.expectedRevision);
    }
    await this.runner.run(
      claimChapterName,
      nameClaimStream(chapterNameScope, name),
      accepted.envelope(
        { type: 'ClaimName', data: { name, ownerId: chapterId, claimedAt: accepted.acceptedAt } },
        { expectedRevision: undefined },
      ),
    );
    const outcome = await this.runner.run(chapterDecider, chapterStream(chapterId), accepted.envelope(command));
    const completed = await completeFoundingIfStarted(this.store, this.workflows, accepted, outcome);
    const position = await joinFounders(this.runner, accepted, outcome.events, completed.position);
    return { chapterId, outcome: { ...completed, position } };
  }
}
