import {
  DEFAULT_PAGE_BYTES,
  Page,
  Upcaster,
  VersionedEvent,
  checkPages,
  paginate,
  summarizePages,
} from '../../../core/src';
import type { ApportionmentResult, HamiltonLine } from '../../../voting/src';
import type {
  ApportionmentEntry,
  ChapterSeats,
  SeatsApportioned,
  SeatsApportionedV1Data,
  SeatsApportionmentPage,
} from './convention.events';

/**
 * The apportionment as pages: what grows with the number of chapters (each chapter's seats,
 * the seat awards, the next quotients, Hamilton's lines) goes into page events under the page
 * budget; the closing `SeatsApportioned` keeps the rest and the pages' summary.
 */
export function publishApportionment(
  apportionment: SeatsApportionedV1Data,
  pageBytes: number = DEFAULT_PAGE_BYTES,
): [...SeatsApportionmentPage[], SeatsApportioned] {
  const { conventionId, cutoffPosition, working } = apportionment;
  const entries: ApportionmentEntry[] = [
    ...apportionment.chapters.map(({ chapterId, members, seats }): ApportionmentEntry => ({
      kind: 'chapter',
      chapterId,
      members,
      seats,
    })),
    ...working.awards.map((award): ApportionmentEntry => ({ kind: 'award', award })),
    ...working.nextQuotients.map((nextQuotient): ApportionmentEntry => ({ kind: 'next-quotient', nextQuotient })),
    ...working.hamiltonRounds.flatMap((round, index) =>
      round.lines.map((line): ApportionmentEntry => ({ kind: 'hamilton-line', round: index, line })),
    ),
  ];
  const pages = paginate(entries, pageBytes);
  const pageEvents = pages.map((page): SeatsApportionmentPage => ({
    type: 'SeatsApportionmentPage',
    data: { conventionId, cutoffPosition, index: page.index, entries: [...page.items] },
  }));
  const closing: SeatsApportioned = {
    type: 'SeatsApportioned',
    data: {
      conventionId,
      cutoffPosition,
      method: apportionment.method,
      totalSeats: apportionment.totalSeats,
      minimumSeatsPerChapter: apportionment.minimumSeatsPerChapter,
      chapterCount: apportionment.chapters.length,
      pages: summarizePages(pages),
      working: {
        method: working.method,
        seats: working.seats,
        minimumPerUnit: working.minimumPerUnit,
        totalPopulation: working.totalPopulation,
        hamiltonRounds: working.hamiltonRounds.map(({ seats, population, raisedToMinimum }) => ({
          seats,
          population,
          raisedToMinimum,
        })),
        lots: working.lots,
      },
      apportionedAt: apportionment.apportionedAt,
    },
  };
  return [...pageEvents, closing];
}

/** The pages that belong to this closing event: same convention and cut-off, one per index. */
export function pagesOf(
  closing: SeatsApportioned['data'],
  pages: readonly SeatsApportionmentPage['data'][],
): Page<ApportionmentEntry>[] {
  const byIndex = new Map<number, Page<ApportionmentEntry>>();
  for (const page of pages) {
    // A page repeated by a retried attempt has the same content (same facts at the same cut-off).
    if (page.conventionId === closing.conventionId && page.cutoffPosition === closing.cutoffPosition) {
      byIndex.set(page.index, { index: page.index, items: page.entries });
    }
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** Each chapter's seats, from the pages (no check: the stream's own order guarantees them). */
export function seatsFromPages(
  closing: SeatsApportioned['data'],
  pages: readonly SeatsApportionmentPage['data'][],
): ChapterSeats[] {
  const seats: ChapterSeats[] = [];
  for (const page of pagesOf(closing, pages)) {
    for (const entry of page.items) {
      if (entry.kind === 'chapter') {
        seats.push({ chapterId: entry.chapterId, members: entry.members, seats: entry.seats });
      }
    }
  }
  return seats;
}

/** Pages read back that do not match their closing event's summary: lost, reordered or altered. */
export class ApportionmentPagesMismatchError extends Error {
  constructor(
    readonly conventionId: string,
    readonly problems: readonly string[],
  ) {
    super(`The apportionment of convention ${conventionId} does not match its pages: ${problems.join('; ')}`);
    this.name = 'ApportionmentPagesMismatchError';
  }
}

/**
 * The whole apportionment (the table and the full working, as version 1 recorded it) from its
 * closing event and its pages, checked against the closing event's page count, entry count and
 * digest; throws ApportionmentPagesMismatchError when they disagree.
 */
export function assembleApportionment(
  closing: SeatsApportioned['data'],
  pages: readonly SeatsApportionmentPage['data'][],
): SeatsApportionedV1Data {
  const own = pagesOf(closing, pages);
  const problems = checkPages(own, closing.pages);
  const chapters: ChapterSeats[] = [];
  const awards: ApportionmentResult['awards'][number][] = [];
  const nextQuotients: ApportionmentResult['nextQuotients'][number][] = [];
  const lines: HamiltonLine[][] = closing.working.hamiltonRounds.map(() => []);
  for (const page of own) {
    for (const entry of page.items) {
      switch (entry.kind) {
        case 'chapter':
          chapters.push({ chapterId: entry.chapterId, members: entry.members, seats: entry.seats });
          break;
        case 'award':
          awards.push(entry.award);
          break;
        case 'next-quotient':
          nextQuotients.push(entry.nextQuotient);
          break;
        case 'hamilton-line':
          if (lines[entry.round] === undefined)
            problems.push(`a line of Hamilton round ${entry.round}, which is not recorded`);
          else lines[entry.round].push(entry.line);
          break;
      }
    }
  }
  if (chapters.length !== closing.chapterCount) {
    problems.push(`expected ${closing.chapterCount} chapters, found ${chapters.length}`);
  }
  if (problems.length > 0) throw new ApportionmentPagesMismatchError(closing.conventionId, problems);
  const { working } = closing;
  return {
    conventionId: closing.conventionId,
    cutoffPosition: closing.cutoffPosition,
    method: closing.method,
    totalSeats: closing.totalSeats,
    minimumSeatsPerChapter: closing.minimumSeatsPerChapter,
    chapters,
    // Key order as version 1 wrote it, so a read model stores the same JSON from either version.
    working: {
      method: working.method,
      seats: working.seats,
      minimumPerUnit: working.minimumPerUnit,
      totalPopulation: working.totalPopulation,
      allocations: chapters.map(({ chapterId, members, seats }) => ({
        id: chapterId,
        population: String(members),
        seats,
      })),
      awards,
      nextQuotients,
      hamiltonRounds: working.hamiltonRounds.map((round, index) => ({
        seats: round.seats,
        population: round.population,
        lines: lines[index],
        raisedToMinimum: round.raisedToMinimum,
      })),
      lots: working.lots,
    },
    apportionedAt: closing.apportionedAt,
  };
}

/** The current version of each event type of the apportionment (1 when never changed). */
export const SEATS_APPORTIONED_VERSION = 2;

/**
 * Version 1 of `SeatsApportioned` (everything in one event) reads as the pages and closing
 * event version 2 would have written for it.
 */
export const seatsApportionedUpcasters: readonly Upcaster[] = [
  {
    type: 'SeatsApportioned',
    fromVersion: 1,
    upcast: (data: unknown): VersionedEvent[] =>
      publishApportionment(data as SeatsApportionedV1Data).map((event) => ({
        ...event,
        version: event.type === 'SeatsApportioned' ? SEATS_APPORTIONED_VERSION : 1,
      })),
  },
];
