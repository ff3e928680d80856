// Record a protection incident (POST /api/v1/incidents): when and where, what
// happened and by whom (a category, never a name), the persons involved
// (picked from the register with the find screen's search, or described),
// with the documents each held that day, detention details and each one's
// status that day; the source, the survivor's consents and sealed notes.
import { useState } from 'preact/hooks';
import { Api, ApiError, Query } from '../api';
import { CheckboxGroup, Notice, SelectField, TextField } from '../components/fields';
import { type HeldDraft, NewPerson, NextKey, type PersonDraft, PersonEditor, PersonJson } from '../components/incident_person';
import { StatusLabel } from '../components/status_view';
import { ErrorText } from '../errors';
import { FormatDate, T, Today } from '../i18n';
import { Href } from '../router';
import type { IncidentRecord, PersonPage, PersonRecord, PersonSummary, Session } from '../types';
import {
  kIncidentConsents,
  kIncidentSources,
  kIncidentTypes,
  kPakistanProvinces,
  kPerpetrators,
  kPlaceTypes,
  Options,
} from '../vocabulary';

const kHeldTypes = new Set(['arrest', 'detention']);

function PersonPicker(p: { onPick: (person: PersonSummary) => void }) {
  const [text, set_text] = useState('');
  const [items, set_items] = useState<PersonSummary[] | null>(null);
  const [error, set_error] = useState('');
  const search = async () => {
    if (!text.trim()) return;
    set_error('');
    try {
      const page = await Api<PersonPage>('GET', `/api/v1/persons${Query({ q: text.trim(), page_size: 10 })}`);
      set_items(page.items);
    } catch (err) {
      set_items(null);
      set_error(ErrorText(err));
    }
  };
  return (
    <div class="person-picker">
      <div class="field">
        <label for="incident-find">{T('incident.find_person')}</label>
        <p class="hint" id="incident-find-hint">
          {T('find.hint')}
        </p>
        <div class="search-row">
          <input
            id="incident-find"
            type="search"
            dir="auto"
            value={text}
            aria-describedby="incident-find-hint"
            autocomplete="off"
            onInput={(e) => set_text((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void search();
              }
            }}
          />
          <button type="button" class="button-secondary" onClick={() => void search()}>
            {T('find.submit')}
          </button>
        </div>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {items && items.length === 0 && <p>{T('find.none', { query: text.trim() })}</p>}
      {items && items.length > 0 && (
        <ul class="pick-list">
          {items.map((person) => (
            <li key={person.id}>
              <bdi>{[person.given_name, person.father_name].filter(Boolean).join(' · ')}</bdi>
              {person.birth_year ? ` · ${T('find.born', { year: String(person.birth_year) })}` : ''}
              <button
                type="button"
                class="button-secondary"
                onClick={() => {
                  p.onPick(person);
                  set_items(null);
                  set_text('');
                }}
              >
                {T('incident.add_this_person')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function IncidentForm(p: { session: Session }) {
  const may = (permission: string) => p.session.permissions.includes(permission as never);
  const [date, set_date] = useState(Today());
  const [province, set_province] = useState('');
  const [district, set_district] = useState('');
  const [type, set_type] = useState('detention');
  const [place_type, set_place_type] = useState('other');
  const [perpetrator, set_perpetrator] = useState('unknown');
  const [persons, set_persons] = useState<PersonDraft[]>([]);
  const [source, set_source] = useState('unknown');
  const [consents, set_consents] = useState<string[]>([]);
  const [notes, set_notes] = useState('');
  const [busy, set_busy] = useState(false);
  const [error, set_error] = useState('');
  const [saved, set_saved] = useState<IncidentRecord | null>(null);
  const date_error = /^\d{4}-\d{2}(-\d{2})?$/.test(date) ? '' : T('incident.date_error');

  const pick = async (person: PersonSummary) => {
    let documents: HeldDraft[] = [];
    try {
      // The documents on record, as a start: what they held that day may differ.
      const record = await Api<PersonRecord>('GET', `/api/v1/persons/${encodeURIComponent(person.id)}`);
      documents = (record.documents ?? []).map((d) => ({ key: NextKey(), type: d.type, valid_until: d.valid_until ?? '' }));
    } catch {
      documents = [];
    }
    const label = [person.given_name, person.father_name].filter(Boolean).join(' · ');
    set_persons((ps) => [...ps, NewPerson(kHeldTypes.has(type), { id: person.id, label, documents })]);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (date_error) return;
    set_busy(true);
    set_error('');
    try {
      const body = {
        date,
        province,
        district,
        type,
        place_type,
        perpetrator,
        persons: persons.map(PersonJson),
        source,
        consents,
        notes,
      };
      set_saved(await Api<IncidentRecord>('POST', '/api/v1/incidents', body));
    } catch (err) {
      const field = err instanceof ApiError && err.field ? ` (${err.field})` : '';
      set_error(ErrorText(err) + field);
    } finally {
      set_busy(false);
    }
  };

  if (saved) {
    return (
      <section aria-labelledby="incident-saved-title">
        <h1 id="incident-saved-title">{T('incident.saved_title')}</h1>
        <Notice kind="success">{T('incident.saved', { date: FormatDate(saved.date) })}</Notice>
        <ul class="saved-persons">
          {saved.persons.map((person, i) => (
            <li key={i} data-documented={person.status?.detained_while_documented ? '1' : '0'}>
              {T('incident.person_number', { number: i + 1 })}:{' '}
              {person.status ? StatusLabel(person.status.status) : T('incident.status_unknown')}
              {person.status?.detained_while_documented && ` · ${T('incident.documented_mark')}`}
            </li>
          ))}
        </ul>
        <p class="actions">
          {may('incident.read') && (
            <a class="button-primary" href={Href('incident', saved.id)}>
              {T('incident.open')}
            </a>
          )}
          <button type="button" class="button-secondary" onClick={() => (set_saved(null), set_persons([]), set_notes(''))}>
            {T('incident.record_another')}
          </button>
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="incident-form-title">
      <h1 id="incident-form-title">{T('incident.title')}</h1>
      <p class="lead">{T('incident.intro')}</p>
      <form class="panel" onSubmit={submit} noValidate>
        <div class="grid">
          <TextField
            id="incident-date"
            label={T('incident.date')}
            hint={T('incident.date_hint')}
            dir="ltr"
            value={date}
            error={date_error}
            required
            onInput={set_date}
          />
          <TextField
            id="incident-province"
            label={T('incident.province')}
            value={province}
            list="pakistan-provinces"
            required
            onInput={set_province}
          />
          <datalist id="pakistan-provinces">
            {kPakistanProvinces.map((v) => (
              <option value={v} key={v} />
            ))}
          </datalist>
          <TextField id="incident-district" label={T('incident.district')} value={district} onInput={set_district} />
          <SelectField id="incident-type" label={T('incident.type')} value={type} onChange={set_type} options={Options('incident_type', kIncidentTypes)} />
          <SelectField id="incident-place" label={T('incident.place_type')} value={place_type} onChange={set_place_type} options={Options('place_type', kPlaceTypes)} />
          <SelectField
            id="incident-perpetrator"
            label={T('incident.perpetrator')}
            hint={T('incident.perpetrator_hint')}
            value={perpetrator}
            onChange={set_perpetrator}
            options={Options('perpetrator', kPerpetrators)}
          />
        </div>
        <h2>{T('incident.persons')}</h2>
        {persons.length === 0 && <p class="hint">{T('incident.no_persons')}</p>}
        {persons.map((person, i) => (
          <PersonEditor
            key={person.key}
            index={i}
            person={person}
            date={date_error ? '' : date}
            showStatus={may('status.check')}
            onChange={(changed) => set_persons((ps) => ps.map((x) => (x.key === person.key ? changed : x)))}
            onRemove={() => set_persons((ps) => ps.filter((x) => x.key !== person.key))}
          />
        ))}
        <div class="subpanel add-person">
          <PersonPicker onPick={(person) => void pick(person)} />
          <button
            type="button"
            id="add-described"
            class="button-secondary"
            onClick={() => set_persons((ps) => [...ps, NewPerson(kHeldTypes.has(type))])}
          >
            {T('incident.add_described')}
          </button>
        </div>
        <h2>{T('incident.about_report')}</h2>
        <div class="grid">
          <SelectField id="incident-source" label={T('incident.source')} value={source} onChange={set_source} options={Options('source', kIncidentSources)} />
        </div>
        <CheckboxGroup
          id="incident-consents"
          legend={T('incident.consents')}
          hint={T('incident.consents_hint')}
          options={Options('consent', kIncidentConsents)}
          values={consents}
          onChange={set_consents}
        />
        <div class="field">
          <label for="incident-notes">{T('incident.notes')}</label>
          <p class="hint" id="incident-notes-hint">
            {T('incident.notes_hint')}
          </p>
          <textarea
            id="incident-notes"
            dir="auto"
            rows={4}
            value={notes}
            aria-describedby="incident-notes-hint"
            onInput={(e) => set_notes((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </div>
        {error && <Notice kind="error">{error}</Notice>}
        <button type="submit" class="button-primary" disabled={busy || !!date_error || persons.length === 0}>
          {busy ? T('common.loading') : T('incident.submit')}
        </button>
      </form>
    </section>
  );
}
