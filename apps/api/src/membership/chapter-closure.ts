import { CommandOutcome, CommandRunner } from '../../../../libs/event-store/src';
import { ChapterEvent, chapterDecider, chapterStream } from '../../../../libs/membership/src';
import { AcceptedCommand } from '../commands/command-envelope';
import { ReadModels } from '../infrastructure/read-models.service';
import { closureOf, followUpEnvelope, moveMembersOfClosedChapter } from './chapter-membership';
import { MembershipReadModel } from './membership.read-model';

export interface ChapterClosureResult {
  /** The chapter stream's outcome, its position moved on to cover the members' moves. */
  readonly outcome: CommandOutcome<ChapterEvent>;
  readonly membersMoved: number;
}

/**
 * After a chapter's close is appended, moves its members. The list comes from the read model
 * once it has applied the close: every entry appended before the close is in it, and an entry
 * appended after the close is moved by the entering command itself (see followClosures). Then
 * the chapter's stream records who was moved (ChapterMembersMoved, under an id derived from the
 * command): the mark that the close is complete, and what a retry replays, so the retry returns
 * the same receipt. If anything fails in between (the read models are behind: READ_MODEL_BEHIND),
 * the chapter is closed but the mark is missing; a retry with the same command id replays the
 * close, moves whoever is still listed and records the mark.
 */
export async function moveMembersAfterClosure(
  runner: CommandRunner,
  readModels: ReadModels,
  readModel: MembershipReadModel,
  accepted: AcceptedCommand,
  chapterId: string,
  outcome: CommandOutcome<ChapterEvent>,
): Promise<ChapterClosureResult> {
  await readModels.waitFor(outcome.position.toString());
  const { moved, position } = await moveMembersOfClosedChapter(
    runner,
    accepted,
    chapterId,
    closureOf(outcome.events),
    readModel.memberIdsInChapter(chapterId),
    outcome.position,
  );
  const recorded = await runner.run(
    chapterDecider,
    chapterStream(chapterId),
    followUpEnvelope(accepted, 'members-moved', {
      type: 'RecordMembersMoved',
      data: { chapterId, memberIds: moved, movedAt: accepted.acceptedAt },
    }),
  );
  const record = recorded.events.find((event) => event.type === 'ChapterMembersMoved');
  return {
    outcome: {
      ...outcome,
      position: recorded.position > position ? recorded.position : position,
      revision: recorded.revision,
    },
    membersMoved: record?.type === 'ChapterMembersMoved' ? record.data.memberIds.length : moved.length,
  };
}
