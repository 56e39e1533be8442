import { CHARTER, gql } from '../api';
import { formatDate, t } from '../i18n';
import { useLoad } from '../load';
import { AsOfPicker, asOfArgument } from './as-of';
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
  charter: { rules: CharterRule[]; bodies: Entry[]; commitments: Entry[]; campaigns: Entry[] };
}

export function CharterPage({ date, onDate }: { date: string; onDate: (date: string) => void }) {
  const loaded = useLoad(() => gql<CharterView>(CHARTER, { asOf: asOfArgument(date) }), [date]);
  return (
    <section aria-labelledby="charter-heading">
      <h1 id="charter-heading">{t('charter.heading')}</h1>
      <AsOfPicker date={date} onChange={onDate} />
      <Status loaded={loaded}>
        {({ charter }) => (
          <>
            <RuleList
              heading={t('charter.inForce')}
              id="in-force"
              rules={charter.rules.filter((r) => r.status !== 'repealed')}
              date={date}
            />
            <RuleList
              heading={t('charter.repealed')}
              id="repealed"
              rules={charter.rules.filter((r) => r.status === 'repealed')}
              date={date}
            />
            <Entries heading={t('charter.bodies')} id="bodies" entries={charter.bodies} />
            <Entries heading={t('charter.commitments')} id="commitments" entries={charter.commitments} />
            <Entries heading={t('charter.campaigns')} id="campaigns" entries={charter.campaigns} />
          </>
        )}
      </Status>
    </section>
  );
}

function RuleList({ heading, id, rules, date }: { heading: string; id: string; rules: CharterRule[]; date: string }) {
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

function Entries({ heading, id, entries }: { heading: string; id: string; entries: Entry[] }) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {entries.length === 0 ? (
        <p>{t('charter.none')}</p>
      ) : (
        <ul>
          {entries.map((entry) => (
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
    </section>
  );
}
