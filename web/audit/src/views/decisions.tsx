import { DECISIONS, gql } from '../api';
import { formatDate, label, t } from '../i18n';
import { useLoad } from '../load';
import { AsOfPicker, asOfArgument } from './as-of';
import { type Connection, MoreButton, usePaged } from './paged';
import { Recorded, type RecordedData } from './recorded';
import { Status } from './status';

export const DECISION_KINDS = [
  'INTERIM_DECISION',
  'CONVENTION_VOTE',
  'DELEGATE_ELECTION',
  'REFERENDUM',
  'PHASE_CHANGE',
];
export const DECISION_STATUSES = ['OPEN', 'OVERDUE', 'PENDING', 'ADOPTED', 'REJECTED', 'LAPSED'];

interface Decision {
  id: string;
  kind: string;
  body: string;
  bodyId: string;
  subject: string;
  status: string;
  openedAt: string;
  deadline: string | null;
  closedAt: string | null;
  waitingOn: { party: string; description: string; outstanding: number | null; of: number | null } | null;
  opened: RecordedData;
  closed: RecordedData | null;
}

/** The tracker's filter from the address: a kind and a status, each empty for all. */
function filterOf(kind: string, status: string): Record<string, string[]> | null {
  const filter: Record<string, string[]> = {};
  if (DECISION_KINDS.includes(kind)) filter.kinds = [kind];
  if (DECISION_STATUSES.includes(status)) filter.statuses = [status];
  return Object.keys(filter).length === 0 ? null : filter;
}

/**
 * The committee's and the secretariat's decision tracker: every decision with its status,
 * deadline and what it waits on, filtered by kind and status, 20 a page.
 */
export function DecisionsPage({
  kind,
  status,
  date,
  onDate,
}: {
  kind: string;
  status: string;
  date: string;
  onDate: (date: string) => void;
}) {
  const fetchPage = (after: string | null) =>
    gql<{ decisions: Connection<Decision> }>(DECISIONS, {
      filter: filterOf(kind, status),
      after,
      asOf: asOfArgument(date),
    }).then((page) => page.decisions);
  const loaded = useLoad(() => fetchPage(null), [kind, status, date]);
  const go = (nextKind: string, nextStatus: string) => {
    const params = new URLSearchParams();
    if (nextKind !== '') params.set('kind', nextKind);
    if (nextStatus !== '') params.set('status', nextStatus);
    if (date !== '') params.set('asOf', date);
    const query = params.toString();
    location.hash = `#/decisions${query === '' ? '' : `?${query}`}`;
  };
  return (
    <section aria-labelledby="decisions-heading">
      <h1 id="decisions-heading">{t('decisions.heading')}</h1>
      <p>{t('decisions.intro')}</p>
      <AsOfPicker date={date} onChange={onDate} />
      <form class="pickers" onSubmit={(e) => e.preventDefault()}>
        <label for="decision-kind">{t('decisions.kind')}</label>
        <select id="decision-kind" value={kind} onChange={(e) => go(e.currentTarget.value, status)}>
          <option value="">{t('decisions.all')}</option>
          {DECISION_KINDS.map((k) => (
            <option key={k} value={k}>
              {label('decisionKind', k)}
            </option>
          ))}
        </select>
        <label for="decision-status">{t('decisions.status')}</label>
        <select id="decision-status" value={status} onChange={(e) => go(kind, e.currentTarget.value)}>
          <option value="">{t('decisions.all')}</option>
          {DECISION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {label('decisionStatus', s)}
            </option>
          ))}
        </select>
      </form>
      <Status loaded={loaded}>{(first) => <DecisionTable first={first} next={fetchPage} />}</Status>
    </section>
  );
}

function DecisionTable({
  first,
  next,
}: {
  first: Connection<Decision>;
  next: (after: string) => Promise<Connection<Decision>>;
}) {
  const decisions = usePaged(first, next);
  if (decisions.nodes.length === 0) return <p id="decisions-none">{t('decisions.none')}</p>;
  return (
    <>
      <table id="decisions">
        <caption>{t('decisions.caption', { count: decisions.totalCount })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('decisions.subject')}</th>
            <th scope="col">{t('decisions.kind')}</th>
            <th scope="col">{t('decisions.body')}</th>
            <th scope="col">{t('decisions.status')}</th>
            <th scope="col">{t('decisions.opened')}</th>
            <th scope="col">{t('decisions.deadline')}</th>
            <th scope="col">{t('decisions.waitingOn')}</th>
          </tr>
        </thead>
        <tbody>
          {decisions.nodes.map((d) => (
            <tr key={d.id} data-decision={d.id} data-kind={d.kind} data-status={d.status}>
              <th scope="row" data-cell="subject">
                {d.subject}
              </th>
              <td data-cell="kind">{label('decisionKind', d.kind)}</td>
              <td data-cell="body">{label('decisionBody', d.body)}</td>
              <td data-cell="status">
                <strong>{label('decisionStatus', d.status)}</strong>
              </td>
              <td data-cell="opened">
                <Recorded recorded={d.opened} />
              </td>
              <td data-cell="deadline">{d.deadline === null ? t('diff.none') : formatDate(d.deadline)}</td>
              <td data-cell="waiting-on">{d.waitingOn === null ? t('diff.none') : d.waitingOn.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreButton paged={decisions} label={t('decisions.more')} />
    </>
  );
}
