import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LANGUAGES, language, setLanguage, t } from './i18n';
import { ApportionmentPage } from './views/apportionment';
import { CharterPage } from './views/charter';
import { DecisionsPage } from './views/decisions';
import { DiffPage } from './views/diff';
import { ElectionPage } from './views/election';
import { ProvenancePage } from './views/provenance';
import { RulePage } from './views/rule';
import { StructurePage } from './views/structure';
import { TrackerPage } from './views/tracker';
import { VerifyPage } from './views/verify';

/**
 * Routes live in the hash so any view can be linked: #/charter?asOf=2026-05-01, #/rule/<id>,
 * #/provenance/<ruleId>[/<version>], #/election/<conventionId>/<chapterId>,
 * #/apportionment/<conventionId>?chapter=<chapterId>, #/verify/<position>,
 * #/diff/<ruleId>/<from>/<to>, #/decisions?kind=<kind>&status=<status>.
 */
function route(): { path: string[]; asOf: string; chapter: string; kind: string; status: string } {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(query ?? '');
  return {
    path: path.split('/').filter((part) => part !== ''),
    asOf: params.get('asOf') ?? '',
    chapter: params.get('chapter') ?? '',
    kind: params.get('kind') ?? '',
    status: params.get('status') ?? '',
  };
}

/** The views reached from a rule belong to the charter section of the navigation. */
const CHARTER_VIEWS = new Set(['charter', 'rule', 'provenance', 'diff', 'election', 'apportionment']);

function App() {
  const [current, setCurrent] = useState(route());
  const [, setLanguageShown] = useState(language.get());
  useEffect(() => {
    const onHash = () => setCurrent(route());
    addEventListener('hashchange', onHash);
    const unsubscribe = language.subscribe(() => {
      setLanguageShown(language.get());
      document.title = t('title');
    });
    document.documentElement.lang = language.get();
    document.title = t('title');
    return () => {
      removeEventListener('hashchange', onHash);
      unsubscribe();
    };
  }, []);
  const [section = 'charter', argument = '', second = '', third = ''] = current.path;
  const onDate = (date: string) => {
    // The tracker's filters stay when the date changes.
    const filters =
      section === 'decisions'
        ? [current.kind === '' ? '' : `kind=${current.kind}`, current.status === '' ? '' : `status=${current.status}`]
        : [];
    const query = [...filters, date === '' ? '' : `asOf=${date}`].filter((part) => part !== '').join('&');
    location.hash = `#/${current.path.join('/') || 'charter'}${query === '' ? '' : `?${query}`}`;
  };
  const links: Array<[string, Parameters<typeof t>[0]]> = [
    ['charter', 'nav.charter'],
    ['structure', 'nav.structure'],
    ['decisions', 'nav.decisions'],
    ['verify', 'nav.verify'],
    ['tracker', 'nav.tracker'],
  ];
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('skip')}
      </a>
      <header>
        <p class="brand">{t('title')}</p>
        <nav aria-label={t('nav')}>
          <ul>
            {links.map(([name, key]) => (
              <li key={name}>
                <a
                  href={`#/${name}`}
                  aria-current={
                    section === name || (name === 'charter' && CHARTER_VIEWS.has(section)) ? 'page' : undefined
                  }
                >
                  {t(key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <label for="language">{t('language')}</label>{' '}
        <select id="language" value={language.get()} onChange={(e) => setLanguage(e.currentTarget.value)}>
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </header>
      <main id="main" tabIndex={-1}>
        {section === 'rule' ? (
          <RulePage id={argument} date={current.asOf} onDate={onDate} />
        ) : section === 'provenance' ? (
          <ProvenancePage id={argument} version={second} date={current.asOf} onDate={onDate} />
        ) : section === 'diff' ? (
          <DiffPage id={argument} from={second} to={third} date={current.asOf} onDate={onDate} />
        ) : section === 'decisions' ? (
          <DecisionsPage kind={current.kind} status={current.status} date={current.asOf} onDate={onDate} />
        ) : section === 'election' ? (
          <ElectionPage conventionId={argument} chapterId={second} />
        ) : section === 'apportionment' ? (
          <ApportionmentPage conventionId={argument} chapterId={current.chapter} />
        ) : section === 'structure' ? (
          <StructurePage date={current.asOf} onDate={onDate} />
        ) : section === 'verify' ? (
          <VerifyPage key={argument} position={argument} />
        ) : section === 'tracker' ? (
          <TrackerPage />
        ) : (
          <CharterPage date={current.asOf} onDate={onDate} />
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
