// Crossing points (GET/POST /api/v1/crossing-points): the built-in list
// (Torkham, Chaman–Spin Boldak, ...) and those this site's administrator
// added, each with its Afghan province and the other ways people write it.
// Crossings (movements) and head counts are accepted at any of them, under
// the one canonical name, so the reports add up.
import { useState } from 'preact/hooks';
import { Api } from '../api';
import { TextField } from '../components/fields';
import { Loaded, UseLoad } from '../components/load';
import { FormatDate, T } from '../i18n';
import type { CrossingPointRecord, Session } from '../types';
import { kAfghanProvinces } from '../vocabulary';
import { ActionOutcome, AdminPage, UseAction } from './admin_tabs';

export function AdminCrossings(p: { session: Session }) {
  const [generation, set_generation] = useState(0);
  const points = UseLoad<{ items: CrossingPointRecord[] }>('/api/v1/crossing-points', generation);
  const [name, set_name] = useState('');
  const [province, set_province] = useState('');
  const [spellings, set_spellings] = useState('');
  const [errors, set_errors] = useState<Record<string, string>>({});
  const { busy, error, set_error, outcome, Run } = UseAction();
  const [added, set_added] = useState('');

  const add = async (e: Event) => {
    e.preventDefault();
    set_error('');
    set_added('');
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = T('admin.crossings.name_required');
    if (!province.trim()) found.afghan_province = T('admin.crossings.province_required');
    set_errors(found);
    if (Object.keys(found).length > 0) return;
    await Run(async () => {
      const point = await Api<CrossingPointRecord>('POST', '/api/v1/crossing-points', {
        name: name.trim(),
        afghan_province: province.trim(),
        spellings: spellings
          .split(/[,،]/)
          .map((s) => s.trim())
          .filter(Boolean),
      });
      set_added(T('admin.crossings.added', { name: point.name }));
      set_name('');
      set_province('');
      set_spellings('');
      set_generation((g) => g + 1);
    });
  };

  return (
    <AdminPage session={p.session} current="crossings">
      <Loaded state={points}>
        {(list) => (
          <ul class="results crossing-points">
            {list.items.map((c) => (
              <li key={c.name} class="panel crossing-point" data-crossing={c.name}>
                <p class="result-name">
                  <bdi>{c.name}</bdi>
                </p>
                <p class="result-meta">
                  <span>{T('admin.crossings.province', { province: c.afghan_province })}</span>
                  {c.spellings.length > 0 && <span>{T('admin.crossings.also', { names: c.spellings.join('، ') })}</span>}
                  <span>
                    {c.built_in
                      ? T('admin.crossings.built_in')
                      : T('admin.crossings.added_by', { user: c.added_by ?? '', date: FormatDate(c.added_at) })}
                  </span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <form class="panel" onSubmit={add} noValidate aria-labelledby="crossing-add-title">
        <h2 id="crossing-add-title">{T('admin.crossings.add_title')}</h2>
        <div class="grid">
          <TextField id="crossing-name" label={T('admin.crossings.name')} value={name} onInput={set_name} error={errors.name} required />
          <TextField
            id="crossing-province"
            label={T('admin.crossings.afghan_province')}
            value={province}
            onInput={set_province}
            error={errors.afghan_province}
            list="crossing-provinces"
            required
          />
        </div>
        <datalist id="crossing-provinces">
          {kAfghanProvinces.map((v) => (
            <option value={v} key={v} />
          ))}
        </datalist>
        <TextField id="crossing-spellings" label={T('admin.crossings.spellings')} hint={T('admin.crossings.spellings_hint')} value={spellings} onInput={set_spellings} />
        <div class="actions">
          <button type="submit" class="button-primary" disabled={busy}>
            {T('admin.crossings.add')}
          </button>
        </div>
      </form>
      <ActionOutcome outcome={outcome} success={added} error={error} />
    </AdminPage>
  );
}
