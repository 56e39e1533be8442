import { formatDate, formatNumber, t } from '../i18n';

/** The event behind a link (see Recorded in the schema). */
export interface RecordedData {
  readonly position: string;
  readonly at: string;
  readonly eventType: string;
  readonly actor: string | null;
}

export function verifyHref(position: string): string {
  return `#/verify/${encodeURIComponent(position)}`;
}

/**
 * Where a fact was recorded: the event, when and by whom, its log position, and a link that
 * opens the verify view on that position (the inclusion proof is checked in the browser).
 */
export function Recorded({ recorded }: { recorded: RecordedData | null }) {
  if (recorded === null) return <span class="recorded">{t('recorded.none')}</span>;
  return (
    <span class="recorded" data-position={recorded.position}>
      {recorded.actor === null
        ? t('recorded.line', { event: recorded.eventType, date: formatDate(recorded.at) })
        : t('recorded.lineBy', {
            event: recorded.eventType,
            date: formatDate(recorded.at),
            actor: recorded.actor,
          })}{' '}
      <a href={verifyHref(recorded.position)}>{t('recorded.verify', { position: recorded.position })}</a>
    </span>
  );
}

/** An exact fraction as the API writes it ("10/3"), with its decimal value beside it when it is not whole. */
export function exact(value: string): string {
  const match = /^(-?\d+)\/(\d+)$/.exec(value);
  if (match === null) return value;
  return `${value} (≈ ${formatNumber(Number(match[1]) / Number(match[2]), { maximumFractionDigits: 3 })})`;
}
