import { APPORTIONMENT, gql } from '../api';
import { formatDate, formatNumber, label, t } from '../i18n';
import { useLoad } from '../load';
import { Lots } from './election';
import { exact, verifyHref } from './recorded';
import { Status } from './status';

type Quotient = { exact: string; decimal: string };

interface ApportionmentData {
  convention: null | {
    id: string;
    title: string;
    apportionment: null | {
      method: string;
      totalSeats: number;
      minimumSeatsPerChapter: number;
      cutoffPosition: string;
      apportionedAt: string;
      chapters: Array<{ chapterId: string; name: string | null; members: number; seats: number }>;
      working: {
        totalPopulation: string;
        awards: Array<{ seat: number; unit: string; divisor: number; quotient: Quotient; byLot: boolean }>;
        hamiltonRounds: Array<{
          seats: number;
          population: string;
          raisedToMinimum: string[];
          lines: Array<{
            unit: string;
            floor: number;
            quota: Quotient;
            remainder: Quotient;
            extraSeat: boolean;
            byLot: boolean;
          }>;
        }>;
        lots: Array<{ context: string; order: string[] }>;
      };
    };
  };
}

/** How a convention's delegate seats were shared among the chapters, with the method's working. */
export function ApportionmentPage({ conventionId, chapterId }: { conventionId: string; chapterId: string }) {
  const loaded = useLoad(() => gql<ApportionmentData>(APPORTIONMENT, { id: conventionId }), [conventionId]);
  return (
    <section aria-labelledby="apportionment-heading">
      <Status loaded={loaded}>
        {({ convention }) => {
          const a = convention?.apportionment ?? null;
          if (convention === null || a === null) {
            return <h1 id="apportionment-heading">{t('apportionment.notFound')}</h1>;
          }
          const names = new Map(a.chapters.map((c) => [c.chapterId, c.name ?? c.chapterId]));
          const name = (id: string) => names.get(id) ?? id;
          const lastRound = a.working.hamiltonRounds[a.working.hamiltonRounds.length - 1];
          // The same deciding quotient the provenance chain names: the chapter's last seat, or its quota.
          const deciding = (unit: string): Quotient | null =>
            a.working.awards.filter((award) => award.unit === unit).pop()?.quotient ??
            lastRound?.lines.find((line) => line.unit === unit)?.quota ??
            null;
          return (
            <>
              <h1 id="apportionment-heading">{t('apportionment.heading', { convention: convention.title })}</h1>
              <dl>
                <dt>{t('provenance.method')}</dt>
                <dd id="apportionment-method">{label('method', a.method)}</dd>
                <dt>{t('apportionment.totalSeats')}</dt>
                <dd>{formatNumber(a.totalSeats)}</dd>
                <dt>{t('apportionment.minimum')}</dt>
                <dd>{formatNumber(a.minimumSeatsPerChapter)}</dd>
                <dt>{t('apportionment.totalMembers')}</dt>
                <dd>{exact(a.working.totalPopulation)}</dd>
                <dt>{t('apportionment.cutoff')}</dt>
                <dd>
                  {a.cutoffPosition}{' '}
                  <a href={verifyHref(a.cutoffPosition)}>{t('recorded.verify', { position: a.cutoffPosition })}</a>
                </dd>
                <dt>{t('apportionment.at')}</dt>
                <dd>{formatDate(a.apportionedAt)}</dd>
              </dl>
              <table id="apportionment-chapters">
                <caption>{t('apportionment.chapters')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('provenance.chapter')}</th>
                    <th scope="col">{t('apportionment.members')}</th>
                    <th scope="col">{t('apportionment.seats')}</th>
                    <th scope="col">{t('apportionment.quotient')}</th>
                    <th scope="col">{t('provenance.election')}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.chapters.map((c) => {
                    const q = deciding(c.chapterId);
                    return (
                      <tr
                        key={c.chapterId}
                        data-chapter={name(c.chapterId)}
                        class={c.chapterId === chapterId ? 'current' : undefined}
                        aria-current={c.chapterId === chapterId ? 'true' : undefined}
                      >
                        <th scope="row">{name(c.chapterId)}</th>
                        <td class="number" data-cell="members">
                          {formatNumber(c.members)}
                        </td>
                        <td class="number" data-cell="seats">
                          {formatNumber(c.seats)}
                        </td>
                        <td class="number" data-cell="quotient">
                          {q === null ? '—' : exact(q.exact)}
                        </td>
                        <td>
                          <a href={`#/election/${convention.id}/${c.chapterId}`}>
                            {t('provenance.openElection', { chapter: name(c.chapterId) })}
                          </a>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {a.working.awards.length > 0 && (
                <table id="awards">
                  <caption>{t('apportionment.awards')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('apportionment.seat')}</th>
                      <th scope="col">{t('provenance.chapter')}</th>
                      <th scope="col">{t('apportionment.divisor')}</th>
                      <th scope="col">{t('apportionment.awardQuotient')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.working.awards.map((award) => (
                      <tr key={award.seat}>
                        <th scope="row">{formatNumber(award.seat)}</th>
                        <td>{name(award.unit)}</td>
                        <td class="number">{formatNumber(award.divisor)}</td>
                        <td class="number">
                          {exact(award.quotient.exact)}
                          {award.byLot && ` (${t('apportionment.byLot')})`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {a.working.hamiltonRounds.map((round, i) => (
                <table key={i}>
                  <caption>
                    {t('apportionment.round', { round: i + 1, seats: round.seats, members: exact(round.population) })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('provenance.chapter')}</th>
                      <th scope="col">{t('apportionment.quota')}</th>
                      <th scope="col">{t('apportionment.floor')}</th>
                      <th scope="col">{t('apportionment.remainder')}</th>
                      <th scope="col">{t('apportionment.extra')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {round.lines.map((line) => (
                      <tr key={line.unit}>
                        <th scope="row">{name(line.unit)}</th>
                        <td class="number">{exact(line.quota.exact)}</td>
                        <td class="number">{formatNumber(line.floor)}</td>
                        <td class="number">{exact(line.remainder.exact)}</td>
                        <td>
                          {line.extraSeat ? t('apportionment.yes') : t('apportionment.no')}
                          {line.byLot && ` (${t('apportionment.byLot')})`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ))}
              <Lots lots={a.working.lots} name={name} />
            </>
          );
        }}
      </Status>
    </section>
  );
}
