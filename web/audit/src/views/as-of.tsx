import { t } from '../i18n';

/** A date input driving the queries' asOf: the end of the chosen day, UTC. */
export function AsOfPicker({ date, onChange }: { date: string; onChange: (date: string) => void }) {
  return (
    <div class="as-of">
      <label for="as-of">{t('asOf')}</label>
      <input id="as-of" type="date" value={date} aria-describedby="as-of-help" onChange={(e) => onChange(e.currentTarget.value)} />
      <button type="button" onClick={() => onChange('')}>
        {t('now')}
      </button>
      <p id="as-of-help" class="help">
        {t('asOfHelp')}
      </p>
    </div>
  );
}

export function asOfArgument(date: string): string | null {
  return date === '' ? null : `${date}T23:59:59.999Z`;
}
