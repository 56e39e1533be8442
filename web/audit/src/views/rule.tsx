import { ApiError, RULE, gql } from '../api';
import { formatDate, t, type MessageKey } from '../i18n';
import { useLoad } from '../load';
import { AsOfPicker, asOfArgument } from './as-of';
import { Status } from './status';
import { Tally, TallyData } from './tally';

interface RuleView {
  rule: {
    id: string;
    title: string;
    status: string;
    versions: {
      totalCount: number;
      nodes: Array<{
        version: number;
        enactedAt: string;
        clauses: string[];
        enactment: { vote: { tally: TallyData | null } };
      }>;
    };
  };
}

/** The rule as of the date, or null when it had not been adopted by then. */
async function ruleAt(id: string, date: string): Promise<RuleView['rule'] | null> {
  try {
    return (await gql<RuleView>(RULE, { id, asOf: asOfArgument(date) })).rule;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** A rule with every version and the tally of the vote behind each, each linked to how it was adopted. */
export function RulePage({ id, date, onDate }: { id: string; date: string; onDate: (date: string) => void }) {
  const loaded = useLoad(() => ruleAt(id, date), [id, date]);
  return (
    <section aria-labelledby="rule-heading">
      <p>
        <a href={`#/charter${date === '' ? '' : `?asOf=${date}`}`}>{t('rule.back')}</a>
      </p>
      <AsOfPicker date={date} onChange={onDate} />
      <Status loaded={loaded}>
        {(rule) => {
          if (rule === null) return <h1 id="rule-heading">{t('rule.notFound')}</h1>;
          return (
            <>
              <h1 id="rule-heading">
                {t('rule.heading', { title: rule.title })}{' '}
                <span class="meta">({t(`rule.status.${rule.status}` as MessageKey)})</span>
              </h1>
              {rule.versions.nodes.length > 1 && (
                <p>
                  <a
                    href={`#/diff/${rule.id}/${rule.versions.nodes.length - 1}/${rule.versions.nodes.length}${date === '' ? '' : `?asOf=${date}`}`}
                  >
                    {t('diff.link')}
                  </a>
                </p>
              )}
              {[...rule.versions.nodes].reverse().map((version) => (
                <article key={version.version} class="version" aria-labelledby={`version-${version.version}`}>
                  <h2 id={`version-${version.version}`}>
                    {t('rule.version', { version: version.version })}{' '}
                    <span class="meta">{t('charter.enacted', { date: formatDate(version.enactedAt) })}</span>
                  </h2>
                  <ol class="clauses">
                    {version.clauses.map((clause, i) => (
                      <li key={i}>{clause}</li>
                    ))}
                  </ol>
                  <p>
                    <a href={`#/provenance/${rule.id}/${version.version}${date === '' ? '' : `?asOf=${date}`}`}>
                      {t('rule.provenance', { version: version.version })}
                    </a>
                  </p>
                  <h3>{t('rule.vote')}</h3>
                  <Tally tally={version.enactment.vote.tally} />
                </article>
              ))}
            </>
          );
        }}
      </Status>
    </section>
  );
}
