import type { ApportionmentResult } from '../../../voting/src';
import { ConventionApportionmentMethod, ConventionPhase, RulesOfProcedure } from './convention.rules';

/** Events of the convention stream, Convention-organization; each names the convention it concerns. */
export type ConventionCalled = {
  type: 'ConventionCalled';
  data: { conventionId: string; title: string; rules: RulesOfProcedure; calledBy: string; calledAt: string };
};
export type SecretariatMemberAppointed = {
  type: 'SecretariatMemberAppointed';
  data: { conventionId: string; memberId: string; appointedBy: string; appointedAt: string };
};
export type SecretariatMemberRemoved = {
  type: 'SecretariatMemberRemoved';
  data: { conventionId: string; memberId: string; removedBy: string; removedAt: string };
};

/** One chapter's members at the cut-off and the seats it received. */
export interface ChapterSeats {
  readonly chapterId: string;
  readonly members: number;
  readonly seats: number;
}

/**
 * Delegate seats shared among the chapters that had members at the cut-off position of the log;
 * `working` is the apportionment's full working (quotients or quotas, lots) for anyone to check.
 */
export type SeatsApportioned = {
  type: 'SeatsApportioned';
  data: {
    conventionId: string;
    cutoffPosition: string;
    method: ConventionApportionmentMethod;
    totalSeats: number;
    minimumSeatsPerChapter: number;
    chapters: ChapterSeats[];
    working: ApportionmentResult;
    apportionedAt: string;
  };
};
export type ConventionPhaseAdvanced = {
  type: 'ConventionPhaseAdvanced';
  data: { conventionId: string; from: ConventionPhase; to: ConventionPhase; advancedBy: string; advancedAt: string };
};

export type ConventionEvent =
  ConventionCalled | SecretariatMemberAppointed | SecretariatMemberRemoved | SeatsApportioned | ConventionPhaseAdvanced;

/**
 * Only one convention runs at a time, so every convention's lifecycle lives in one stream: the
 * rule "no second call while one is open" is then a check on a single stream's state.
 */
export const conventionStream = (): string => 'Convention-organization';
