import { entityIdFor } from '../../../../libs/core/src';
import { CommandEnvelope, CommandOutcome, CommandRunner } from '../../../../libs/event-store/src';
import {
  ChapterEvent,
  MemberCommand,
  MemberEvent,
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

/** Runs one follow-up on a member's stream under a key that names it (distinct per closed chapter). */
export type RunMemberFollowUp = (key: string, command: MemberCommand) => Promise<CommandOutcome<MemberEvent>>;

/**
 * Called after a member entered a chapter (joined, transferred, joined as founder, moved in).
 * The entry was decided on the chapter being active; if the chapter was closed before the entry
 * was appended, the closure's member list (every entry the log holds below the close) missed
 * this member. So whoever enters checks again afterwards and follows the closure itself.
 * Between the two, every member of a closed chapter is moved: an entry appended before the close
 * is in the closure's list; one appended after the close sees the close here. Moving twice is
 * harmless: the second move finds the member no longer in the closed chapter and does nothing.
 * Returns the last position written, 0n when nothing was.
 */
export async function followClosures(
  runner: CommandRunner,
  accepted: AcceptedCommand,
  memberId: string,
): Promise<bigint> {
  return followClosuresWith(runner, memberId, accepted.acceptedAt, (key, command) =>
    runner.run(memberDecider, memberStream(memberId), followUpEnvelope(accepted, key, command)),
  );
}

/** followClosures with the follow-ups issued by `run` (a command's follow-up, or a workflow's step). */
export async function followClosuresWith(
  runner: CommandRunner,
  memberId: string,
  at: string,
  run: RunMemberFollowUp,
): Promise<bigint> {
  let position = 0n;
  for (let hop = 0; hop < MAX_CLOSURE_HOPS; hop += 1) {
    const member = await runner.load(memberDecider, memberStream(memberId));
    if (member.status !== 'enrolled' || member.chapterId === null) return position;
    const chapter = await runner.load(chapterDecider, chapterStream(member.chapterId));
    if (chapter.status !== 'closed' || chapter.closure === null) return position;
    const outcome = await run(`follow-closure/${chapter.chapterId}`, {
      type: 'MoveFromClosedChapter',
      data: { memberId, chapterId: chapter.chapterId, closure: chapter.closure, movedAt: at },
    });
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
