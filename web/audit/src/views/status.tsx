import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import type { Loaded } from '../load';

export function Status<T>({ loaded, children }: { loaded: Loaded<T>; children: (value: T) => ComponentChildren }) {
  if (loaded.state === 'loading') return <p role="status">{t('loading')}</p>;
  if (loaded.state === 'error') return <p role="alert">{t('error', { message: loaded.message })}</p>;
  return <>{children(loaded.value)}</>;
}
