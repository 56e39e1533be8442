import { useEffect, useRef, useState } from 'preact/hooks';
import { LEDGER_CHECKPOINT, LEDGER_ENTRY, gql } from '../api';
import { formatNumber, t } from '../i18n';
import { type Checkpoint, type Entry, type Verdict, verifyEntry } from '../ledger-verify';

const PIN_KEY = 'plenary-audit-pinned-key';

/**
 * Fetches the signed checkpoint, then the entry's audit path to that very tree, and checks both
 * here. Opened on a position (a verify link of another view), it checks it straight away.
 */
export function VerifyPage({ position: initial }: { position: string }) {
  const [position, setPosition] = useState(initial);
  const [pinned, setPinned] = useState(localStorage.getItem(PIN_KEY) ?? '');
  const [result, setResult] = useState<
    null | { error: string } | { verdict: Verdict; checkpoint: Checkpoint; entry: Entry }
  >(null);

  // Only the latest check may show its result: a slower earlier one never overwrites it.
  const runs = useRef(0);
  const run = async (event?: Event) => {
    event?.preventDefault();
    const current = ++runs.current;
    const show = (next: typeof result) => current === runs.current && setResult(next);
    setResult(null);
    try {
      const { ledgerCheckpoint: checkpoint } = await gql<{ ledgerCheckpoint: Checkpoint }>(LEDGER_CHECKPOINT);
      const { ledgerEntry: entry } = await gql<{ ledgerEntry: Entry }>(LEDGER_ENTRY, {
        position,
        treeSize: checkpoint.treeSize,
      });
      const verdict = await verifyEntry(position, entry, checkpoint, localStorage.getItem(PIN_KEY));
      show({ verdict, checkpoint, entry });
    } catch (error) {
      show({ error: String((error as Error).message ?? error) });
    }
  };
  useEffect(() => {
    if (initial !== '') void run();
  }, []);

  return (
    <section aria-labelledby="verify-heading">
      <h1 id="verify-heading">{t('verify.heading')}</h1>
      <form onSubmit={run}>
        <label for="position">{t('verify.position')}</label>
        <input
          id="position"
          inputMode="numeric"
          required
          value={position}
          onInput={(e) => setPosition(e.currentTarget.value)}
        />
        <button type="submit">{t('verify.run')}</button>
      </form>
      <div class="pin">
        <label for="pinned">{t('verify.pinned')}</label>
        <textarea
          id="pinned"
          rows={4}
          cols={64}
          aria-describedby="pin-help"
          value={pinned}
          onInput={(e) => setPinned(e.currentTarget.value)}
        />
        <p id="pin-help" class="help">
          {t('verify.pinHelp')}
        </p>
        <button type="button" onClick={() => localStorage.setItem(PIN_KEY, pinned)}>
          {t('verify.savePin')}
        </button>{' '}
        <button
          type="button"
          onClick={() => {
            localStorage.removeItem(PIN_KEY);
            setPinned('');
          }}
        >
          {t('verify.clearPin')}
        </button>
      </div>
      <div aria-live="polite">
        {result !== null && 'error' in result && <p role="alert">{t('error', { message: result.error })}</p>}
        {result !== null && 'verdict' in result && <VerdictView {...result} />}
      </div>
    </section>
  );
}

function VerdictView({ verdict, checkpoint, entry }: { verdict: Verdict; checkpoint: Checkpoint; entry: Entry }) {
  return (
    <div class={`verdict ${verdict.verified ? 'ok' : 'bad'}`} data-verified={String(verdict.verified)}>
      <p class="mark" id="verdict">
        {verdict.verified ? `✔ ${t('verify.verified')}` : `✘ ${t('verify.notVerified')}`}
      </p>
      <ul>
        {!verdict.positionMatches && <li>✘ {t('verify.positionBad')}</li>}
        <li>{verdict.pathLeadsToRoot ? `✔ ${t('verify.leaf')}` : `✘ ${t('verify.leafBad')}`}</li>
        <li>
          {verdict.signature === 'valid'
            ? `✔ ${t('verify.signature')}`
            : verdict.signature === 'invalid'
              ? `✘ ${t('verify.signatureBad')}`
              : `? ${t('verify.noEd25519')}`}
        </li>
        {verdict.pinned !== 'none' && (
          <li>{verdict.pinned === 'match' ? `✔ ${t('verify.pinMatch')}` : `✘ ${t('verify.pinMismatch')}`}</li>
        )}
      </ul>
      <dl>
        <dt>{t('verify.treeSize')}</dt>
        <dd>{formatNumber(checkpoint.treeSize)}</dd>
        <dt>{t('verify.root')}</dt>
        <dd>
          <code>{checkpoint.rootHash}</code>
        </dd>
        <dt>{t('verify.leafText')}</dt>
        <dd>
          <code class="leaf">{entry.leaf}</code>
        </dd>
      </dl>
    </div>
  );
}
