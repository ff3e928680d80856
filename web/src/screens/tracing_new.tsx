// A family tracing request (POST /api/v1/tracing-requests): a registered
// person (the inquirer) looking for one or more relatives lost in the
// return. Each person sought is described as the inquirer knows them, names
// in either script; names left empty are filled by the server from the
// family structure (a brother carries the inquirer's father and
// grandfather), which the form says beside the fields.
import { useState } from 'preact/hooks';
import { Api, ApiError } from '../api';
import { Notice, SelectField, TextField } from '../components/fields';
import { UseLoad } from '../components/load';
import { NameOf } from '../components/person_name';
import { ErrorText } from '../errors';
import { T } from '../i18n';
import { Href, Navigate } from '../router';
import type { PersonRecord, Session, SoughtInput, TracingRequest } from '../types';
import { BirthFields } from '../components/date_field';
import { AsciiDigits, type BirthMode, BirthDate, BirthError, NameError, PhoneError } from '../validation';
import { kSeparationCauses, kSexes, kSoughtRelationships, Options } from '../vocabulary';

interface SoughtDraft {
  key: number;
  given_name: string;
  father_name: string;
  grandfather_name: string;
  family_name: string;
  nickname: string;
  sex: string;
  birth_mode: BirthMode;
  birth_value: string;
  relationship: string;
  separation_date: string;
  separation_place: string;
  separation_cause: string;
  last_known_place: string;
  last_known_phone: string;
}

let next_key = 0;
function Blank(): SoughtDraft {
  return {
    key: next_key++,
    given_name: '',
    father_name: '',
    grandfather_name: '',
    family_name: '',
    nickname: '',
    sex: 'unknown',
    birth_mode: 'age',
    birth_value: '',
    relationship: '',
    separation_date: '',
    separation_place: '',
    separation_cause: 'other',
    last_known_place: '',
    last_known_phone: '',
  };
}

// The names the family structure gives (mirrors ExpectedNamesOf in
// src/core/tracing.cc): only relationships whose line is unambiguous.
export function ExpectedNames(inquirer: PersonRecord, relationship: string): { father?: string; grandfather?: string; given?: string } {
  switch (relationship) {
    case 'brother':
    case 'sister':
      return { father: inquirer.father_name, grandfather: inquirer.grandfather_name };
    case 'son':
    case 'daughter':
      return inquirer.sex === 'male' ? { father: inquirer.given_name, grandfather: inquirer.father_name } : {};
    case 'father':
      return { given: inquirer.father_name, father: inquirer.grandfather_name };
    default:
      return {};
  }
}

function SeparationDateError(value: string): string {
  const text = AsciiDigits(value.trim());
  if (!text) return '';
  return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(text) ? '' : T('tracing.separation_date_error');
}

function Problems(d: SoughtDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.given_name.trim() && !d.nickname.trim()) out.given_name = T('tracing.name_required');
  for (const f of ['given_name', 'father_name', 'grandfather_name', 'family_name', 'nickname'] as const) {
    const e = NameError(d[f], false);
    if (e && !out[f]) out[f] = e;
  }
  if (!d.relationship) out.relationship = T('tracing.relationship_required');
  const birth = BirthError(d.birth_mode, d.birth_value);
  if (birth) out.birth = birth;
  const separation = SeparationDateError(d.separation_date);
  if (separation) out.separation_date = separation;
  const phone = PhoneError(d.last_known_phone);
  if (phone) out.last_known_phone = phone;
  return out;
}

function Body(d: SoughtDraft): SoughtInput {
  const body: SoughtInput = {
    given_name: d.given_name.trim(),
    father_name: d.father_name.trim(),
    grandfather_name: d.grandfather_name.trim(),
    family_name: d.family_name.trim(),
    nickname: d.nickname.trim(),
    sex: d.sex,
    relationship_to_inquirer: d.relationship,
    separation_place: d.separation_place.trim(),
    separation_cause: d.separation_cause,
    last_known_place: d.last_known_place.trim(),
    last_known_phone: AsciiDigits(d.last_known_phone.trim()),
  };
  const birth = AsciiDigits(d.birth_value.trim());
  if (birth && d.birth_mode === 'age') body.age = Number(birth);
  else if (birth) body.birth_date = BirthDate(d.birth_mode, d.birth_value) ?? '';
  const separation = AsciiDigits(d.separation_date.trim());
  if (separation) body.separation_date = separation;
  return body;
}

export function TracingNew(p: { session: Session; personId: string; caseId: string }) {
  // Read afresh: whether the inquirer consented to tracing decides the form.
  const loaded = UseLoad<PersonRecord>(`/api/v1/persons/${encodeURIComponent(p.personId)}`);
  const inquirer = loaded.kind === 'ok' ? loaded.value : null;
  const consented = inquirer ? (inquirer.consents ?? []).includes('tracing') : true;
  const [sought, set_sought] = useState<SoughtDraft[]>([Blank()]);
  const [shown, set_shown] = useState(false); // errors show after the first try
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);
  const [saved, set_saved] = useState(false);
  const change = (key: number, patch: Partial<SoughtDraft>) => set_sought((all) => all.map((d) => (d.key === key ? { ...d, ...patch } : d)));

  const submit = async (e: Event) => {
    e.preventDefault();
    set_shown(true);
    set_error('');
    if (sought.some((d) => Object.keys(Problems(d)).length > 0)) return;
    set_busy(true);
    try {
      const created = await Api<TracingRequest>('POST', '/api/v1/tracing-requests', {
        inquirer_id: p.personId,
        sought: sought.map(Body),
        ...(p.caseId ? { case_id: p.caseId } : {}),
      });
      // A caseworker works the matches; a registrar hands the request over.
      if (p.session.permissions.includes('tracing.work')) Navigate(Href('tracing', created.id));
      else set_saved(true);
    } catch (err) {
      // A refusal for want of consent comes with the server's own words.
      set_error(err instanceof ApiError && err.status === 403 && err.message ? err.message : ErrorText(err));
    } finally {
      set_busy(false);
    }
  };

  if (saved) {
    return (
      <section aria-labelledby="tracing-saved-title">
        <Notice kind="success">
          <h1 id="tracing-saved-title">{T('tracing.saved_title')}</h1>
          <p>{T('tracing.saved')}</p>
        </Notice>
        <p>
          <a href={Href('person', p.personId)}>{T('case.open_person')}</a>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="tracing-new-title">
      <h1 id="tracing-new-title">{T('tracing.new_title')}</h1>
      <p class="lead">
        {T('tracing.inquirer_is', { name: inquirer ? NameOf(inquirer) : T('case.a_person') })}{' '}
        <a href={Href('person', p.personId)}>{T('case.open_person')}</a>
      </p>
      <p class="hint">{T('tracing.new_intro')}</p>
      {!consented && inquirer && (
        <div class="tracing-consent" data-consented="0">
          <Notice kind="warning">
            <p>{T('tracing.no_consent', { name: NameOf(inquirer) })}</p>
          </Notice>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        {sought.map((d, i) => (
          <SoughtFields
            key={d.key}
            draft={d}
            number={i + 1}
            inquirer={inquirer}
            problems={shown ? Problems(d) : {}}
            onChange={(patch) => change(d.key, patch)}
            onRemove={sought.length > 1 ? () => set_sought((all) => all.filter((x) => x.key !== d.key)) : undefined}
          />
        ))}
        <div class="actions">
          <button type="button" class="button-secondary" id="add-sought" onClick={() => set_sought((all) => [...all, Blank()])}>
            {T('tracing.add_sought')}
          </button>
        </div>
        {error && <Notice kind="error">{error}</Notice>}
        <div class="actions">
          <button type="submit" class="button-primary" disabled={busy || !consented}>
            {busy ? T('register.saving') : T('tracing.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function SoughtFields(p: {
  draft: SoughtDraft;
  number: number;
  inquirer: PersonRecord | null;
  problems: Record<string, string>;
  onChange: (patch: Partial<SoughtDraft>) => void;
  onRemove?: () => void;
}) {
  const d = p.draft;
  const id = (f: string) => `sought-${d.key}-${f}`;
  const expected = p.inquirer && d.relationship ? ExpectedNames(p.inquirer, d.relationship) : {};
  const from_family = (value?: string) => (value ? T('tracing.from_family', { name: value }) : undefined);
  const name = (f: 'given_name' | 'father_name' | 'grandfather_name' | 'family_name' | 'nickname', label: string, hint?: string) => (
    <TextField id={id(f)} label={label} hint={hint} value={d[f]} error={p.problems[f]} onInput={(v) => p.onChange({ [f]: v })} />
  );
  return (
    <fieldset class="panel sought" data-sought={p.number - 1}>
      <legend>{T('tracing.sought_number', { number: p.number })}</legend>
      <div class="grid">
        <SelectField
          id={id('relationship')}
          label={T('tracing.relationship')}
          required
          value={d.relationship}
          error={p.problems.relationship}
          onChange={(v) => p.onChange({ relationship: v })}
          options={[{ value: '', label: T('common.choose') }, ...Options('sought_relationship', kSoughtRelationships)]}
        />
        {name('given_name', T('register.given_name'), from_family(expected.given))}
        {name('father_name', T('register.father_name'), from_family(expected.father))}
        {name('grandfather_name', T('register.grandfather_name'), from_family(expected.grandfather))}
        {name('family_name', T('register.family_name'))}
        {name('nickname', T('tracing.nickname'), T('tracing.nickname_hint'))}
        <SelectField id={id('sex')} label={T('register.sex')} value={d.sex} onChange={(v) => p.onChange({ sex: v })} options={Options('sex', kSexes)} />
        <BirthFields modeId={id('birth_mode')} valueId={id('birth')} mode={d.birth_mode} value={d.birth_value} error={p.problems.birth} onChange={(change) => p.onChange(change)} />
      </div>
      <h3 class="subheading">{T('tracing.separation')}</h3>
      <div class="grid">
        <TextField
          id={id('separation_date')}
          label={T('tracing.separation_date')}
          hint={T('tracing.separation_date_hint')}
          dir="ltr"
          value={d.separation_date}
          error={p.problems.separation_date}
          onInput={(v) => p.onChange({ separation_date: v })}
        />
        <TextField id={id('separation_place')} label={T('tracing.separation_place')} value={d.separation_place} onInput={(v) => p.onChange({ separation_place: v })} />
        <SelectField
          id={id('separation_cause')}
          label={T('tracing.separation_cause')}
          value={d.separation_cause}
          onChange={(v) => p.onChange({ separation_cause: v })}
          options={Options('separation_cause', kSeparationCauses)}
        />
        <TextField id={id('last_known_place')} label={T('tracing.last_known_place')} value={d.last_known_place} onInput={(v) => p.onChange({ last_known_place: v })} />
        <TextField
          id={id('last_known_phone')}
          label={T('tracing.last_known_phone')}
          type="tel"
          inputMode="tel"
          dir="ltr"
          value={d.last_known_phone}
          error={p.problems.last_known_phone}
          onInput={(v) => p.onChange({ last_known_phone: v })}
        />
      </div>
      {p.onRemove && (
        <button type="button" class="button-secondary" onClick={p.onRemove}>
          {T('tracing.remove_sought', { number: p.number })}
        </button>
      )}
    </fieldset>
  );
}
