import { STRUCTURE, STRUCTURE_CHAPTERS, gql } from '../api';
import { formatNumber, t, type MessageKey } from '../i18n';
import { useLoad } from '../load';
import { AsOfPicker, asOfArgument } from './as-of';
import { type Connection, MoreButton, usePaged } from './paged';
import { Status } from './status';

interface StructureChapter {
  name: string;
  kind: string;
  region: string | null;
  memberCount: number;
}

interface StructureView {
  organizationStructure: {
    phase: string;
    interim: null | {
      committee: Array<{ pseudonym: string }>;
      branches: Array<{ name: string }>;
      chapters: Connection<StructureChapter>;
    };
    final: null | {
      bodies: Connection<{ name: string; mandate: string[]; composition: Array<{ role: string; seats: number }> }>;
    };
  };
}

export function StructurePage({ date, onDate }: { date: string; onDate: (date: string) => void }) {
  const loaded = useLoad(() => gql<StructureView>(STRUCTURE, { asOf: asOfArgument(date) }), [date]);
  return (
    <section aria-labelledby="structure-heading">
      <h1 id="structure-heading">{t('structure.heading')}</h1>
      <AsOfPicker date={date} onChange={onDate} />
      <Status loaded={loaded}>
        {({ organizationStructure: s }) => (
          <>
            <p>
              {t('structure.phase')}: <strong id="phase">{t(`structure.phase.${s.phase}` as MessageKey)}</strong>
            </p>
            {s.interim !== null && (
              <>
                <h2>{t('structure.committee')}</h2>
                <ul>
                  {s.interim.committee.map((m) => (
                    <li key={m.pseudonym}>{m.pseudonym}</li>
                  ))}
                </ul>
                <h2>{t('structure.branches')}</h2>
                <ul>
                  {s.interim.branches.map((b) => (
                    <li key={b.name}>{b.name}</li>
                  ))}
                </ul>
                <Chapters first={s.interim.chapters} date={date} />
              </>
            )}
            {s.final !== null && (
              <>
                <h2>{t('charter.bodies')}</h2>
                <ul>
                  {s.final.bodies.nodes.map((b) => (
                    <li key={b.name}>
                      <strong>{b.name}</strong>:{' '}
                      {b.composition.map((c) => `${c.role} ×${formatNumber(c.seats)}`).join(', ')}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </Status>
    </section>
  );
}

function Chapters({ first, date }: { first: Connection<StructureChapter>; date: string }) {
  const chapters = usePaged(first, async (after) => {
    const page = await gql<{ organizationStructure: { interim: { chapters: Connection<StructureChapter> } } }>(
      STRUCTURE_CHAPTERS,
      { asOf: asOfArgument(date), after },
    );
    return page.organizationStructure.interim.chapters;
  });
  return (
    <>
      <table>
        <caption>{t('structure.chapters')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('structure.name')}</th>
            <th scope="col">{t('structure.region')}</th>
            <th scope="col">{t('structure.members')}</th>
          </tr>
        </thead>
        <tbody>
          {chapters.nodes.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td>{c.region ?? c.kind}</td>
              <td class="number">{formatNumber(c.memberCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreButton paged={chapters} label={t('structure.moreChapters')} />
    </>
  );
}
