import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../../../libs/core/src';
import { CommandOutcome, CommandRunner, EventStore, RecordedEvent } from '../../../../libs/event-store/src';
import {
  ChapterEvent,
  ChapterFounded,
  ChapterFoundingCompletionStarted,
  MemberCommand,
  chapterDecider,
  chapterStream,
  memberDecider,
  memberStream,
} from '../../../../libs/membership/src';
import {
  ProcessManager,
  ProcessManagerRunner,
  WorkflowSteps,
  crashPoint,
  isTransient,
} from '../../../../libs/projections/src';
import { AcceptedCommand } from '../commands/command-envelope';
import { EVENT_STORE } from '../infrastructure/tokens';
import { followClosuresWith } from './chapter-membership';

function isRefusal(error: unknown): error is DomainError {
  return error instanceof DomainError && !isTransient(error) && error.category !== 'UNAVAILABLE';
}

/**
 * The founding workflow, started by the signature that reaches the founders minimum
 * (ChapterFoundingCompletionStarted): hold each founder on their own stream (refused when they
 * joined a chapter or another founding holds them), then found the chapter with the founders
 * held if they still reach the minimum, or record that it could not; finally every founder of
 * the founded chapter joins it, and any hold that did not end in a join is released. Two
 * foundings racing for one founder meet on that founder's stream: only one holds them. The
 * signing command runs this at once; the process manager runner runs it again from the log
 * after a crash, so a founder is never left held.
 */
@Injectable()
export class ChapterFoundingWorkflow implements ProcessManager {
  readonly name = 'chapter-founding';
  readonly triggers = ['ChapterFoundingCompletionStarted'];

  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async react(trigger: RecordedEvent, steps: WorkflowSteps): Promise<void> {
    const { chapterId, founderIds } = trigger.data as ChapterFoundingCompletionStarted['data'];
    const held: string[] = [];
    for (const memberId of founderIds) {
      try {
        await steps.run(memberDecider, memberStream(memberId), `hold/${memberId}`, {
          type: 'ReserveForFounding',
          data: { memberId, chapterId, reservedAt: steps.at },
        });
      } catch (error) {
        // A founder who is elsewhere now simply does not count; anything else is retried.
        if (!isRefusal(error)) throw error;
      }
      // Whether the hold stands now, not what the step once answered: a run after a crash may
      // replay a hold that the first run already released.
      const member = await this.runner.load(memberDecider, memberStream(memberId));
      if (member.status === 'enrolled' && member.chapterId === null && member.foundingReservation === chapterId) {
        held.push(memberId);
      }
    }
    crashPoint('chapter-founding/after-holds');
    await steps.run(chapterDecider, chapterStream(chapterId), 'complete', {
      type: 'CompleteChapterFounding',
      data: {
        chapterId,
        heldFounderIds: held,
        unavailableFounderIds: founderIds.filter((memberId) => !held.includes(memberId)),
        completedAt: steps.at,
      },
    });
    await this.settle(trigger, steps, founderIds);
  }

  /** A step was refused unexpectedly (the chapter vanished): free every founder it may hold. */
  async compensate(trigger: RecordedEvent, _refusal: DomainError, steps: WorkflowSteps): Promise<void> {
    const { chapterId, founderIds } = trigger.data as ChapterFoundingCompletionStarted['data'];
    for (const memberId of founderIds) await this.release(steps, chapterId, memberId);
  }

  /** Founders of the founded chapter join it; every other hold of this chapter is released. */
  private async settle(trigger: RecordedEvent, steps: WorkflowSteps, founderIds: readonly string[]): Promise<void> {
    const { chapterId } = trigger.data as ChapterFoundingCompletionStarted['data'];
    const founded = (await this.store.readStream(chapterStream(chapterId))).find(
      (event): event is RecordedEvent & { data: ChapterFounded['data'] } => event.type === 'ChapterFounded',
    );
    const joining = founded?.data.founderIds ?? [];
    for (const memberId of joining) {
      const run = (key: string, command: MemberCommand) =>
        steps.run(memberDecider, memberStream(memberId), `${key}/${memberId}`, command);
      await run('join', {
        type: 'JoinFoundedChapter',
        data: { memberId, chapterId, joinedAt: founded!.data.foundedAt },
      });
      // Founded, then closed before this founder's join: they follow the closure.
      await followClosuresWith(this.runner, memberId, steps.at, run);
    }
    for (const memberId of founderIds) if (!joining.includes(memberId)) await this.release(steps, chapterId, memberId);
  }

  private async release(steps: WorkflowSteps, chapterId: string, memberId: string): Promise<void> {
    await steps.run(memberDecider, memberStream(memberId), `release/${memberId}`, {
      type: 'ReleaseFoundingReservation',
      data: { memberId, chapterId, releasedAt: steps.at },
    });
  }
}

/**
 * After a founding or signing command: if its events started the founding's completion, runs
 * the founding workflow at once and answers with the chapter's founding among the events (when
 * it happened) and the position of the workflow's last effect.
 */
export async function completeFoundingIfStarted(
  store: EventStore,
  workflows: ProcessManagerRunner,
  accepted: AcceptedCommand,
  outcome: CommandOutcome<ChapterEvent>,
): Promise<CommandOutcome<ChapterEvent>> {
  if (!outcome.events.some((event) => event.type === 'ChapterFoundingCompletionStarted')) return outcome;
  const history = await store.readStream(outcome.streamName);
  let trigger = history.find(
    (event) => event.type === 'ChapterFoundingCompletionStarted' && event.metadata.commandId === accepted.commandId,
  );
  let position = outcome.position;
  let founded: RecordedEvent | undefined;
  // A completion that fails while founders who signed meanwhile would reach the minimum starts
  // the next one itself (caused by its own step): follow those too, a bounded number of times.
  for (let round = 0; trigger !== undefined && round < 10; round += 1) {
    const reacted = await workflows.react(trigger);
    if (reacted.position > position) position = reacted.position;
    const causedBy: RecordedEvent = trigger;
    const after = await store.readStream(outcome.streamName, { fromRevision: causedBy.revision + 1n });
    founded ??= after.find((event) => event.type === 'ChapterFounded' && event.metadata.causationId === causedBy.id);
    trigger = after.find(
      (event) => event.type === 'ChapterFoundingCompletionStarted' && event.metadata.causationId === causedBy.id,
    );
  }
  const [last] = await store.readStream(outcome.streamName, { direction: 'backwards', maxCount: 1 });
  return {
    ...outcome,
    revision: last?.revision ?? outcome.revision,
    events:
      founded === undefined
        ? outcome.events
        : [...outcome.events, { type: 'ChapterFounded', data: founded.data } as ChapterEvent],
    position,
  };
}
