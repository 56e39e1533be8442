import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LANGUAGES, language, setLanguage, t } from './i18n';
import { CharterPage } from './views/charter';
import { RulePage } from './views/rule';
import { StructurePage } from './views/structure';
import { TrackerPage } from './views/tracker';
import { VerifyPage } from './views/verify';

/** Routes live in the hash (#/charter?asOf=2026-05-01, #/rule/<id>, #/verify/<position>) so any view can be linked. */
function route(): { path: string[]; asOf: string } {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  return {
    path: path.split('/').filter((part) => part !== ''),
    asOf: new URLSearchParams(query ?? '').get('asOf') ?? '',
  };
}

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
  const [section = 'charter', argument = ''] = current.path;
  const onDate = (date: string) => {
    location.hash = `#/${current.path.join('/') || 'charter'}${date === '' ? '' : `?asOf=${date}`}`;
  };
  const links: Array<[string, Parameters<typeof t>[0]]> = [
    ['charter', 'nav.charter'],
    ['structure', 'nav.structure'],
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
                  aria-current={section === name || (section === 'rule' && name === 'charter') ? 'page' : undefined}
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
        ) : section === 'structure' ? (
          <StructurePage date={current.asOf} onDate={onDate} />
        ) : section === 'verify' ? (
          <VerifyPage position={argument} />
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
