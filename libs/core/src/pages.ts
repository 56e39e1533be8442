import { createHash } from 'node:crypto';

/**
 * Large results (a published count, a seat table for thousands of chapters) do not fit in one
 * event: one append is at most 1 MiB, EventStoreDB's default MaxAppendSize. They are published
 * as pages, each a list of items whose JSON stays under a byte budget, and the event that
 * closes the result carries the page count and a digest over all pages, so a reader (or an
 * auditor with only the archive) can tell that none is missing, reordered or altered.
 */

/**
 * Pages are published as events of their own, whose type ends in `Page`. Those are the only
 * events the command runner may put in an earlier append than the rest of their command's
 * events (the closing event always comes last), so a reader never sees a closing event
 * without its pages, and ignores pages whose closing event never came (an attempt that stopped
 * half-way).
 */
export const isPageEventType = (type: string): boolean => type.endsWith('Page');

/** Default budget for one page's items: well under 1 MiB so envelope and metadata still fit. */
export const DEFAULT_PAGE_BYTES = 512 * 1024;

export interface Page<Item> {
  /** 0-based index of the page in the result. */
  readonly index: number;
  readonly items: readonly Item[];
}

export interface PagesSummary {
  readonly pageCount: number;
  readonly itemCount: number;
  /** SHA-256 chain over the pages' canonical JSON, in order (see `pagesDigest`). */
  readonly digest: string;
}

const encoder = new TextEncoder();

function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/**
 * Splits items into pages whose items' JSON stays within `maxBytes` (an item larger than the
 * budget on its own gets a page of its own, and the store's limit then refuses it loudly).
 * Order is kept; an empty list gives no pages.
 */
export function paginate<Item>(
  items: readonly Item[],
  maxBytes: number = DEFAULT_PAGE_BYTES,
  /** An item's JSON size in bytes; give a cheaper exact one for items of a known shape. */
  sizeOf: (item: Item) => number = jsonBytes,
): Page<Item>[] {
  const pages: Page<Item>[] = [];
  let current: Item[] = [];
  // 2 bytes for the brackets of the array, 1 per separating comma.
  let size = 2;
  for (const item of items) {
    const itemSize = sizeOf(item);
    const added = current.length === 0 ? itemSize : itemSize + 1;
    if (current.length > 0 && size + added > maxBytes) {
      pages.push({ index: pages.length, items: current });
      current = [];
      size = 2;
    }
    current.push(item);
    size += current.length === 1 ? itemSize : itemSize + 1;
  }
  if (current.length > 0) pages.push({ index: pages.length, items: current });
  return pages;
}

/**
 * Digest over pages in order: h0 = SHA-256("plenary-pages/v1"), h(i+1) = SHA-256(h(i) ‖ JSON of
 * page i's items). A chain rather than a hash of the concatenation so a reader can check pages
 * as they stream past without holding them all.
 */
export function pagesDigest(pages: Iterable<readonly unknown[]>): string {
  let digest = createHash('sha256').update('plenary-pages/v1').digest();
  for (const items of pages) {
    digest = createHash('sha256').update(digest).update(JSON.stringify(items), 'utf8').digest();
  }
  return digest.toString('hex');
}

export function summarizePages<Item>(pages: readonly Page<Item>[]): PagesSummary {
  return {
    pageCount: pages.length,
    itemCount: pages.reduce((count, page) => count + page.items.length, 0),
    digest: pagesDigest(pages.map((page) => page.items)),
  };
}

/** Problems found when pages read back are checked against their summary; empty when they match. */
export function checkPages<Item>(pages: readonly Page<Item>[], summary: PagesSummary): string[] {
  const problems: string[] = [];
  const ordered = [...pages].sort((a, b) => a.index - b.index);
  ordered.forEach((page, position) => {
    if (page.index !== position) problems.push(`page ${position} is missing (next present is ${page.index})`);
  });
  if (ordered.length !== summary.pageCount)
    problems.push(`expected ${summary.pageCount} pages, found ${ordered.length}`);
  const items = ordered.reduce((count, page) => count + page.items.length, 0);
  if (items !== summary.itemCount) problems.push(`expected ${summary.itemCount} items, found ${items}`);
  const digest = pagesDigest(ordered.map((page) => page.items));
  if (digest !== summary.digest) problems.push(`pages digest ${digest} differs from the recorded ${summary.digest}`);
  return problems;
}
