// One member of a household as the registrar types it: names, sex,
// relationship, birth, phone, documents, consent and vulnerabilities, with
// the checks made while typing (validation.ts). The register and the
// household page ("Add a member") share it.
import type { ComponentChildren } from 'preact';
import { BirthFields, DateError, DateField, DateIso } from './date_field';
import { CheckboxGroup, SelectField, TextField } from './fields';
import { T } from '../i18n';
import type { DocumentRecord, MemberInput } from '../types';
import { type BirthMode, AsciiDigits, kPhoneExample, BirthDate, BirthError, NameError, PhoneError } from '../validation';
import { kConsentPurposes, kDocumentTypes, kRelationships, kSexes, kVulnerabilities, Options } from '../vocabulary';

export interface DocumentDraft {
  type: string;
  number: string;
  issued: string;
  valid_until: string;
}

export interface MemberDraft {
  key: number;
  given_name: string;
  father_name: string;
  grandfather_name: string;
  family_name: string;
  sex: string;
  birth_mode: BirthMode;
  birth_value: string;
  relationship: string;
  phone: string;
  documents: DocumentDraft[];
  consents: string[];
  vulnerabilities: string[];
}

export type Errors = Record<string, string>;

let next_key = 1;
export function NewMember(head: boolean): MemberDraft {
  return {
    key: next_key++,
    given_name: '',
    father_name: '',
    grandfather_name: '',
    family_name: '',
    sex: '',
    birth_mode: 'year',
    birth_value: '',
    relationship: head ? 'head' : '',
    phone: '',
    documents: [],
    consents: ['registration'],
    vulnerabilities: [],
  };
}

// The id of a member's field in the page: "m<key>-<field>".
export function MemberFieldId(m: MemberDraft, field: string): string {
  return `m${m.key}-${field}`;
}

// The API's partial date for the birth entered; null when it is not one.
function BirthIso(m: MemberDraft): string | null {
  return BirthDate(m.birth_mode, m.birth_value);
}

export function MemberBody(m: MemberDraft): MemberInput {
  return {
    given_name: m.given_name.trim(),
    father_name: m.father_name.trim(),
    grandfather_name: m.grandfather_name.trim(),
    family_name: m.family_name.trim(),
    sex: m.sex || 'unknown',
    birth_date: BirthIso(m) ?? '',
    phone: AsciiDigits(m.phone.trim()),
    relationship: m.relationship || 'other_relative',
    documents: m.documents.map((d) => {
      const doc: DocumentRecord = { type: d.type, number: d.number.trim() };
      const issued = DateIso(d.issued, true);
      const valid_until = DateIso(d.valid_until);
      if (issued) doc.issued = issued;
      if (valid_until) doc.valid_until = valid_until;
      return doc;
    }),
    consents: m.consents,
    vulnerabilities: m.vulnerabilities,
  };
}

// What the duplicate check sends: the identity only, and only what is
// valid, so that a document date still being typed (or wrong) never stops
// the check.
export function IdentityBody(m: MemberDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { sex: m.sex || 'unknown' };
  for (const f of ['given_name', 'father_name', 'grandfather_name', 'family_name'] as const) {
    if (m[f].trim() && !NameError(m[f], false)) body[f] = m[f].trim();
  }
  const birth = BirthIso(m);
  if (birth) body.birth_date = birth;
  if (m.phone.trim() && !PhoneError(m.phone)) body.phone = AsciiDigits(m.phone.trim());
  const documents = m.documents.filter((d) => d.type && d.number.trim()).map((d) => ({ type: d.type, number: d.number.trim() }));
  if (documents.length > 0) body.documents = documents;
  return body;
}

// What the matching engine looks at; a change re-runs the lookup.
export function Identity(m: MemberDraft): string {
  return [m.given_name, m.father_name, m.grandfather_name, m.family_name, m.sex, m.birth_mode, m.birth_value, m.phone]
    .map((s) => s.trim())
    .join('|');
}

// The problems of one member, keyed by field id; `head_taken`: another
// member (or the household) already has a head.
export function ValidateMember(m: MemberDraft, head_taken: boolean, errors: Errors): void {
  const set = (field: string, error: string) => {
    if (error) errors[MemberFieldId(m, field)] = error;
  };
  set('given_name', NameError(m.given_name, true));
  set('father_name', NameError(m.father_name, false));
  set('grandfather_name', NameError(m.grandfather_name, false));
  set('family_name', NameError(m.family_name, false));
  if (!m.sex) set('sex', T('validate.sex'));
  if (!m.relationship) set('relationship', T('validate.relationship'));
  if (m.relationship === 'head' && head_taken) set('relationship', T('validate.one_head'));
  set('birth', BirthError(m.birth_mode, m.birth_value));
  set('phone', PhoneError(m.phone));
  m.documents.forEach((d, j) => {
    if (!d.type) set(`doc${j}-type`, T('validate.document_type'));
    set(`doc${j}-issued`, DateError(d.issued, true) ? T('validate.issued') : '');
    set(`doc${j}-valid_until`, DateError(d.valid_until));
    const issued = DateIso(d.issued, true);
    const until = DateIso(d.valid_until);
    if (issued && until && until < issued.slice(0, 10)) set(`doc${j}-valid_until`, T('validate.valid_before_issued'));
  });
}

// Focuses a field once a render has put it on the page (after "Add a member"
// or "Add a document": no 47 Tabs to reach it). A busy page may need more than
// one turn to render, so it looks again for a second before giving up.
export function FocusSoon(id: string, tries_left = 20): void {
  window.setTimeout(() => {
    const field = document.getElementById(id);
    if (field) field.focus();
    else if (tries_left > 0) FocusSoon(id, tries_left - 1);
  }, tries_left === 20 ? 0 : 50);
}

export function MemberFields(p: {
  member: MemberDraft;
  index: number;
  shown: (id: string) => string | undefined;
  onChange: (change: Partial<MemberDraft>, field?: string) => void;
  children?: ComponentChildren; // below the fields: remove, ...
}) {
  const m = p.member;
  const id = (field: string) => MemberFieldId(m, field);
  const text = (field: keyof MemberDraft, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      id={id(field)}
      label={T(`register.${field}`)}
      value={m[field] as string}
      error={p.shown(id(field))}
      onInput={(v) => p.onChange({ [field]: v } as Partial<MemberDraft>, field)}
      {...extra}
    />
  );
  const add_document = () => {
    p.onChange({ documents: [...m.documents, { type: '', number: '', issued: '', valid_until: '' }] });
    FocusSoon(id(`doc${m.documents.length}-type`));
  };
  return (
    <div class="member-fields">
      <div class="grid">
        {text('given_name', { required: true, hint: T('register.name_hint') })}
        {text('father_name')}
        {text('grandfather_name')}
        {text('family_name', { hint: T('register.optional') })}
        <SelectField
          id={id('sex')}
          label={T('register.sex')}
          value={m.sex}
          required
          error={p.shown(id('sex'))}
          onChange={(v) => p.onChange({ sex: v }, 'sex')}
          options={[{ value: '', label: T('common.choose') }, ...Options('sex', kSexes)]}
        />
        <SelectField
          id={id('relationship')}
          label={T('register.relationship')}
          value={m.relationship}
          required
          error={p.shown(id('relationship'))}
          onChange={(v) => p.onChange({ relationship: v }, 'relationship')}
          options={[{ value: '', label: T('common.choose') }, ...Options('relationship', kRelationships)]}
        />
        <BirthFields
          modeId={id('birth_mode')}
          valueId={id('birth')}
          mode={m.birth_mode}
          value={m.birth_value}
          error={p.shown(id('birth'))}
          onChange={(change) => p.onChange(change, change.birth_mode ? undefined : 'birth')}
        />
        {text('phone', { type: 'tel', inputMode: 'tel', dir: 'ltr', hint: T('register.phone_hint', { example: kPhoneExample }) })}
      </div>

      <fieldset class="subpanel">
        <legend>{T('register.documents')}</legend>
        {m.documents.length === 0 && <p class="hint">{T('register.no_documents')}</p>}
        {m.documents.map((d, j) => {
          const set_doc = (change: Partial<DocumentDraft>, field: string) =>
            p.onChange({ documents: m.documents.map((x, k) => (k === j ? { ...x, ...change } : x)) }, `doc${j}-${field}`);
          return (
            <div class="grid document" key={j}>
              <SelectField
                id={id(`doc${j}-type`)}
                label={T('register.document_type', { number: j + 1 })}
                value={d.type}
                error={p.shown(id(`doc${j}-type`))}
                onChange={(v) => set_doc({ type: v }, 'type')}
                options={[{ value: '', label: T('common.choose') }, ...Options('document', kDocumentTypes)]}
              />
              <TextField
                id={id(`doc${j}-number`)}
                label={T('register.document_number')}
                value={d.number}
                dir="ltr"
                error={p.shown(id(`doc${j}-number`))}
                onInput={(v) => set_doc({ number: v }, 'number')}
              />
              <DateField
                id={id(`doc${j}-issued`)}
                label={T('register.document_issued')}
                partial
                value={d.issued}
                error={p.shown(id(`doc${j}-issued`))}
                onInput={(v) => set_doc({ issued: v }, 'issued')}
              />
              <DateField
                id={id(`doc${j}-valid_until`)}
                label={T('register.document_valid_until')}
                value={d.valid_until}
                error={p.shown(id(`doc${j}-valid_until`))}
                onInput={(v) => set_doc({ valid_until: v }, 'valid_until')}
              />
              <div class="field field-button">
                <button type="button" class="button-link" onClick={() => p.onChange({ documents: m.documents.filter((_, k) => k !== j) })}>
                  {T('register.remove_document', { number: j + 1 })}
                </button>
              </div>
            </div>
          );
        })}
        <button type="button" class="button-secondary" onClick={add_document}>
          {T('register.add_document')}
        </button>
      </fieldset>

      <CheckboxGroup
        id={id('consents')}
        legend={T('register.consents')}
        hint={T('register.consents_hint')}
        options={Options('consent', kConsentPurposes)}
        values={m.consents}
        onChange={(v) => p.onChange({ consents: v })}
      />
      <CheckboxGroup
        id={id('vulnerabilities')}
        legend={T('register.vulnerabilities')}
        hint={T('register.vulnerabilities_hint')}
        options={Options('vulnerability', kVulnerabilities)}
        values={m.vulnerabilities}
        onChange={(v) => p.onChange({ vulnerabilities: v })}
      />
      {p.children}
    </div>
  );
}
