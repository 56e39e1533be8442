import { useState } from 'preact/hooks';
import { PUBLISHED_BALLOT, gql } from '../api';
import { label, t } from '../i18n';

/** The published count is public by tracker; only the voter knows which tracker is theirs. */
export function TrackerPage() {
  const [referendumId, setReferendumId] = useState('');
  const [tracker, setTracker] = useState('');
  const [result, setResult] = useState<null | { error: string } | { choice: string | null }>(null);
  const find = async (event: Event) => {
    event.preventDefault();
    try {
      const { referendumCount } = await gql<{ referendumCount: Array<{ tracker: string; choice: string }> }>(
        PUBLISHED_BALLOT,
        { referendumId: referendumId.trim(), tracker: tracker.trim() },
      );
      const line = referendumCount.find((ballot) => ballot.tracker === tracker.trim());
      setResult({ choice: line?.choice ?? null });
    } catch (error) {
      setResult({ error: String((error as Error).message ?? error) });
    }
  };
  return (
    <section aria-labelledby="tracker-heading">
      <h1 id="tracker-heading">{t('tracker.heading')}</h1>
      <form onSubmit={find}>
        <label for="referendum">{t('tracker.referendum')}</label>
        <input id="referendum" required value={referendumId} onInput={(e) => setReferendumId(e.currentTarget.value)} />
        <label for="tracker">{t('tracker.tracker')}</label>
        <input id="tracker" required value={tracker} onInput={(e) => setTracker(e.currentTarget.value)} />
        <button type="submit">{t('tracker.find')}</button>
      </form>
      <div aria-live="polite" id="tracker-result">
        {result !== null && 'error' in result && <p role="alert">{t('error', { message: result.error })}</p>}
        {result !== null && 'choice' in result && (
          <p>
            {result.choice === null
              ? t('tracker.missing')
              : t('tracker.found', { choice: label('choice', result.choice.toLowerCase()) })}
          </p>
        )}
      </div>
    </section>
  );
}
