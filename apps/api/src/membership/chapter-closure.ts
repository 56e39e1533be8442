import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../../../libs/core/src';
import {
  CommandOutcome,
  CommandRunner,
  EventStore,
  RecordedEvent,
  scanLogBetween,
} from '../../../../libs/event-store/src';
import {
  ChapterClosure,
  ChapterClosureReserved,
  ChapterCommand,
  ChapterEvent,
  MemberEvent,
  OtherChapterFacts,
  chapterClosuresDecider,
  chapterClosuresStream,
  chapterDecider,
  chapterStream,
  memberDecider,
  memberStream,
} from '../../../../libs/membership/src';
import { ProcessManager, ProcessManagerRunner, WorkflowSteps, crashPoint } from '../../../../libs/projections/src';
import { AcceptedCommand } from '../commands/command-envelope';
import { EVENT_STORE } from '../infrastructure/tokens';
import { followClosuresWith } from './chapter-membership';
import { refuseStaleExpectedRevision } from './expected-revision';
import { MembershipReadModel } from './membership.read-model';
import { otherChapterFacts } from './membership-facts';

export interface ChapterClosureResult {
  /** The chapter stream's outcome, its position moved on to cover the members' moves. */
  readonly outcome: CommandOutcome<ChapterEvent>;
  readonly membersMoved: number;
}

/** Member events by which someone enters a chapter: the ones a closure must look for. */
const ENTRY_EVENTS = [
  'MemberJoinedChapter',
  'MemberTransferredChapter',
  'MemberMovedByMerger',
  'MemberMovedToSuccessorChapter',
] as const;

function enteredChapterId(event: RecordedEvent): string {
  const data = event.data as { chapterId?: string; toChapterId?: string };
  return event.type === 'MemberJoinedChapter' ? data.chapterId! : data.toChapterId!;
}

/** Receiving chapters as the reservation found them: the register, not a later read, decides. */
function reservedAs(chapterId: string | null): OtherChapterFacts | null {
  return chapterId === null ? null : { chapterId, status: 'active' };
}

function closeCommand(reserved: ChapterClosureReserved['data'], at: string): ChapterCommand {
  const { chapterId, closure, closedBy } = reserved;
  if (closure.kind === 'merger') {
    const { intoChapterId } = closure;
    return {
      type: 'MergeChapter',
      data: { chapterId, intoChapterId, into: reservedAs(intoChapterId), mergedBy: closedBy, mergedAt: at },
    };
  }
  const { successorChapterId } = closure;
  return {
    type: 'DissolveChapter',
    data: {
      chapterId,
      successorChapterId,
      successor: reservedAs(successorChapterId),
      dissolvedBy: closedBy,
      dissolvedAt: at,
    },
  };
}

/**
 * The chapter closure workflow, started by a closure reserved in the register
 * (ChapterClosureReserved): close the chapter on its own stream, move every member the log shows
 * in it at the close (each on their own stream, following the receiving chapter if it closed in
 * turn), then record who moved (ChapterMembersMoved). Who is moved comes from the log itself:
 * every entry into the chapter between its first event and the close; the member's own stream
 * then decides whether they are still there. An entry appended after the close follows the
 * closure on its own (followClosures). The command handler runs this at once; the process
 * manager runner runs it again from the log after a crash or in another replica, so a closure
 * whose handler died half-way is completed without anyone retrying it.
 */
@Injectable()
export class ChapterClosureWorkflow implements ProcessManager {
  readonly name = 'chapter-closure';
  readonly triggers = ['ChapterClosureReserved'];

  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: MembershipReadModel,
  ) {}

  async react(trigger: RecordedEvent, steps: WorkflowSteps): Promise<void> {
    const reserved = trigger.data as ChapterClosureReserved['data'];
    const { chapterId, closure } = reserved;
    const closed = await steps.run(chapterDecider, chapterStream(chapterId), 'close', closeCommand(reserved, steps.at));
    crashPoint('chapter-closure/after-close');

    const [first] = await this.store.readStream(chapterStream(chapterId), { maxCount: 1 });
    const start = first.position - 1n;
    // Who was in the chapter up to some position the read model has reached is what the log up
    // to there says (the read model is a function of the log prefix, read with its checkpoint);
    // the rest is read from the log itself. A read model past the close may already miss members
    // this workflow moved, so then the whole stretch is read from the log.
    const index = this.readModel.membersOfChapterAt(chapterId);
    const indexed = index.position <= closed.position;
    const candidates = new Set<string>(indexed ? index.memberIds : []);
    await scanLogBetween(
      this.store,
      {
        after: indexed && index.position > start ? index.position : start,
        upTo: closed.position,
        streamPrefix: 'Member-',
        type: ENTRY_EVENTS,
      },
      (event) => {
        if (enteredChapterId(event) === chapterId) candidates.add((event.data as { memberId: string }).memberId);
      },
    );

    const moved: string[] = [];
    for (const memberId of candidates) {
      const run = (key: string, command: Parameters<typeof memberDecider.decide>[0]) =>
        steps.run(memberDecider, memberStream(memberId), `${key}/${memberId}`, command);
      const outcome: CommandOutcome<MemberEvent> = await run('move', {
        type: 'MoveFromClosedChapter',
        data: { memberId, chapterId, closure, movedAt: steps.at },
      });
      if (outcome.events.length > 0) moved.push(memberId);
      await followClosuresWith(this.runner, memberId, steps.at, run);
      crashPoint('chapter-closure/after-first-move');
    }

    await steps.run(chapterDecider, chapterStream(chapterId), 'members-moved', {
      type: 'RecordMembersMoved',
      data: { chapterId, memberIds: moved, movedAt: steps.at },
    });
  }

  /** The chapter's stream refused the close (it was closed outside the register): release the reservation. */
  async compensate(trigger: RecordedEvent, refusal: DomainError, steps: WorkflowSteps): Promise<void> {
    const { chapterId } = trigger.data as ChapterClosureReserved['data'];
    await steps.run(chapterClosuresDecider, chapterClosuresStream(), 'release', {
      type: 'ReleaseChapterClosure',
      data: { chapterId, reason: refusal.code, releasedAt: steps.at },
    });
  }
}

/**
 * Merging and dissolving: checks the closure against the register and reserves it there (the
 * first append; every refusal comes before it), then runs the closure workflow at once and
 * answers with the position of its last effect. A retry with the same command id replays the
 * reservation and the workflow's steps, and returns the same receipt.
 */
export async function closeChapter(
  runner: CommandRunner,
  store: EventStore,
  workflows: ProcessManagerRunner,
  accepted: AcceptedCommand,
  request: { chapterId: string; closure: ChapterClosure; closedBy: string },
): Promise<ChapterClosureResult> {
  const { chapterId, closure, closedBy } = request;
  const receivingId = closure.kind === 'merger' ? closure.intoChapterId : closure.successorChapterId;
  const chapter = await otherChapterFacts(runner, chapterId);
  const receiving = receivingId === null ? null : await otherChapterFacts(runner, receivingId);
  const registerStream = chapterClosuresStream();
  const alreadyReserved = (await store.readStream(registerStream)).some(
    (event) => event.metadata.commandId === accepted.commandId,
  );
  if (!alreadyReserved) await refuseStaleExpectedRevision(store, chapterStream(chapterId), accepted.expectedRevision);
  const reservation = await runner.run(
    chapterClosuresDecider,
    registerStream,
    accepted.envelope(
      {
        type: 'ReserveChapterClosure',
        data: { chapterId, chapter, closure, receiving, closedBy, reservedAt: accepted.acceptedAt },
      },
      { expectedRevision: undefined },
    ),
  );
  crashPoint('chapter-closure/after-reservation');

  const trigger = (await store.readStream(registerStream)).find(
    (event) => event.metadata.commandId === accepted.commandId && event.type === 'ChapterClosureReserved',
  );
  if (trigger === undefined) throw new Error(`The reservation of command ${accepted.commandId} is not in the register`);
  const { position, refusal } = await workflows.react(trigger);
  if (refusal !== null) throw refusal;

  const history = await store.readStream(chapterStream(chapterId));
  const last = history[history.length - 1];
  const events = history
    .filter((event) => event.type === 'ChapterMergedInto' || event.type === 'ChapterDissolved')
    .map(({ type, data }) => ({ type, data }) as ChapterEvent);
  const record = history.find(
    (event) => event.type === 'ChapterMembersMoved' && event.metadata.causationId === trigger.id,
  );
  return {
    outcome: {
      streamName: chapterStream(chapterId),
      events,
      position,
      revision: last.revision,
      replayed: reservation.replayed,
    },
    membersMoved: record === undefined ? 0 : (record.data as { memberIds: string[] }).memberIds.length,
  };
}
