import { CHARTER, type CharterList, charterPage, gql } from '../api';
import { formatDate, t } from '../i18n';
import { useLoad } from '../load';
import { AsOfPicker, asOfArgument } from './as-of';
import { type Connection, MoreButton, type Paged, usePaged } from './paged';
import { Status } from './status';

interface Entry {
  id: string;
  title: string;
  clauses: string[];
  enactedAt: string;
}
interface CharterRule {
  id: string;
  title: string;
  status: string;
  versions: Array<{ version: number; enactedAt: string; clauses: string[] }>;
}
interface CharterView {
  charter: {
    rules: Connection<CharterRule>;
    bodies: Connection<Entry>;
    commitments: Connection<Entry>;
    campaigns: Connection<Entry>;
  };
}

export function CharterPage({ date, onDate }: { date: string; onDate: (date: string) => void }) {
  const loaded = useLoad(() => gql<CharterView>(CHARTER, { asOf: asOfArgument(date) }), [date]);
  return (
    <section aria-labelledby="charter-heading">
      <h1 id="charter-heading">{t('charter.heading')}</h1>
      <AsOfPicker date={date} onChange={onDate} />
      <Status loaded={loaded}>{({ charter }) => <CharterLists charter={charter} date={date} />}</Status>
    </section>
  );
}

/** The next page of one list, as of the date the charter was read at. */
function nextPage<T>(list: CharterList, date: string) {
  return async (after: string): Promise<Connection<T>> => {
    const page = await gql<{ charter: Record<CharterList, Connection<T>> }>(charterPage(list), {
      asOf: asOfArgument(date),
      after,
    });
    return page.charter[list];
  };
}

function CharterLists({ charter, date }: { charter: CharterView['charter']; date: string }) {
  const rules = usePaged(charter.rules, nextPage<CharterRule>('rules', date));
  const bodies = usePaged(charter.bodies, nextPage<Entry>('bodies', date));
  const commitments = usePaged(charter.commitments, nextPage<Entry>('commitments', date));
  const campaigns = usePaged(charter.campaigns, nextPage<Entry>('campaigns', date));
  return (
    <>
      <RuleList
        heading={t('charter.inForce')}
        id="in-force"
        rules={rules.nodes.filter((r) => r.status !== 'repealed')}
        date={date}
      />
      <RuleList
        heading={t('charter.repealed')}
        id="repealed"
        rules={rules.nodes.filter((r) => r.status === 'repealed')}
        date={date}
      />
      <MoreButton paged={rules} label={t('charter.moreRules')} />
      <Entries heading={t('charter.bodies')} id="bodies" entries={bodies} />
      <Entries heading={t('charter.commitments')} id="commitments" entries={commitments} />
      <Entries heading={t('charter.campaigns')} id="campaigns" entries={campaigns} />
    </>
  );
}

function RuleList({
  heading,
  id,
  rules,
  date,
}: {
  heading: string;
  id: string;
  rules: readonly CharterRule[];
  date: string;
}) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {rules.length === 0 ? (
        <p>{t('charter.none')}</p>
      ) : (
        <ul class="rules">
          {rules.map((rule) => {
            const latest = rule.versions[rule.versions.length - 1];
            return (
              <li key={rule.id}>
                <a href={`#/rule/${rule.id}${date === '' ? '' : `?asOf=${date}`}`}>{rule.title}</a>{' '}
                <span class="meta">
                  {t('charter.versions', { count: rule.versions.length })} ·{' '}
                  {t('charter.enacted', { date: formatDate(latest.enactedAt) })}
                </span>
                <ol class="clauses">
                  {latest.clauses.map((clause, i) => (
                    <li key={i}>{clause}</li>
                  ))}
                </ol>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Entries({ heading, id, entries }: { heading: string; id: string; entries: Paged<Entry> }) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {entries.nodes.length === 0 ? (
        <p>{t('charter.none')}</p>
      ) : (
        <ul>
          {entries.nodes.map((entry) => (
            <li key={entry.id}>
              <strong>{entry.title}</strong>{' '}
              <span class="meta">{t('charter.enacted', { date: formatDate(entry.enactedAt) })}</span>
              <ol class="clauses">
                {entry.clauses.map((clause, i) => (
                  <li key={i}>{clause}</li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
      )}
      <MoreButton paged={entries} label={t('charter.moreEntries', { list: heading })} />
    </section>
  );
}
