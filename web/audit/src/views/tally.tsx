import { formatNumber, label, t } from '../i18n';

/** A convention vote's tally as the API types it (see TALLY in api.ts). */
export interface TallyData {
  readonly method: string;
  readonly yesNo: { outcome: string; voters: { yes: number; no: number; abstain: number } } | null;
  readonly ranked: { outcome: string; winner: string | null } | null;
}

/** The rows the table and the chart show: voters behind each choice of a yes/no vote. */
export function tallyRows(
  tally: TallyData | null,
): { method: string; outcome: string; rows: Array<[string, number]> } | null {
  if (tally === null) return null;
  const voters = tally.yesNo?.voters;
  return {
    method: tally.method,
    outcome: tally.yesNo?.outcome ?? tally.ranked?.outcome ?? '',
    rows:
      voters === undefined
        ? []
        : [
            ['yes', voters.yes],
            ['no', voters.no],
            ['abstain', voters.abstain],
          ],
  };
}

export function Tally({ tally: data }: { tally: TallyData | null }) {
  const tally = tallyRows(data);
  if (tally === null) return <p>{t('tally.none')}</p>;
  const total = tally.rows.reduce((sum, [, n]) => sum + n, 0);
  const max = Math.max(1, ...tally.rows.map(([, n]) => n));
  const barHeight = 28;
  return (
    <div class="tally">
      <p>
        {t('tally.method', { method: label('method', tally.method) })} ·{' '}
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
