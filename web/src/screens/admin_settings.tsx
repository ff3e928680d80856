// Site settings (GET/PUT /api/v1/settings): the site's k, the smallest
// number of people a published figure may describe. Every report the site
// makes hides smaller cells (and the cells that would reveal them); a report
// asked with a smaller k still needs an administrator. The change is
// audited with the old and the new value. Below it, where the site's sync
// with its hub stands (components/sync_panel.tsx).
import { useEffect, useState } from 'preact/hooks';
import { Api } from '../api';
import { TextField } from '../components/fields';
import { Loaded, UseLoad } from '../components/load';
import { SyncPanel } from '../components/sync_panel';
import { FormatDate, T } from '../i18n';
import type { Session, SiteSettings } from '../types';
import { ActionOutcome, AdminPage, UseAction } from './admin_tabs';

export function AdminSettings(p: { session: Session }) {
  const [generation, set_generation] = useState(0);
  const settings = UseLoad<SiteSettings>('/api/v1/settings', generation);
  const [k, set_k] = useState('');
  const [field_error, set_field_error] = useState('');
  const { busy, error, set_error, outcome, Run } = UseAction();
  const [saved, set_saved] = useState('');
  const current = settings.kind === 'ok' ? settings.value : null;

  useEffect(() => {
    if (current && k === '') set_k(String(current.k));
  }, [current]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!current) return;
    set_error('');
    set_saved('');
    const value = Number(k.trim());
    if (!/^\d+$/.test(k.trim()) || value < current.k_min || value > current.k_max) {
      set_field_error(T('admin.settings.k_range', { min: current.k_min, max: current.k_max }));
      return;
    }
    set_field_error('');
    await Run(async () => {
      const changed = await Api<SiteSettings>('PUT', '/api/v1/settings', { k: value });
      set_saved(T('admin.settings.saved', { from: current.k, to: changed.k }));
      set_generation((g) => g + 1);
    });
  };

  return (
    <AdminPage session={p.session} current="settings">
      <Loaded state={settings}>
        {(s) => (
          <form class="panel narrow-form" onSubmit={save} noValidate aria-labelledby="settings-k-title">
            <h2 id="settings-k-title">{T('admin.settings.k_title')}</h2>
            <p class="settings-current">
              {T('admin.settings.k_now', { k: s.k })}{' '}
              {s.k_updated_by && s.k_updated_at
                ? T('admin.settings.k_changed', { user: s.k_updated_by, date: FormatDate(s.k_updated_at) })
                : T('admin.settings.k_default', { k: s.k_default })}
            </p>
            <TextField
              id="settings-k"
              label={T('admin.settings.k')}
              hint={T('admin.settings.k_hint', { min: s.k_min })}
              value={k}
              onInput={set_k}
              inputMode="numeric"
              dir="ltr"
              error={field_error}
              required
            />
            <p class="hint">{T('admin.settings.k_lower')}</p>
            <div class="actions">
              <button type="submit" class="button-primary" disabled={busy}>
                {T('admin.settings.save')}
              </button>
            </div>
          </form>
        )}
      </Loaded>
      <ActionOutcome outcome={outcome} success={saved} error={error} />
      {p.session.permissions.includes('sync.status') && <SyncPanel />}
    </AdminPage>
  );
}
