// Loading a GET answer into a screen: the state of one request, and the
// three ways it shows (loading, an error a field officer can act on, the
// value).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Api, ApiError } from '../api';
import { ErrorText } from '../errors';
import { T } from '../i18n';
import { Notice } from './fields';

export type Load<T> = { kind: 'loading' } | { kind: 'ok'; value: T } | { kind: 'error'; error: unknown };

// GETs `url` (nothing while it is null), again whenever it changes, and
// again when `generation` changes (a reload: the old value stays on screen
// until the new one arrives, so nothing jumps while a form is open).
export function UseLoad<T>(url: string | null, generation = 0): Load<T> {
  const [state, set_state] = useState<Load<T>>({ kind: 'loading' });
  const [loaded_url, set_loaded_url] = useState<string | null>(null);
  useEffect(() => {
    if (!url) return;
    let alive = true;
    if (url !== loaded_url) {
      set_state({ kind: 'loading' });
      set_loaded_url(url);
    }
    Api<T>('GET', url).then(
      (value) => alive && set_state({ kind: 'ok', value }),
      (error) => alive && set_state({ kind: 'error', error }),
    );
    return () => {
      alive = false;
    };
  }, [url, generation]);
  return state;
}

export function Loaded<T>(p: { state: Load<T>; children: (value: T) => ComponentChildren }) {
  if (p.state.kind === 'loading') return <p class="loading">{T('common.loading')}</p>;
  if (p.state.kind === 'error') {
    const e = p.state.error;
    if (e instanceof ApiError && e.status === 404) return <p>{T('common.not_available')}</p>;
    return <Notice kind="error">{ErrorText(e)}</Notice>;
  }
  return <>{p.children(p.state.value)}</>;
}
