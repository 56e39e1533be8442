import { PROVENANCE_VERSIONS, RULE_DIFF, gql } from '../api';
import { formatNumber, label, t } from '../i18n';
import { useLoad } from '../load';
import { AsOfPicker, asOfArgument } from './as-of';
import { ClauseOrigin, type ClauseOriginData } from './clause-origin';
import { Status } from './status';

interface ClauseChange {
  change: 'UNCHANGED' | 'CHANGED' | 'ADDED' | 'REMOVED';
  identity: string;
  oldNumber: number | null;
  newNumber: number | null;
  oldText: string | null;
  newText: string | null;
  origin: ClauseOriginData | null;
}
interface Loaded {
  rule: { title: string; versions: { nodes: Array<{ version: number }> } };
  from: number;
  to: number;
  changes: ClauseChange[] | null;
}

const withDate = (href: string, date: string) => (date === '' ? href : `${href}?asOf=${date}`);

/**
 * The words two texts share at their start and end, and what differs between: the differing
 * run is what the view marks as removed (in the old text) and added (in the new one).
 */
export function wordChange(
  before: string,
  after: string,
): { prefix: string; removed: string; added: string; suffix: string } {
  const a = before.split(/(\s+)/);
  const b = after.split(/(\s+)/);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end += 1;
  return {
    prefix: a.slice(0, start).join(''),
    removed: a.slice(start, a.length - end).join(''),
    added: b.slice(start, b.length - end).join(''),
    suffix: a.slice(a.length - end).join(''),
  };
}

/** A clause-by-clause diff between two versions of a rule, chosen with two version pickers. */
export function DiffPage({
  id,
  from: wantedFrom,
  to: wantedTo,
  date,
  onDate,
}: {
  id: string;
  from: string;
  to: string;
  date: string;
  onDate: (date: string) => void;
}) {
  const loaded = useLoad(async (): Promise<Loaded> => {
    const asOf = asOfArgument(date);
    const { rule } = await gql<{ rule: Loaded['rule'] }>(PROVENANCE_VERSIONS, { id, asOf });
    const numbers = rule.versions.nodes.map((v) => v.version);
    const latest = numbers[numbers.length - 1] ?? 1;
    const pick = (wanted: string, fallback: number) =>
      /^\d+$/.test(wanted) && numbers.includes(Number(wanted)) ? Number(wanted) : fallback;
    const to = pick(wantedTo, latest);
    const from = pick(wantedFrom, Math.max(1, to - 1));
    if (from > to || numbers.length < 2) return { rule, from, to, changes: null };
    const { ruleDiff } = await gql<{ ruleDiff: { changes: ClauseChange[] } }>(RULE_DIFF, { id, from, to, asOf });
    return { rule, from, to, changes: ruleDiff.changes };
  }, [id, wantedFrom, wantedTo, date]);
  const go = (from: number, to: number) => {
    location.hash = withDate(`#/diff/${id}/${from}/${to}`, date);
  };
  return (
    <section aria-labelledby="diff-heading">
      <p>
        <a href={withDate(`#/rule/${id}`, date)}>{t('provenance.back')}</a>
      </p>
      <AsOfPicker date={date} onChange={onDate} />
      <Status loaded={loaded}>
        {({ rule, from, to, changes }) => (
          <>
            <h1 id="diff-heading">{t('diff.heading', { title: rule.title })}</h1>
            <form class="pickers" onSubmit={(e) => e.preventDefault()}>
              <label for="diff-from">{t('diff.from')}</label>
              <select id="diff-from" value={String(from)} onChange={(e) => go(Number(e.currentTarget.value), to)}>
                {rule.versions.nodes.map((v) => (
                  <option key={v.version} value={String(v.version)}>
                    {t('rule.version', { version: v.version })}
                  </option>
                ))}
              </select>
              <label for="diff-to">{t('diff.to')}</label>
              <select id="diff-to" value={String(to)} onChange={(e) => go(from, Number(e.currentTarget.value))}>
                {rule.versions.nodes.map((v) => (
                  <option key={v.version} value={String(v.version)}>
                    {t('rule.version', { version: v.version })}
                  </option>
                ))}
              </select>
            </form>
            {rule.versions.nodes.length < 2 ? (
              <p>{t('diff.oneVersion')}</p>
            ) : changes === null ? (
              <p role="alert">{t('diff.order')}</p>
            ) : (
              <Changes from={from} to={to} changes={changes} />
            )}
          </>
        )}
      </Status>
    </section>
  );
}

function Changes({ from, to, changes }: { from: number; to: number; changes: ClauseChange[] }) {
  const number = (value: number | null) => (value === null ? t('diff.none') : formatNumber(value));
  return (
    <table id="diff">
      <caption>{t('diff.caption', { from, to })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('diff.change')}</th>
          <th scope="col">{t('diff.numbers')}</th>
          <th scope="col">{t('diff.before')}</th>
          <th scope="col">{t('diff.after')}</th>
          <th scope="col">{t('diff.origin')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.identity} data-change={c.change} class={`change-${c.change.toLowerCase()}`}>
            <th scope="row" data-cell="change">
              {label('change', c.change)}
            </th>
            <td data-cell="numbers">
              {number(c.oldNumber)} → {number(c.newNumber)}
            </td>
            <td data-cell="before">
              <Text change={c} side="before" />
            </td>
            <td data-cell="after">
              <Text change={c} side="after" />
            </td>
            <td data-cell="origin">{c.origin === null ? t('diff.none') : <ClauseOrigin origin={c.origin} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * One side of a clause's change. The changed words are struck through (removed) or underlined
 * (added), and each run is introduced by a word for screen readers, so the change never rests
 * on colour.
 */
function Text({ change: c, side }: { change: ClauseChange; side: 'before' | 'after' }) {
  const text = side === 'before' ? c.oldText : c.newText;
  if (text === null) return <>{t('diff.none')}</>;
  if (c.change === 'REMOVED')
    return (
      <del>
        <span class="visually-hidden">{t('diff.removedWords')} </span>
        {text}
      </del>
    );
  if (c.change === 'ADDED')
    return (
      <ins>
        <span class="visually-hidden">{t('diff.addedWords')} </span>
        {text}
      </ins>
    );
  if (c.change === 'UNCHANGED' || c.oldText === null || c.newText === null) return <>{text}</>;
  const words = wordChange(c.oldText, c.newText);
  return (
    <>
      {words.prefix}
      {side === 'before' && words.removed !== '' && (
        <del>
          <span class="visually-hidden">{t('diff.removedWords')} </span>
          {words.removed}
        </del>
      )}
      {side === 'after' && words.added !== '' && (
        <ins>
          <span class="visually-hidden">{t('diff.addedWords')} </span>
          {words.added}
        </ins>
      )}
      {words.suffix}
    </>
  );
}
