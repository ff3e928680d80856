// One person of an incident being recorded: registered (picked from the
// register) or described (sex, age, relationship to the person reporting);
// the documents they held on the incident date; detention details; and, for
// those who may check statuses, their status that day from the policy engine
// (POST /api/v1/status-check, the status check screen's API) as soon as the
// date and documents are filled in.
import { useEffect, useState } from 'preact/hooks';
import { Api } from '../api';
import { SelectField, TextField } from './fields';
import { StatusLabel } from './status_view';
import { ErrorText } from '../errors';
import { T, TOr } from '../i18n';
import type { IncidentPerson, StatusAnswer } from '../types';
import { kCurrencies, kDetentionOutcomes, kDocumentTypes, kReporterRelationships, kSexes, Options } from '../vocabulary';

export interface HeldDraft {
  key: number;
  type: string;
  valid_until: string;
}

export interface PersonDraft {
  key: number;
  person_id: string; // empty for a described person
  label: string; // the registered person's names, shown only here
  sex: string;
  age: string;
  relationship: string;
  documents: HeldDraft[];
  detained: boolean;
  held_at: string;
  days: string;
  outcome: string;
  payment_demanded: string;
  payment_paid: string;
  currency: string;
}

let next_key = 1;
export function NextKey(): number {
  return next_key++;
}

export function NewPerson(detained: boolean, registered?: { id: string; label: string; documents: HeldDraft[] }): PersonDraft {
  return {
    key: NextKey(),
    person_id: registered?.id ?? '',
    label: registered?.label ?? '',
    sex: 'unknown',
    age: '',
    relationship: 'self',
    documents: registered?.documents ?? [],
    detained,
    held_at: '',
    days: '',
    outcome: 'still_detained',
    payment_demanded: '',
    payment_paid: '',
    currency: '',
  };
}

function Whole(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

function HeldJson(d: HeldDraft[]) {
  return d.map((x) => (x.valid_until ? { type: x.type, valid_until: x.valid_until } : { type: x.type }));
}

// The person as the API takes it (docs/api.md, "A protection incident").
export function PersonJson(p: PersonDraft): IncidentPerson {
  const out: IncidentPerson & Record<string, unknown> = p.person_id
    ? { person_id: p.person_id, documents_held: HeldJson(p.documents) }
    : { sex: p.sex, relationship: p.relationship, documents_held: HeldJson(p.documents) };
  if (!p.person_id && Whole(p.age) !== undefined) out.age = Whole(p.age);
  if (p.detained) {
    const d: Record<string, unknown> = { outcome: p.outcome };
    if (p.held_at.trim()) d.held_at = p.held_at.trim();
    if (Whole(p.days) !== undefined) d.days = Whole(p.days);
    if (Whole(p.payment_demanded) !== undefined) d.payment_demanded = Whole(p.payment_demanded);
    if (Whole(p.payment_paid) !== undefined) d.payment_paid = Whole(p.payment_paid);
    if (p.currency) d.currency = p.currency;
    out.detention = d as unknown as IncidentPerson['detention'];
  }
  return out;
}

// The day the status is evaluated on: the date, or the 1st of its month.
export function EvaluationDay(date: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  if (/^\d{4}-\d{2}$/.test(date)) return `${date}-01`;
  return '';
}

function LiveStatus(p: { date: string; documents: HeldDraft[] }) {
  const [answer, set_answer] = useState<StatusAnswer | null>(null);
  const [error, set_error] = useState('');
  const day = EvaluationDay(p.date);
  const key = JSON.stringify([day, HeldJson(p.documents)]);
  useEffect(() => {
    if (!day) {
      set_answer(null);
      return;
    }
    // The answer for other documents or another day is not this one's: it
    // goes at once, not when the new answer comes.
    set_answer(null);
    let alive = true;
    const timer = setTimeout(() => {
      Api<StatusAnswer>('POST', '/api/v1/status-check', { date: day, context: 'stay', documents: HeldJson(p.documents) }).then(
        (a) => alive && (set_answer(a), set_error('')),
        (e) => alive && (set_answer(null), set_error(ErrorText(e))),
      );
    }, 250);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [key]);
  if (!day) return <p class="hint">{T('incident.status_needs_date')}</p>;
  if (error) return <p class="field-error">{error}</p>;
  if (!answer) return <p class="loading">{T('common.loading')}</p>;
  const valid = answer.status !== 'removal_in_force';
  return (
    <div class="live-status" data-status={answer.status} aria-live="polite">
      <p>
        {T('incident.status_that_day', { date: day })}{' '}
        <span class={`status-badge status-${answer.status}`}>{StatusLabel(answer.status)}</span>
      </p>
      {valid && <p class="documented-mark">{T('incident.would_be_documented')}</p>}
    </div>
  );
}

export function PersonEditor(p: {
  index: number;
  person: PersonDraft;
  date: string;
  showStatus: boolean;
  onChange: (person: PersonDraft) => void;
  onRemove: () => void;
}) {
  const x = p.person;
  const id = `person-${x.key}`;
  const set = (changes: Partial<PersonDraft>) => p.onChange({ ...x, ...changes });
  const set_doc = (key: number, changes: Partial<HeldDraft>) =>
    set({ documents: x.documents.map((d) => (d.key === key ? { ...d, ...changes } : d)) });
  const n = p.index + 1;
  return (
    <fieldset class="subpanel incident-person" data-person-index={p.index}>
      <legend>
        {x.person_id ? T('incident.registered_person', { number: n }) : T('incident.described_person', { number: n })}
      </legend>
      {x.person_id ? (
        <p class="picked">
          <bdi>{x.label}</bdi>
        </p>
      ) : (
        <div class="grid">
          <SelectField id={`${id}-sex`} label={T('register.sex')} value={x.sex} onChange={(v) => set({ sex: v })} options={Options('sex', kSexes)} />
          <TextField id={`${id}-age`} label={T('incident.age')} inputMode="numeric" dir="ltr" value={x.age} onInput={(v) => set({ age: v })} />
          <SelectField
            id={`${id}-relationship`}
            label={T('incident.relationship')}
            value={x.relationship}
            onChange={(v) => set({ relationship: v })}
            options={Options('reporter', kReporterRelationships)}
          />
        </div>
      )}
      <h3 class="subheading">{T('incident.documents_held')}</h3>
      {x.documents.length === 0 && <p class="hint">{T('incident.no_documents')}</p>}
      {x.documents.map((d, i) => (
        <div class="grid document" key={d.key}>
          <SelectField
            id={`${id}-doc-${d.key}-type`}
            label={T('register.document_type', { number: i + 1 })}
            value={d.type}
            onChange={(v) => set_doc(d.key, { type: v })}
            options={Options('document', kDocumentTypes)}
          />
          <TextField
            id={`${id}-doc-${d.key}-valid_until`}
            label={T('register.document_valid_until')}
            hint={T('status_check.valid_until_hint')}
            type="date"
            dir="ltr"
            value={d.valid_until}
            onInput={(v) => set_doc(d.key, { valid_until: v })}
          />
          <div class="field field-button">
            <button type="button" class="button-link" onClick={() => set({ documents: x.documents.filter((o) => o.key !== d.key) })}>
              {T('register.remove_document', { number: i + 1 })}
            </button>
          </div>
        </div>
      ))}
      <button
        type="button"
        class="button-secondary add-document"
        onClick={() => set({ documents: [...x.documents, { key: NextKey(), type: 'por_card', valid_until: '' }] })}
      >
        {T('register.add_document')}
      </button>
      {p.showStatus ? <LiveStatus date={p.date} documents={x.documents} /> : <p class="hint">{T('incident.status_on_save')}</p>}
      <div class="checkbox">
        <input type="checkbox" id={`${id}-detained`} checked={x.detained} onChange={() => set({ detained: !x.detained })} />
        <label for={`${id}-detained`}>{T('incident.detained')}</label>
      </div>
      {x.detained && (
        <div class="grid detention">
          <TextField id={`${id}-held_at`} label={T('incident.held_at')} value={x.held_at} onInput={(v) => set({ held_at: v })} />
          <TextField id={`${id}-days`} label={T('incident.days')} inputMode="numeric" dir="ltr" value={x.days} onInput={(v) => set({ days: v })} />
          <SelectField
            id={`${id}-outcome`}
            label={T('incident.outcome')}
            value={x.outcome}
            onChange={(v) => set({ outcome: v })}
            options={Options('outcome', kDetentionOutcomes)}
          />
          <TextField
            id={`${id}-payment_demanded`}
            label={T('incident.payment_demanded')}
            inputMode="numeric"
            dir="ltr"
            value={x.payment_demanded}
            onInput={(v) => set({ payment_demanded: v })}
          />
          <TextField
            id={`${id}-payment_paid`}
            label={T('incident.payment_paid')}
            inputMode="numeric"
            dir="ltr"
            value={x.payment_paid}
            onInput={(v) => set({ payment_paid: v })}
          />
          <SelectField
            id={`${id}-currency`}
            label={T('incident.currency')}
            value={x.currency}
            onChange={(v) => set({ currency: v })}
            options={[{ value: '', label: T('common.choose') }, ...kCurrencies.map((c) => ({ value: c, label: TOr(`currency.${c}`, c) }))]}
          />
        </div>
      )}
      <button type="button" class="button-link" onClick={p.onRemove}>
        {T('incident.remove_person', { number: n })}
      </button>
    </fieldset>
  );
}
