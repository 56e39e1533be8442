import { t } from '../i18n';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date input driving the queries' asOf (the end of the chosen day, UTC). A link may also
 * carry a log position (e.g. from a receipt or an event's position), passed on as it is.
 */
export function AsOfPicker({ date, onChange }: { date: string; onChange: (date: string) => void }) {
  return (
    <div class="as-of">
      <label for="as-of">{t('asOf')}</label>
      <input
        id="as-of"
        type="date"
        value={DATE.test(date) ? date : ''}
        aria-describedby="as-of-help"
        onChange={(e) => onChange(e.currentTarget.value)}
      />
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
  if (date === '') return null;
  return DATE.test(date) ? `${date}T23:59:59.999Z` : date;
}
