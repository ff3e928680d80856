// Register a household: the household's places, then each member with
// documents, consent per purpose and vulnerabilities. Fields are checked as
// the registrar types (validation.ts); after a pause in typing, each member's
// names are sent to POST /api/v1/persons/candidates and possible duplicates
// appear beside the member with the evidence side by side. The registrar
// links (the same person: not registered again), dismisses (a different
// person) or continues.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Api, ApiError } from '../api';
import { CheckboxGroup, Notice, SelectField, TextField } from '../components/fields';
import { EvidenceLevel } from '../components/evidence';
import { ErrorText } from '../errors';
import { FormatDate, FormatPercent, T, TOr, Today } from '../i18n';
import { Href } from '../router';
import type { Candidate, DocumentRecord, HouseholdRecord, MemberInput, Session } from '../types';
import { type BirthMode, AsciiDigits, kPhoneExample, BirthDate, BirthError, NameError, PhoneError } from '../validation';
import {
  kAfghanProvinces,
  kConsentPurposes,
  kDocumentTypes,
  kPakistanProvinces,
  kRelationships,
  kSexes,
  kVulnerabilities,
  Options,
} from '../vocabulary';

interface DocumentDraft {
  type: string;
  number: string;
  issued: string;
  valid_until: string;
}

interface MemberDraft {
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
  linked: Candidate | null;
  dismissed: string[]; // candidate person ids judged to be someone else
  snoozed: string; // identity signature for which "continue" was chosen
}

interface HouseholdDraft {
  origin_province: string;
  origin_district: string;
  current_location: string;
  destination_province: string;
  destination_district: string;
}

const kEmptyHousehold: HouseholdDraft = {
  origin_province: '',
  origin_district: '',
  current_location: '',
  destination_province: '',
  destination_district: '',
};

let next_key = 1;
function NewMember(head: boolean): MemberDraft {
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
    linked: null,
    dismissed: [],
    snoozed: '',
  };
}

function MemberBody(m: MemberDraft): MemberInput {
  return {
    given_name: m.given_name.trim(),
    father_name: m.father_name.trim(),
    grandfather_name: m.grandfather_name.trim(),
    family_name: m.family_name.trim(),
    sex: m.sex || 'unknown',
    birth_date: BirthDate(m.birth_mode, m.birth_value) ?? '',
    phone: AsciiDigits(m.phone.trim()),
    relationship: m.relationship || 'other_relative',
    documents: m.documents.map((d) => {
      const doc: DocumentRecord = { type: d.type, number: d.number.trim() };
      if (d.issued.trim()) doc.issued = AsciiDigits(d.issued.trim());
      if (d.valid_until) doc.valid_until = d.valid_until;
      return doc;
    }),
    consents: m.consents,
    vulnerabilities: m.vulnerabilities,
  };
}

// What the matching engine looks at; a change re-runs the lookup.
function Identity(m: MemberDraft): string {
  return [m.given_name, m.father_name, m.grandfather_name, m.family_name, m.sex, m.birth_mode, m.birth_value, m.phone]
    .map((s) => s.trim())
    .join('|');
}

type Errors = Record<string, string>;

function Validate(household: HouseholdDraft, members: MemberDraft[]): Errors {
  const errors: Errors = {};
  for (const [field, value] of Object.entries(household)) {
    const error = NameError(value, false);
    if (error) errors[field] = error;
  }
  let heads = 0;
  members.forEach((m, i) => {
    if (m.linked) return;
    const id = (field: string) => `m${m.key}-${field}`;
    const set = (field: string, error: string) => {
      if (error) errors[id(field)] = error;
    };
    set('given_name', NameError(m.given_name, true));
    set('father_name', NameError(m.father_name, false));
    set('grandfather_name', NameError(m.grandfather_name, false));
    set('family_name', NameError(m.family_name, false));
    if (!m.sex) set('sex', T('validate.sex'));
    if (!m.relationship) set('relationship', T('validate.relationship'));
    if (m.relationship === 'head') heads++;
    if (m.relationship === 'head' && heads > 1) set('relationship', T('validate.one_head'));
    set('birth', BirthError(m.birth_mode, m.birth_value));
    set('phone', PhoneError(m.phone));
    m.documents.forEach((d, j) => {
      if (!d.type) errors[id(`doc${j}-type`)] = T('validate.document_type');
      if (d.issued.trim() && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(AsciiDigits(d.issued.trim())))
        errors[id(`doc${j}-issued`)] = T('validate.issued');
      if (d.valid_until && d.issued.trim() && d.valid_until < AsciiDigits(d.issued.trim()).slice(0, 10))
        errors[id(`doc${j}-valid_until`)] = T('validate.valid_before_issued');
    });
    void i;
  });
  if (members.every((m) => m.linked)) errors.members = T('validate.no_members');
  return errors;
}

// "members[2].documents[0].number" -> "m<key>-doc0-number".
function FieldIdFromServer(field: string, members: MemberDraft[]): string {
  const match = /^members\[(\d+)\]\.?(.*)$/.exec(field);
  if (!match) return field;
  const submitted = members.filter((m) => !m.linked);
  const member = submitted[Number(match[1])];
  if (!member) return 'members';
  let rest = match[2].replace(/^documents\[(\d+)\]\.?/, 'doc$1-');
  if (rest === 'birth_date') rest = 'birth';
  return `m${member.key}-${rest || 'given_name'}`;
}

export function Register(_p: { session: Session }) {
  const [household, set_household] = useState<HouseholdDraft>(kEmptyHousehold);
  const [members, set_members] = useState<MemberDraft[]>(() => [NewMember(true)]);
  const [touched, set_touched] = useState<Set<string>>(new Set());
  const [submitted, set_submitted] = useState(false);
  const [server_error, set_server_error] = useState<{ field: string; text: string } | null>(null);
  const [busy, set_busy] = useState(false);
  const [result, set_result] = useState<HouseholdRecord | null>(null);
  const [candidates, set_candidates] = useState<Record<number, Candidate[]>>({});
  const [lookup_error, set_lookup_error] = useState('');
  const asked = useRef<Record<number, string>>({});
  const summary = useRef<HTMLDivElement>(null);

  const errors = Validate(household, members);
  if (server_error) errors[server_error.field] ??= server_error.text;
  const shown = (id: string) => (submitted || touched.has(id) ? errors[id] : undefined);
  const touch = (id: string) =>
    set_touched((t) => {
      if (t.has(id)) return t;
      const n = new Set(t);
      n.add(id);
      return n;
    });

  const update_member = (key: number, change: Partial<MemberDraft>, field?: string) => {
    set_members((ms) => ms.map((m) => (m.key === key ? { ...m, ...change } : m)));
    if (field) touch(`m${key}-${field}`);
    set_server_error(null);
  };

  // Possible duplicates while typing: 600 ms after the last keystroke, ask
  // about each member whose identity changed and has enough to go on.
  const identities = members.map((m) => `${m.key}:${Identity(m)}`).join('\n');
  useEffect(() => {
    const timer = window.setTimeout(async () => {
      for (const m of members) {
        const identity = Identity(m);
        if (m.linked || asked.current[m.key] === identity) continue;
        if (m.given_name.trim().length < 2 || !(m.father_name.trim() || m.birth_value.trim())) continue;
        asked.current[m.key] = identity;
        try {
          const body: Record<string, unknown> = { ...MemberBody(m) };
          if (household.origin_province.trim()) body.province = household.origin_province.trim();
          const answer = await Api<{ candidates: Candidate[] }>('POST', '/api/v1/persons/candidates', body);
          set_candidates((c) => ({ ...c, [m.key]: answer.candidates ?? [] }));
          set_lookup_error('');
        } catch (error) {
          asked.current[m.key] = '';
          set_lookup_error(error instanceof ApiError && error.status === 404 ? '' : ErrorText(error));
        }
      }
    }, 600);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [identities, household.origin_province]);

  const submit = async (e: Event) => {
    e.preventDefault();
    set_submitted(true);
    if (Object.keys(errors).length > 0) {
      window.setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    set_busy(true);
    try {
      const body = {
        ...Object.fromEntries(Object.entries(household).map(([k, v]) => [k, v.trim()])),
        members: members.filter((m) => !m.linked).map(MemberBody),
      };
      const created = await Api<HouseholdRecord>('POST', '/api/v1/households', body);
      set_result(created);
      window.scrollTo(0, 0);
    } catch (error) {
      const field = error instanceof ApiError && error.field ? FieldIdFromServer(error.field, members) : 'form';
      set_server_error({ field, text: ErrorText(error) });
      window.setTimeout(() => summary.current?.focus(), 0);
    } finally {
      set_busy(false);
    }
  };

  const reset = () => {
    set_household(kEmptyHousehold);
    set_members([NewMember(true)]);
    set_touched(new Set());
    set_submitted(false);
    set_result(null);
    set_candidates({});
    asked.current = {};
  };

  if (result) return <Registered household={result} linked={members.filter((m) => m.linked)} onAnother={reset} />;

  const error_list = Object.entries(errors).filter(([id]) => submitted || touched.has(id) || id === server_error?.field);
  const place = (field: keyof HouseholdDraft, list?: string) => (
    <TextField
      id={field}
      label={T(`register.${field}`)}
      value={household[field]}
      list={list}
      error={shown(field)}
      onInput={(v) => {
        set_household((h) => ({ ...h, [field]: v }));
        touch(field);
      }}
    />
  );

  return (
    <section aria-labelledby="register-title">
      <h1 id="register-title">{T('register.title')}</h1>
      <p class="lead">{T('register.intro')}</p>
      <div ref={summary} tabIndex={-1} class="error-summary-anchor">
        {error_list.length > 0 && submitted && (
          <Notice kind="error">
            <p>
              <strong>{T('register.fix_before_saving', { count: error_list.length })}</strong>
            </p>
            <ul>
              {error_list.map(([id, text]) => (
                <li key={id}>
                  <a href={`#${id}`} onClick={(e) => { e.preventDefault(); document.getElementById(id)?.focus(); }}>
                    {text}
                  </a>
                </li>
              ))}
            </ul>
          </Notice>
        )}
        {server_error?.field === 'form' && <Notice kind="error">{server_error.text}</Notice>}
      </div>
      <form onSubmit={submit} noValidate>
        <fieldset class="panel">
          <legend>{T('register.household')}</legend>
          <div class="grid">
            {place('origin_province', 'pakistan-provinces')}
            {place('origin_district')}
            {place('current_location')}
            {place('destination_province', 'afghan-provinces')}
            {place('destination_district')}
          </div>
          <datalist id="pakistan-provinces">
            {kPakistanProvinces.map((p) => <option value={p} key={p} />)}
          </datalist>
          <datalist id="afghan-provinces">
            {kAfghanProvinces.map((p) => <option value={p} key={p} />)}
          </datalist>
        </fieldset>

        <h2>{T('register.members', { count: members.length })}</h2>
        {lookup_error && <Notice kind="warning">{T('register.lookup_failed', { error: lookup_error })}</Notice>}
        {members.map((m, index) => (
          <Member
            key={m.key}
            member={m}
            index={index}
            errors={errors}
            shown={shown}
            candidates={(candidates[m.key] ?? []).filter((c) => !m.dismissed.includes(c.person_id))}
            onChange={(change, field) => update_member(m.key, change, field)}
            onRemove={members.length > 1 ? () => set_members((ms) => ms.filter((x) => x.key !== m.key)) : undefined}
            province={household.origin_province}
          />
        ))}
        <div class="actions">
          <button type="button" class="button-secondary" onClick={() => set_members((ms) => [...ms, NewMember(false)])}>
            {T('register.add_member')}
          </button>
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? T('register.saving') : T('register.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Member(p: {
  member: MemberDraft;
  index: number;
  errors: Errors;
  shown: (id: string) => string | undefined;
  candidates: Candidate[];
  onChange: (change: Partial<MemberDraft>, field?: string) => void;
  onRemove?: () => void;
  province: string;
}) {
  const m = p.member;
  const id = (field: string) => `m${m.key}-${field}`;
  const title = T('register.member_title', { number: p.index + 1, name: m.given_name.trim() || T('register.unnamed') });

  if (m.linked) {
    return (
      <fieldset class="panel member member-linked" data-member={p.index}>
        <legend>{title}</legend>
        <p>
          {T('register.linked_to', { name: Name(m.linked) })}{' '}
          <a href={Href('person', m.linked.person_id)}>{T('register.open_record')}</a>
        </p>
        <button type="button" class="button-secondary" onClick={() => p.onChange({ linked: null })}>
          {T('register.unlink')}
        </button>
      </fieldset>
    );
  }

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
  const show_candidates = p.candidates.length > 0 && m.snoozed !== Identity(m);

  return (
    <fieldset class="panel member" data-member={p.index}>
      <legend>{title}</legend>
      <div class={show_candidates ? 'member-body with-candidates' : 'member-body'}>
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
            <SelectField
              id={id('birth_mode')}
              label={T('register.birth_mode')}
              value={m.birth_mode}
              onChange={(v) => p.onChange({ birth_mode: v as BirthMode, birth_value: '' })}
              options={Options('birth_mode', ['date', 'year', 'age'])}
            />
            <TextField
              id={id('birth')}
              label={T(`register.birth_${m.birth_mode}`)}
              type={m.birth_mode === 'date' ? 'date' : 'text'}
              inputMode={m.birth_mode === 'date' ? undefined : 'numeric'}
              max={m.birth_mode === 'date' ? Today() : undefined}
              dir="ltr"
              value={m.birth_value}
              error={p.shown(id('birth'))}
              onInput={(v) => p.onChange({ birth_value: v }, 'birth')}
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
                  <TextField
                    id={id(`doc${j}-issued`)}
                    label={T('register.document_issued')}
                    hint={T('register.document_issued_hint')}
                    value={d.issued}
                    dir="ltr"
                    inputMode="numeric"
                    error={p.shown(id(`doc${j}-issued`))}
                    onInput={(v) => set_doc({ issued: v }, 'issued')}
                  />
                  <TextField
                    id={id(`doc${j}-valid_until`)}
                    label={T('register.document_valid_until')}
                    type="date"
                    dir="ltr"
                    value={d.valid_until}
                    error={p.shown(id(`doc${j}-valid_until`))}
                    onInput={(v) => set_doc({ valid_until: v }, 'valid_until')}
                  />
                  <div class="field field-button">
                    <button
                      type="button"
                      class="button-link"
                      onClick={() => p.onChange({ documents: m.documents.filter((_, k) => k !== j) })}
                    >
                      {T('register.remove_document', { number: j + 1 })}
                    </button>
                  </div>
                </div>
              );
            })}
            <button
              type="button"
              class="button-secondary"
              onClick={() =>
                p.onChange({ documents: [...m.documents, { type: '', number: '', issued: '', valid_until: '' }] })
              }
            >
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
          {p.onRemove && (
            <button type="button" class="button-link" onClick={p.onRemove}>
              {T('register.remove_member', { number: p.index + 1 })}
            </button>
          )}
        </div>
        {show_candidates && (
          <Candidates
            member={m}
            candidates={p.candidates}
            onLink={(c) => p.onChange({ linked: c })}
            onDismiss={(c) => p.onChange({ dismissed: [...m.dismissed, c.person_id] })}
            onContinue={() => p.onChange({ snoozed: Identity(m) })}
            province={p.province}
          />
        )}
      </div>
    </fieldset>
  );
}

function Name(c: { given_name?: string; father_name?: string; grandfather_name?: string }): string {
  return [c.given_name, c.father_name, c.grandfather_name].filter(Boolean).join(' · ');
}

const kCompared = [
  'given_name',
  'father_name',
  'grandfather_name',
  'family_name',
  'sex',
  'birth_date',
  'phone',
  'province',
] as const;

function Candidates(p: {
  member: MemberDraft;
  candidates: Candidate[];
  onLink: (c: Candidate) => void;
  onDismiss: (c: Candidate) => void;
  onContinue: () => void;
  province: string;
}) {
  const entered: Record<string, string> = { ...MemberBody(p.member), sex: p.member.sex, province: p.province } as never;
  const show = (field: string, value: string | undefined) => {
    if (!value) return '';
    if (field === 'birth_date') return FormatDate(value);
    if (field === 'sex') return TOr(`sex.${value}`, value);
    return value;
  };
  return (
    <aside class="candidates" aria-labelledby={`cand-${p.member.key}`} aria-live="polite">
      <h3 id={`cand-${p.member.key}`}>{T('duplicates.title', { count: p.candidates.length })}</h3>
      <p class="hint">{T('duplicates.intro')}</p>
      {p.candidates.map((c) => {
        const evidence = new Map((c.explanation ?? []).map((e) => [e.field, e]));
        return (
          <div class="candidate" key={c.person_id} data-candidate={c.person_id}>
            <p class="candidate-head">
              <strong>{Name(c)}</strong>{' '}
              <span class="probability">{T('duplicates.probability', { value: FormatPercent(c.match_probability) })}</span>
            </p>
            <div class="table-wrap">
              <table class="compare">
                <caption class="visually-hidden">{T('duplicates.caption', { name: Name(c) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{T('duplicates.field')}</th>
                    <th scope="col">{T('duplicates.entered')}</th>
                    <th scope="col">{T('duplicates.existing')}</th>
                    <th scope="col">{T('duplicates.evidence')}</th>
                  </tr>
                </thead>
                <tbody>
                  {kCompared
                    .filter((f) => entered[f] || c[f] || evidence.has(f))
                    .map((f) => {
                      const e = evidence.get(f);
                      return (
                        <tr key={f}>
                          <th scope="row">{T(f === 'province' ? 'person.province' : `register.${f === 'birth_date' ? 'birth' : f}`)}</th>
                          <td>
                            <bdi>{show(f, entered[f])}</bdi>
                          </td>
                          <td>
                            <bdi>{show(f, c[f])}</bdi>
                          </td>
                          <td>
                            <EvidenceLevel evidence={e} />
                          </td>
                        </tr>
                      );
                    })}
                </tbody>
              </table>
            </div>
            <div class="actions">
              <button type="button" class="button-primary" onClick={() => p.onLink(c)}>
                {T('duplicates.link')}
              </button>
              <button type="button" class="button-secondary" onClick={() => p.onDismiss(c)}>
                {T('duplicates.dismiss')}
              </button>
              <a class="button-link" href={Href('person', c.person_id)} target="_blank" rel="noopener">
                {T('duplicates.open')}
              </a>
            </div>
          </div>
        );
      })}
      <button type="button" class="button-secondary" onClick={p.onContinue}>
        {T('duplicates.continue')}
      </button>
    </aside>
  );
}

function Registered(p: { household: HouseholdRecord; linked: MemberDraft[]; onAnother: () => void }) {
  const h = p.household;
  const duplicates = h.possible_duplicates ?? [];
  const byId = new Map(h.members.map((m) => [m.id, m]));
  return (
    <section aria-labelledby="registered-title">
      <Notice kind="success">
        <h1 id="registered-title">{T('registered.title')}</h1>
        <p>{T('registered.body', { count: h.members.length, id: h.id })}</p>
      </Notice>
      <h2>{T('registered.members')}</h2>
      <ul class="people">
        {h.members.map((m) => (
          <li key={m.id}>
            <a href={Href('person', m.id)} dir="auto">
              {Name(m)}
            </a>
          </li>
        ))}
      </ul>
      {p.linked.length > 0 && (
        <>
          <h2>{T('registered.linked')}</h2>
          <ul class="people">
            {p.linked.map((m) => (
              <li key={m.key}>
                <a href={Href('person', m.linked!.person_id)} dir="auto">
                  {Name(m.linked!)}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {duplicates.length > 0 && (
        <section class="panel possible-duplicates" aria-labelledby="possible-title">
          <h2 id="possible-title">{T('registered.possible_duplicates', { count: duplicates.length })}</h2>
          <p class="hint">{T('registered.possible_intro')}</p>
          <ul>
            {duplicates.map((d) => (
              <li key={`${d.person_id}-${d.candidate_id}`}>
                <span dir="auto">{Name(byId.get(d.person_id) ?? { given_name: '?' })}</span>
                {' ↔ '}
                <a href={Href('person', d.candidate_id)} dir="auto">
                  {Name(d)}
                </a>{' '}
                {d.birth_date && <span>({FormatDate(d.birth_date)})</span>}{' '}
                {d.province && <span dir="auto">{d.province}</span>}{' '}
                <span class="probability">{T('duplicates.probability', { value: FormatPercent(d.match_probability) })}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div class="actions">
        <button type="button" class="button-primary" onClick={p.onAnother}>
          {T('registered.another')}
        </button>
      </div>
    </section>
  );
}
