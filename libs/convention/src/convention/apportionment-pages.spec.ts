import { apportion } from '../../../voting/src';
import {
  ApportionmentPagesMismatchError,
  assembleApportionment,
  publishApportionment,
  seatsFromPages,
} from './apportionment-pages';
import { SeatsApportioned, SeatsApportionedV1Data, SeatsApportionmentPage } from './convention.events';

/** An apportionment as the decider records it, for `count` chapters of uneven sizes. */
function apportionment(count: number, method: 'sainte-lague' | 'hamilton', seats: number): SeatsApportionedV1Data {
  const chapters = Array.from({ length: count }, (_, index) => ({
    chapterId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    members: 20 + ((index * 7919) % 161),
  }));
  const working = apportion(
    chapters.map((chapter) => ({ id: chapter.chapterId, population: chapter.members })),
    { method, seats, minimumPerUnit: 0, seed: 'pages-spec' },
  );
  return {
    conventionId: 'convention-1',
    cutoffPosition: '1234',
    method: method === 'hamilton' ? 'HAMILTON' : 'SAINTE_LAGUE',
    totalSeats: seats,
    minimumSeatsPerChapter: 0,
    chapters: chapters.map((chapter, index) => ({ ...chapter, seats: working.allocations[index].seats })),
    working,
    apportionedAt: '2026-03-01T10:00:00.000Z',
  };
}

function split(events: ReturnType<typeof publishApportionment>) {
  const pages = events.slice(0, -1).map((event) => (event as SeatsApportionmentPage).data);
  const closing = (events[events.length - 1] as SeatsApportioned).data;
  return { pages, closing };
}

describe('the apportionment as pages', () => {
  it('keeps every page of 10,000 chapters under its budget and reads back exactly what was apportioned', () => {
    const whole = apportionment(10_000, 'sainte-lague', 1_000);
    // 2.6 MB as one event before; now no page's entries exceed the 512 KiB budget.
    expect(Buffer.byteLength(JSON.stringify(whole))).toBeGreaterThan(2_000_000);
    const { pages, closing } = split(publishApportionment(whole));
    expect(pages.length).toBeGreaterThan(4);
    for (const page of pages) expect(Buffer.byteLength(JSON.stringify(page.entries))).toBeLessThanOrEqual(512 * 1024);
    // The closing event keeps the lots inline (their order lists the tied chapters).
    expect(closing.working.lots.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(JSON.stringify(closing))).toBeLessThan(16 * 1024);
    expect(closing).toMatchObject({ chapterCount: 10_000, pages: { pageCount: pages.length } });
    expect(assembleApportionment(closing, pages)).toEqual(whole);
    expect(seatsFromPages(closing, pages)).toEqual(whole.chapters);
  });

  it("pages Hamilton's lines and reads the rounds back whole", () => {
    const whole = apportionment(300, 'hamilton', 50);
    const { pages, closing } = split(publishApportionment(whole, 4096));
    expect(pages.length).toBeGreaterThan(10);
    expect(closing.working.hamiltonRounds[0]).not.toHaveProperty('lines');
    expect(assembleApportionment(closing, pages)).toEqual(whole);
  });

  it('refuses pages that are missing, altered or from another attempt', () => {
    const whole = apportionment(200, 'sainte-lague', 40);
    const { pages, closing } = split(publishApportionment(whole, 2048));
    const missing = () => assembleApportionment(closing, [...pages.slice(0, 2), ...pages.slice(3)]);
    expect(missing).toThrow(ApportionmentPagesMismatchError);
    expect(missing).toThrow(/page 2 is missing/);

    const altered = pages.map((page, index) =>
      index === 1 ? { ...page, entries: page.entries.map((entry) => ({ ...entry, seats: 99 })) } : page,
    );
    expect(() => assembleApportionment(closing, altered)).toThrow(/digest/);

    // Pages an earlier attempt left (another cut-off) are not this apportionment's.
    const stale = pages.map((page) => ({ ...page, cutoffPosition: '99' }));
    expect(() => assembleApportionment(closing, stale)).toThrow(/expected \d+ pages, found 0/);
    expect(assembleApportionment(closing, [...stale, ...pages, pages[0]])).toEqual(whole);
  });
});
