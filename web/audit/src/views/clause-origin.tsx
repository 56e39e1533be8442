import { formatDate, label, t } from '../i18n';
import { Recorded, type RecordedData } from './recorded';

/** What set a clause's text (ClauseOrigin in the schema). */
export interface ClauseOriginData {
  kind: string;
  proposalId: string;
  amendmentId: string | null;
  mover: { pseudonym: string | null };
  movedAt: string;
  recorded: RecordedData | null;
}

/** "Secondary amendment · moved by Delegate 2 · 8 Dec 2026". */
export function originLine(origin: ClauseOriginData): string {
  return t('origin.line', {
    kind: label('origin', origin.kind),
    mover: origin.mover.pseudonym ?? t('provenance.unknown'),
    date: formatDate(origin.movedAt),
  });
}

/** The origin in words, then the drafting event with its verify link. */
export function ClauseOrigin({ origin }: { origin: ClauseOriginData }) {
  return (
    <>
      <span data-cell="origin-line">{originLine(origin)}</span> <Recorded recorded={origin.recorded} />
    </>
  );
}
