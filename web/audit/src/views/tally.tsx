import { formatNumber, label, t } from '../i18n';

/** The counts of a recorded tally (the API's JSON until the typed tally of the audit read models). */
export function tallyRows(
  tallyJson: string | null,
): { method: string; outcome: string; rows: Array<[string, number]> } | null {
  if (tallyJson === null) return null;
  const tally = JSON.parse(tallyJson) as Record<string, unknown>;
  const counts = [tally.tally, tally.voters].find(
    (candidate): candidate is Record<string, number> =>
      candidate !== null &&
      typeof candidate === 'object' &&
      Object.values(candidate).every((v) => typeof v === 'number'),
  );
  return {
    method: String(tally.method ?? ''),
    outcome: String(tally.outcome ?? ''),
    rows: Object.entries(counts ?? {}),
  };
}

export function Tally({ tallyJson }: { tallyJson: string | null }) {
  const tally = tallyRows(tallyJson);
  if (tally === null) return <p>{t('tally.none')}</p>;
  const total = tally.rows.reduce((sum, [, n]) => sum + n, 0);
  const max = Math.max(1, ...tally.rows.map(([, n]) => n));
  const barHeight = 28;
  return (
    <div class="tally">
      <p>
        {t('tally.method', { method: tally.method })} ·{' '}
        {t('tally.outcome', { outcome: label('outcome', tally.outcome) })}
      </p>
      <table>
        <caption>{t('tally.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tally.choice')}</th>
            <th scope="col">{t('tally.count')}</th>
            <th scope="col">{t('tally.share')}</th>
          </tr>
        </thead>
        <tbody>
          {tally.rows.map(([choice, n]) => (
            <tr key={choice} data-choice={choice}>
              <th scope="row">{label('choice', choice)}</th>
              <td class="number">{formatNumber(n)}</td>
              <td class="number">
                {formatNumber(total === 0 ? 0 : n / total, { style: 'percent', maximumFractionDigits: 1 })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* Labelled bars with their numbers written out, distinguished by pattern as well as shade. */}
      <svg
        role="img"
        aria-label={t('tally.chart')}
        width="420"
        height={tally.rows.length * (barHeight + 8) + 8}
        class="chart"
      >
        <defs>
          <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2" />
          </pattern>
        </defs>
        {tally.rows.map(([choice, n], i) => {
          const y = 8 + i * (barHeight + 8);
          const width = (n / max) * 240;
          return (
            <g key={choice}>
              <text x="0" y={y + barHeight * 0.7} font-size="14">
                {label('choice', choice)}
              </text>
              <rect
                x="90"
                y={y}
                width={width}
                height={barHeight}
                fill={i % 2 === 0 ? '#1d4f91' : 'url(#hatch)'}
                stroke="#000"
              />
              <text x={96 + width} y={y + barHeight * 0.7} font-size="14">
                {formatNumber(n)}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
