// Protection incidents (GET /api/v1/incidents), filtered by dates, province,
// type and whether anyone held a valid status that day. The server puts first
// the incidents where a person still detained had a valid status: legal aid
// is most urgent for them. Listing is audited by the server.
import { useEffect, useState } from 'preact/hooks';
import { Api, Query } from '../api';
import { Notice, SelectField, TextField } from '../components/fields';
import { ErrorText } from '../errors';
import { FormatDate, FormatNumber, T, TOr } from '../i18n';
import { Href } from '../router';
import type { IncidentSummary } from '../types';
import { kIncidentTypes, kPakistanProvinces } from '../vocabulary';

export function IncidentList() {
  const [from, set_from] = useState('');
  const [to, set_to] = useState('');
  const [province, set_province] = useState('');
  const [type, set_type] = useState('');
  const [documented, set_documented] = useState('');
  const [items, set_items] = useState<IncidentSummary[] | null>(null);
  const [error, set_error] = useState('');
  const [loading, set_loading] = useState(false);

  const load = async () => {
    set_loading(true);
    set_error('');
    try {
      const answer = await Api<{ items: IncidentSummary[] }>('GET', `/api/v1/incidents${Query({ from, to, province, type, documented })}`);
      set_items(answer.items);
    } catch (err) {
      set_items(null);
      set_error(ErrorText(err));
    } finally {
      set_loading(false);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const any = { value: '', label: T('incidents.any') };
  return (
    <section aria-labelledby="incidents-title">
      <h1 id="incidents-title">{T('incidents.title')}</h1>
      <form
        class="panel filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <TextField id="incidents-from" label={T('dashboard.from')} type="date" dir="ltr" value={from} onInput={set_from} />
        <TextField id="incidents-to" label={T('dashboard.to')} type="date" dir="ltr" value={to} onInput={set_to} />
        <SelectField
          id="incidents-province"
          label={T('incident.province')}
          value={province}
          onChange={set_province}
          options={[any, ...kPakistanProvinces.map((v) => ({ value: v, label: v }))]}
        />
        <SelectField
          id="incidents-type"
          label={T('incident.type')}
          value={type}
          onChange={set_type}
          options={[any, ...kIncidentTypes.map((v) => ({ value: v, label: T(`incident_type.${v}`) }))]}
        />
        <SelectField
          id="incidents-documented"
          label={T('incidents.documented')}
          value={documented}
          onChange={set_documented}
          options={[any, { value: 'true', label: T('incidents.documented_yes') }, { value: 'false', label: T('incidents.documented_no') }]}
        />
        <div class="field field-button">
          <button type="submit" class="button-primary" disabled={loading}>
            {T('dashboard.show')}
          </button>
        </div>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {loading && <p class="loading">{T('common.loading')}</p>}
      {items && items.length === 0 && <Notice kind="info">{T('incidents.none')}</Notice>}
      {items && items.length > 0 && (
        <ul class="results incident-results">
          {items.map((s) => (
            <li key={s.id} class={s.still_detained_documented ? 'urgent' : undefined}>
              <a class="result" href={Href('incident', s.id)} data-incident={s.id}>
                <span class="result-name">
                  {TOr(`incident_type.${s.type}`, s.type)} · {FormatDate(s.date)}
                </span>
                <span class="result-detail">
                  <bdi>{[s.district, s.province].filter(Boolean).join(', ')}</bdi>
                </span>
                <span class="result-meta">
                  <span>{T('incidents.persons', { count: FormatNumber(s.persons) })}</span>
                  {s.detained_while_documented > 0 && (
                    <span class="documented-mark">{T('incidents.documented_count', { count: FormatNumber(s.detained_while_documented) })}</span>
                  )}
                  {s.still_detained_documented ? <span class="urgent-mark">{T('incidents.urgent')}</span> : null}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
