import { checkPages, paginate, pagesDigest, summarizePages } from './pages';

describe('pages of a large result', () => {
  const items = Array.from({ length: 1000 }, (_, index) => ({ tracker: `t-${index}`, choice: index % 3 }));

  it('keeps every page within the byte budget and the items in order', () => {
    const pages = paginate(items, 2_000);
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) expect(Buffer.byteLength(JSON.stringify(page.items))).toBeLessThanOrEqual(2_000);
    expect(pages.flatMap((page) => page.items)).toEqual(items);
    expect(pages.map((page) => page.index)).toEqual(pages.map((_, index) => index));
  });

  it('gives an oversized item a page of its own and no pages for nothing', () => {
    const big = { text: 'x'.repeat(5_000) };
    expect(paginate([{ a: 1 }, big, { a: 2 }], 1_000).map((page) => page.items.length)).toEqual([1, 1, 1]);
    expect(paginate([], 1_000)).toEqual([]);
  });

  it('finds a missing, reordered, altered or extra page', () => {
    const pages = paginate(items, 2_000);
    const summary = summarizePages(pages);
    expect(checkPages(pages, summary)).toEqual([]);
    expect(checkPages([...pages].reverse(), summary)).toEqual([]);
    expect(checkPages(pages.slice(1), summary).join(' ')).toMatch(/page 0 is missing/);
    const altered = pages.map((page, index) =>
      index === 3 ? { ...page, items: [{ ...page.items[0], choice: 9 }, ...page.items.slice(1)] } : page,
    );
    expect(checkPages(altered, summary).join(' ')).toMatch(/digest/);
    expect(checkPages([...pages, { index: pages.length, items: [] }], summary).join(' ')).toMatch(/pages/);
  });

  it('digests the same pages the same way, whatever their grouping', () => {
    expect(pagesDigest([[1, 2], [3]])).toBe(pagesDigest([[1, 2], [3]]));
    expect(pagesDigest([[1, 2], [3]])).not.toBe(pagesDigest([[1], [2, 3]]));
  });
});
