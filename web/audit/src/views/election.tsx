import { DECISION_RECORDED, ELECTION, gql } from '../api';
import { formatNumber, label, t } from '../i18n';
import { useLoad } from '../load';
import { Recorded, type RecordedData } from './recorded';
import { Status } from './status';

interface Stage {
  stage: number;
  action: string;
  transferring: string | null;
  elected: string[];
  excluded: string[];
  nonTransferablePapers: number | null;
  transfers: Array<{ papers: number; transferValue: string; value: string }>;
  lines: Array<{ candidate: string; votes: string; change: string; status: string }>;
}

interface ElectionData {
  delegateElection: null | {
    id: string;
    method: string;
    seats: number;
    alternates: number;
    ballots: number;
    status: string;
    nominations: Array<{ candidateId: string; pseudonym: string }>;
    tally: null | {
      elected: string[];
      alternates: string[];
      working: null | {
        method: string;
        ballots: number;
        blank: number;
        quota: number | null;
        approvals: Array<{ candidate: string; approvals: number }>;
        stages: Stage[];
        lots: Array<{ context: string; order: string[] }>;
      };
    };
  };
  chapter: { name: string } | null;
}

type Loaded = ElectionData & { tallied: RecordedData | null };

/** A chapter's delegate election and the full working of its count: STV stages and transfers, or approvals. */
export function ElectionPage({ conventionId, chapterId }: { conventionId: string; chapterId: string }) {
  const loaded = useLoad(async (): Promise<Loaded> => {
    const data = await gql<ElectionData>(ELECTION, { conventionId, chapterId });
    if (data.delegateElection === null) return { ...data, tallied: null };
    const { decision } = await gql<{ decision: { closed: RecordedData | null } | null }>(DECISION_RECORDED, {
      id: data.delegateElection.id,
    });
    return { ...data, tallied: decision?.closed ?? null };
  }, [conventionId, chapterId]);
  return (
    <section aria-labelledby="election-heading">
      <Status loaded={loaded}>
        {({ delegateElection: e, chapter, tallied }) => {
          const chapterName = chapter?.name ?? chapterId;
          if (e === null) return <h1 id="election-heading">{t('election.notFound')}</h1>;
          const names = new Map(e.nominations.map((n) => [n.candidateId, n.pseudonym]));
          const name = (id: string) => names.get(id) ?? id;
          const working = e.tally?.working ?? null;
          return (
            <>
              <h1 id="election-heading">{t('election.heading', { chapter: chapterName })}</h1>
              <p>
                <a href={`#/apportionment/${conventionId}?chapter=${chapterId}`}>
                  {t('provenance.openApportionment', { chapter: chapterName })}
                </a>
              </p>
              <dl>
                <dt>{t('provenance.method')}</dt>
                <dd id="election-method">{label('method', e.method)}</dd>
                <dt>{t('election.seats')}</dt>
                <dd>{formatNumber(e.seats)}</dd>
                <dt>{t('election.alternates')}</dt>
                <dd>{formatNumber(e.alternates)}</dd>
                <dt>{t('election.ballots')}</dt>
                <dd id="election-ballots">{formatNumber(working?.ballots ?? e.ballots)}</dd>
                {working !== null && (
                  <>
                    <dt>{t('election.blank')}</dt>
                    <dd>{formatNumber(working.blank)}</dd>
                  </>
                )}
                {working?.quota != null && (
                  <>
                    <dt>{t('election.quota')}</dt>
                    <dd id="election-quota">{formatNumber(working.quota)}</dd>
                  </>
                )}
                <dt>{t('election.tallied')}</dt>
                <dd>
                  <Recorded recorded={tallied} />
                </dd>
              </dl>
              {e.tally === null ? (
                <p>{t('election.notTallied')}</p>
              ) : (
                <>
                  <h2>{t('election.elected')}</h2>
                  <ol id="elected">
                    {e.tally.elected.map((id) => (
                      <li key={id}>{name(id)}</li>
                    ))}
                  </ol>
                  <h2>{t('election.alternates')}</h2>
                  {e.tally.alternates.length === 0 ? (
                    <p>{t('charter.none')}</p>
                  ) : (
                    <ol id="alternates">
                      {e.tally.alternates.map((id) => (
                        <li key={id}>{name(id)}</li>
                      ))}
                    </ol>
                  )}
                </>
              )}
              {working !== null && working.stages.length > 0 && (
                <StvWorking stages={working.stages} quota={working.quota} name={name} />
              )}
              {working !== null && working.approvals.length > 0 && (
                <table>
                  <caption>{t('election.approvals')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('election.candidate')}</th>
                      <th scope="col">{t('election.approvalCount')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {working.approvals.map((line) => (
                      <tr key={line.candidate} data-candidate={name(line.candidate)}>
                        <th scope="row">{name(line.candidate)}</th>
                        <td class="number">{formatNumber(line.approvals)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {working !== null && <Lots lots={working.lots} name={name} />}
            </>
          );
        }}
      </Status>
    </section>
  );
}

export function Lots({
  lots,
  name,
}: {
  lots: Array<{ context: string; order: string[] }>;
  name: (id: string) => string;
}) {
  if (lots.length === 0) return null;
  return (
    <>
      <h2>{t('election.lots')}</h2>
      <ul>
        {lots.map((lot, i) => (
          <li key={i}>
            <code>{lot.context}</code>: {lot.order.map(name).join(', ')}
          </li>
        ))}
      </ul>
    </>
  );
}

function StvWorking({ stages, quota, name }: { stages: Stage[]; quota: number | null; name: (id: string) => string }) {
  const candidates = stages[0].lines.map((line) => line.candidate);
  const at = (stage: Stage, candidate: string) => stage.lines.find((line) => line.candidate === candidate);
  return (
    <>
      <h2>{t('election.stages')}</h2>
      <table id="stages">
        <caption>{t('election.stagesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('election.candidate')}</th>
            {stages.map((s) => (
              <th scope="col" key={s.stage}>
                {t('election.stage', { stage: s.stage })}
                <br />
                <span class="meta">{label('action', s.action)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {candidates.map((candidate) => (
            <tr key={candidate} data-candidate={name(candidate)}>
              <th scope="row">{name(candidate)}</th>
              {stages.map((s) => {
                const line = at(s, candidate);
                if (line === undefined) return <td key={s.stage} />;
                const marker = s.elected.includes(candidate)
                  ? ` ✔ ${label('line', 'elected')}`
                  : s.excluded.includes(candidate)
                    ? ` ✘ ${label('line', 'excluded')}`
                    : '';
                return (
                  <td key={s.stage} class="number" data-stage={s.stage}>
                    {line.votes} <span class="meta">({line.change})</span>
                    {marker !== '' && <strong>{marker}</strong>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <ol class="stages" id="stage-steps">
        {stages.map((s) => (
          <li key={s.stage} data-stage={s.stage}>
            <strong>{t('election.stage', { stage: s.stage })}</strong>: {label('action', s.action)}
            {s.transferring !== null && ` — ${name(s.transferring)}`}
            {s.nonTransferablePapers !== null && (
              <> · {t('election.nonTransferable', { papers: s.nonTransferablePapers })}</>
            )}
            {s.elected.length > 0 && <> · {t('election.electedHere', { names: s.elected.map(name).join(', ') })}</>}
            {s.excluded.length > 0 && <> · {t('election.excludedHere', { names: s.excluded.map(name).join(', ') })}</>}
            {s.transfers.length > 0 && (
              <ul>
                {s.transfers.map((parcel, i) => (
                  <li key={i}>
                    {t('election.transfer', {
                      papers: parcel.papers,
                      transferValue: parcel.transferValue,
                      value: parcel.value,
                    })}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      <StageChart stages={stages} candidates={candidates} quota={quota} name={name} />
    </>
  );
}

/**
 * Votes of each candidate at the end of each stage, one small bar per stage, the quota as a
 * dashed line: numbers are written beside the bars, so it reads without colour.
 */
function StageChart({
  stages,
  candidates,
  quota,
  name,
}: {
  stages: Stage[];
  candidates: string[];
  quota: number | null;
  name: (id: string) => string;
}) {
  const votes = (s: Stage, c: string) => Number(s.lines.find((line) => line.candidate === c)?.votes ?? 0);
  const max = Math.max(1, quota ?? 0, ...stages.flatMap((s) => candidates.map((c) => votes(s, c))));
  const cell = 110;
  const bar = 70;
  const left = 130;
  const row = 26;
  const width = left + stages.length * cell;
  const height = 24 + candidates.length * row;
  return (
    <svg role="img" aria-label={t('election.chart')} width={width} height={height} class="chart">
      {stages.map((s, j) => (
        <text key={s.stage} x={left + j * cell} y="16" font-size="13">
          {t('election.stage', { stage: s.stage })}
        </text>
      ))}
      {candidates.map((c, i) => {
        const y = 24 + i * row;
        return (
          <g key={c}>
            <text x="0" y={y + 15} font-size="13">
              {name(c)}
            </text>
            {stages.map((s, j) => {
              const x = left + j * cell;
              const w = (votes(s, c) / max) * bar;
              return (
                <g key={s.stage}>
                  <rect x={x} y={y + 3} width={w} height={row - 8} fill="#1d4f91" stroke="#000" />
                  <text x={x + w + 3} y={y + 15} font-size="11">
                    {formatNumber(votes(s, c), { maximumFractionDigits: 2 })}
                  </text>
                  {quota !== null && (
                    <line
                      x1={x + (quota / max) * bar}
                      x2={x + (quota / max) * bar}
                      y1={y}
                      y2={y + row - 2}
                      stroke="#000"
                      stroke-dasharray="3 2"
                    />
                  )}
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}
