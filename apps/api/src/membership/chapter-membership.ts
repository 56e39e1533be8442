import { entityIdFor } from '../../../../libs/core/src';
import { CommandEnvelope, CommandRunner } from '../../../../libs/event-store/src';
import {
  ChapterClosure,
  ChapterEvent,
  MemberCommand,
  chapterDecider,
  chapterStream,
  memberDecider,
  memberStream,
} from '../../../../libs/membership/src';
import { AcceptedCommand } from '../commands/command-envelope';

/** Merged into a chapter that was merged in turn, and so on: a bound so a bug cannot loop forever. */
const MAX_CLOSURE_HOPS = 10;

function later(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/**
 * The envelope of a command this command causes on another member's stream. It carries the
 * command's own id, so a retry finds what the first attempt wrote; never the client's expected
 * revision, which was about the command's first stream.
 */
export function memberEnvelope(accepted: AcceptedCommand, command: MemberCommand): CommandEnvelope<MemberCommand> {
  return accepted.envelope(command, { expectedRevision: undefined });
}

/**
 * The envelope of a follow-up with its own id derived from the command that caused it, for a
 * stream the command has already written to (the runner would take the same id for a retry).
 */
export function followUpEnvelope<const Command>(
  accepted: AcceptedCommand,
  key: string,
  command: Command,
): CommandEnvelope<Command> {
  const envelope = accepted.envelope(command, { expectedRevision: undefined });
  const commandId = entityIdFor(key, accepted.commandId);
  return { ...envelope, metadata: { ...envelope.metadata, commandId, causationId: accepted.commandId } };
}

/**
 * Called after a member entered a chapter (joined, transferred, joined as founder, moved in).
 * The entry was decided on the chapter being active; if the chapter was closed before the entry
 * was appended, the closer's member list may have missed this member. So whoever enters checks
 * again afterwards and follows the closure itself. Between the two, every member of a closed
 * chapter is moved: an entry appended before the close is in the closer's list (it waits for the
 * read models to pass the close); one appended after the close sees the close here. Moving twice
 * is harmless: the second move finds the member no longer in the closed chapter and does nothing.
 * Returns the last position written, 0n when nothing was.
 */
export async function followClosures(
  runner: CommandRunner,
  accepted: AcceptedCommand,
  memberId: string,
): Promise<bigint> {
  let position = 0n;
  for (let hop = 0; hop < MAX_CLOSURE_HOPS; hop += 1) {
    const member = await runner.load(memberDecider, memberStream(memberId));
    if (member.status !== 'enrolled' || member.chapterId === null) return position;
    const chapter = await runner.load(chapterDecider, chapterStream(member.chapterId));
    if (chapter.status !== 'closed' || chapter.closure === null) return position;
    const outcome = await runner.run(
      memberDecider,
      memberStream(memberId),
      followUpEnvelope(accepted, `follow-closure/${chapter.chapterId}`, {
        type: 'MoveFromClosedChapter',
        data: { memberId, chapterId: chapter.chapterId, closure: chapter.closure, movedAt: accepted.acceptedAt },
      }),
    );
    position = later(position, outcome.position);
  }
  return position;
}

/**
 * When a command's chapter events include the founding, every founder joins the chapter: one
 * command on each founder's own stream, after the chapter's. Each carries the command id, so a
 * retry of the whole command (which replays the chapter's events) completes any joins a crash
 * left undone. Returns the last position written, or `after` when nothing was.
 */
export async function joinFounders(
  runner: CommandRunner,
  accepted: AcceptedCommand,
  events: readonly ChapterEvent[],
  after: bigint,
): Promise<bigint> {
  let position = after;
  for (const event of events) {
    if (event.type !== 'ChapterFounded') continue;
    const { chapterId, founderIds, foundedAt } = event.data;
    for (const memberId of founderIds) {
      const outcome = await runner.run(
        memberDecider,
        memberStream(memberId),
        memberEnvelope(accepted, { type: 'JoinFoundedChapter', data: { memberId, chapterId, joinedAt: foundedAt } }),
      );
      position = later(position, outcome.position);
      position = later(position, await followClosures(runner, accepted, memberId));
    }
  }
  return position;
}

/**
 * Moves every listed member of a closed chapter (merger target, successor, or no chapter) with
 * the closing command's id, then follows the receiving chapter in case it closed meanwhile.
 * Returns the members this command moved and the last position written.
 */
export async function moveMembersOfClosedChapter(
  runner: CommandRunner,
  accepted: AcceptedCommand,
  chapterId: string,
  closure: ChapterClosure,
  memberIds: readonly string[],
  after: bigint,
): Promise<{ moved: string[]; position: bigint }> {
  let position = after;
  const moved: string[] = [];
  for (const memberId of memberIds) {
    const outcome = await runner.run(
      memberDecider,
      memberStream(memberId),
      memberEnvelope(accepted, {
        type: 'MoveFromClosedChapter',
        data: { memberId, chapterId, closure, movedAt: accepted.acceptedAt },
      }),
    );
    if (outcome.events.length > 0) moved.push(memberId);
    position = later(position, outcome.position);
    position = later(position, await followClosures(runner, accepted, memberId));
  }
  return { moved, position };
}

/** How the chapter was closed, from the closing command's events (also on a replay). */
export function closureOf(events: readonly ChapterEvent[]): ChapterClosure {
  for (const event of events) {
    if (event.type === 'ChapterMergedInto') return { kind: 'merger', intoChapterId: event.data.intoChapterId };
    if (event.type === 'ChapterDissolved') {
      return { kind: 'dissolution', successorChapterId: event.data.successorChapterId };
    }
  }
  throw new Error('The closing command recorded no closure');
}
