import { ChapterPlace } from './chapter.events';
import { ChapterLifecycle } from './chapter.state';

/** What the signing member looked like when the command was accepted; null when not enrolled. */
export interface FounderFacts {
  readonly memberId: string;
  readonly status: 'enrolled' | 'resigned';
  readonly chapterId: string | null;
}

/** Another chapter a command refers to, as it was when the command was accepted. */
export interface OtherChapterFacts {
  readonly chapterId: string;
  readonly status: ChapterLifecycle;
}

export type FoundChapter = {
  type: 'FoundChapter';
  data: {
    chapterId: string;
    name: string;
    place: ChapterPlace;
    branchId: string | null;
    /** Whether the named branch exists (facts from the organization context); ignored without a branch. */
    branchExists: boolean;
    founderId: string;
    founder: FounderFacts | null;
    /** How many founders a chapter needs, under the rules in force when the command was accepted. */
    foundersMinimum: number;
    startedAt: string;
  };
};
export type SignChapterFounding = {
  type: 'SignChapterFounding';
  data: {
    chapterId: string;
    founderId: string;
    founder: FounderFacts | null;
    foundersMinimum: number;
    /** Earlier founders who have since joined another chapter or resigned: they no longer count. */
    unavailableFounderIds?: string[];
    signedAt: string;
  };
};
export type MergeChapter = {
  type: 'MergeChapter';
  data: {
    chapterId: string;
    intoChapterId: string;
    into: OtherChapterFacts | null;
    mergedBy: string;
    mergedAt: string;
  };
};
export type DissolveChapter = {
  type: 'DissolveChapter';
  data: {
    chapterId: string;
    successorChapterId: string | null;
    successor: OtherChapterFacts | null;
    dissolvedBy: string;
    dissolvedAt: string;
  };
};

/** The founding workflow's decision, once it has tried to hold each founder on their own stream. */
export type CompleteChapterFounding = {
  type: 'CompleteChapterFounding';
  data: {
    chapterId: string;
    /** Founders now held for this chapter, in the order they signed. */
    heldFounderIds: string[];
    unavailableFounderIds: string[];
    completedAt: string;
  };
};

/** Records, after a close, which members were moved out of the chapter. */
export type RecordMembersMoved = {
  type: 'RecordMembersMoved';
  data: { chapterId: string; memberIds: string[]; movedAt: string };
};

export type ChapterCommand =
  FoundChapter | SignChapterFounding | CompleteChapterFounding | MergeChapter | DissolveChapter | RecordMembersMoved;
