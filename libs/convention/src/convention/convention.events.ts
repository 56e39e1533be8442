import type { PagesSummary } from '../../../core/src';
import type { ApportionmentResult, HamiltonLine, HamiltonRound, SeatAward } from '../../../voting/src';
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
 * Delegate seats shared among the chapters that had members at the cut-off position of the log,
 * as first recorded: the whole table and the full working in one event (version 1). For 10,000
 * chapters that is 2.6 MB, over what one append may hold, so it is now published as pages
 * (`SeatsApportionmentPage` then `SeatsApportioned` version 2); stored version 1 events are read
 * through the upcaster in apportionment-pages.ts.
 */
export interface SeatsApportionedV1Data {
  readonly conventionId: string;
  readonly cutoffPosition: string;
  readonly method: ConventionApportionmentMethod;
  readonly totalSeats: number;
  readonly minimumSeatsPerChapter: number;
  readonly chapters: readonly ChapterSeats[];
  readonly working: ApportionmentResult;
  readonly apportionedAt: string;
}

/**
 * One entry of a paged apportionment: a chapter's seats (in chapter id order, the order the
 * units were apportioned in), then the per-seat and per-chapter parts of the working.
 */
export type ApportionmentEntry =
  | ({ readonly kind: 'chapter' } & ChapterSeats)
  | { readonly kind: 'award'; readonly award: SeatAward }
  | { readonly kind: 'next-quotient'; readonly nextQuotient: ApportionmentResult['nextQuotients'][number] }
  | { readonly kind: 'hamilton-line'; readonly round: number; readonly line: HamiltonLine };

/** The working without the parts that grow with the chapters (those are in the pages). */
export interface ApportionmentWorkingSummary {
  readonly method: ApportionmentResult['method'];
  readonly seats: number;
  readonly minimumPerUnit: number;
  readonly totalPopulation: string;
  readonly hamiltonRounds: readonly Omit<HamiltonRound, 'lines'>[];
  readonly lots: ApportionmentResult['lots'];
}

/** A page of the apportionment; its `SeatsApportioned` (same cut-off) follows it in the stream. */
export type SeatsApportionmentPage = {
  type: 'SeatsApportionmentPage';
  data: { conventionId: string; cutoffPosition: string; index: number; entries: ApportionmentEntry[] };
};

/**
 * The apportionment is complete: the seats and working are in the pages with this cut-off
 * before it, which `pages` (count, entries, digest chain) lets any reader check.
 */
export type SeatsApportioned = {
  type: 'SeatsApportioned';
  data: {
    conventionId: string;
    cutoffPosition: string;
    method: ConventionApportionmentMethod;
    totalSeats: number;
    minimumSeatsPerChapter: number;
    chapterCount: number;
    pages: PagesSummary;
    working: ApportionmentWorkingSummary;
    apportionedAt: string;
  };
};
export type ConventionPhaseAdvanced = {
  type: 'ConventionPhaseAdvanced';
  data: { conventionId: string; from: ConventionPhase; to: ConventionPhase; advancedBy: string; advancedAt: string };
};

export type ConventionEvent =
  | ConventionCalled
  | SecretariatMemberAppointed
  | SecretariatMemberRemoved
  | SeatsApportionmentPage
  | SeatsApportioned
  | ConventionPhaseAdvanced;

/**
 * Only one convention runs at a time, so every convention's lifecycle lives in one stream: the
 * rule "no second call while one is open" is then a check on a single stream's state.
 */
export const conventionStream = (): string => 'Convention-organization';
