import { CommandRunner } from '../../../../libs/event-store/src';
import {
  ChapterFacts,
  FounderFacts,
  OtherChapterFacts,
  chapterDecider,
  chapterStream,
  memberDecider,
  memberStream,
} from '../../../../libs/membership/src';

/**
 * Facts about other aggregates that a command's decider needs, read from their streams (never
 * from a read model) just before the command is decided.
 */

/** A chapter as a member about to enter it sees it; null when it was never started. */
export async function chapterFacts(runner: CommandRunner, chapterId: string): Promise<ChapterFacts | null> {
  const chapter = await runner.load(chapterDecider, chapterStream(chapterId));
  return chapter.status === 'unknown' ? null : { chapterId, name: chapter.name, status: chapter.status };
}

/** A chapter named as the receiver of another's members; null when it was never started. */
export async function otherChapterFacts(runner: CommandRunner, chapterId: string): Promise<OtherChapterFacts | null> {
  const chapter = await runner.load(chapterDecider, chapterStream(chapterId));
  return chapter.status === 'unknown' ? null : { chapterId, status: chapter.status };
}

/** A member about to found or co-found a chapter; null when not enrolled. */
export async function founderFacts(runner: CommandRunner, memberId: string): Promise<FounderFacts | null> {
  const member = await runner.load(memberDecider, memberStream(memberId));
  if (member.status === 'unknown') return null;
  if (member.status === 'resigned') return { memberId, status: 'resigned', chapterId: null };
  // Held for a founding that is completing elsewhere counts as being in that chapter already.
  return { memberId, status: 'enrolled', chapterId: member.chapterId ?? member.foundingReservation };
}
