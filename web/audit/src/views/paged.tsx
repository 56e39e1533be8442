import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';

/** A page of one of the API's connections, as the page asks for it. */
export interface Connection<T> {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  nodes: T[];
}

export interface Paged<T> {
  readonly nodes: readonly T[];
  readonly totalCount: number;
  /** Fetches the page after the last one shown; null when every node is shown. */
  readonly more: (() => void) | null;
  readonly busy: boolean;
  readonly error: string | null;
}

/**
 * The nodes of a connection shown so far: the first page as loaded with the view, then each
 * next page fetched from the last page's cursor when the reader asks for it.
 */
export function usePaged<T>(first: Connection<T>, next: (after: string) => Promise<Connection<T>>): Paged<T> {
  const [pages, setPages] = useState<Connection<T>[]>([first]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setPages([first]), [first]);
  const last = pages[pages.length - 1];
  const more =
    last.pageInfo.hasNextPage && last.pageInfo.endCursor !== null && !busy
      ? () => {
          setBusy(true);
          setError(null);
          next(last.pageInfo.endCursor as string).then(
            (page) => {
              setPages([...pages, page]);
              setBusy(false);
            },
            (failure: unknown) => {
              setError(String((failure as Error)?.message ?? failure));
              setBusy(false);
            },
          );
        }
      : null;
  return { nodes: pages.flatMap((page) => page.nodes), totalCount: last.totalCount, more, busy, error };
}

/** "Shown n of m" and the button that fetches the next page. */
export function MoreButton({ paged, label }: { paged: Paged<unknown>; label: string }) {
  if (paged.nodes.length >= paged.totalCount && paged.error === null) return null;
  return (
    <p class="more">
      <span>{t('paged.shown', { shown: paged.nodes.length, total: paged.totalCount })}</span>{' '}
      {paged.more !== null && (
        <button type="button" onClick={paged.more}>
          {label}
        </button>
      )}
      {paged.error !== null && <span role="alert">{t('error', { message: paged.error })}</span>}
    </p>
  );
}
