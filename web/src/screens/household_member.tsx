// A household's members changed from its page: a member's record
// corrected, a member added (the register's fields, member_fields.tsx), and
// a member moved to another household (POST /api/v1/households/{id}/moves:
// recorded and audited; a person is never dropped: removal is erasure, an
// administrator's act).
import { useState } from 'preact/hooks';
import { Api, ApiError, Query } from '../api';
import { PersonName } from '../components/duplicate_panel';
import { Notice, SelectField, TextField } from '../components/fields';
import { type Errors, type MemberDraft, FocusSoon, MemberBody, MemberFieldId, MemberFields, NewMember, ValidateMember } from '../components/member_fields';
import { ErrorText } from '../errors';
import { T } from '../i18n';
import type { PersonRecord, PersonSummary } from '../types';
import { kRelationships, Options } from '../vocabulary';
import type { HouseholdEditing } from './household';

// A registered person as the fields show them. A birth date that is not a
// full date or a year (a month, an estimate) is kept as it was unless the
// birth field is changed.
function DraftOf(m: PersonRecord): MemberDraft {
  const draft = NewMember(false);
  const birth = m.birth_date ?? '';
  const full = /^\d{4}-\d{2}-\d{2}$/.test(birth);
  return {
    ...draft,
    given_name: m.given_name ?? '',
    father_name: m.father_name ?? '',
    grandfather_name: m.grandfather_name ?? '',
    family_name: m.family_name ?? '',
    sex: m.sex ?? '',
    birth_mode: full ? 'date' : 'year',
    birth_value: full || /^\d{4}$/.test(birth) ? birth : '',
    relationship: m.relationship ?? '',
    phone: m.phone ?? '',
    documents: (m.documents ?? []).map((d) => ({ type: d.type, number: d.number ?? '', issued: d.issued ?? '', valid_until: d.valid_until ?? '' })),
    consents: m.consents ?? [],
    vulnerabilities: m.vulnerabilities ?? [],
  };
}

// A member's fields in a form of their own, saved through the household.
function MemberForm(p: {
  editing: HouseholdEditing;
  initial: MemberDraft;
  index: number; // the member's place in the household's list (where the server's errors point)
  body: (draft: MemberDraft) => Record<string, unknown>;
  submitLabel: string;
  onDone: () => void;
}) {
  const [draft, set_draft] = useState(p.initial);
  const [submitted, set_submitted] = useState(false);
  const [server, set_server] = useState<{ field: string; text: string } | null>(null);
  const [busy, set_busy] = useState(false);
  const errors: Errors = {};
  const others = p.editing.household.members.filter((_, i) => i !== p.index);
  ValidateMember(draft, others.some((m) => m.relationship === 'head'), errors);
  if (server && server.field !== 'form') errors[server.field] ??= server.text;
  const submit = async (e: Event) => {
    e.preventDefault();
    set_submitted(true);
    const first = Object.keys(errors)[0];
    if (first) {
      FocusSoon(first);
      return;
    }
    set_busy(true);
    const saved = await p.editing.save({ members: [p.body(draft)] });
    set_busy(false);
    if (saved === true) {
      p.onDone();
      return;
    }
    if (saved.status === 409) return;
    const match = /^members\[\d+\]\.?(.*)$/.exec(saved.field);
    let rest = match ? match[1].replace(/^documents\[(\d+)\]\.?/, 'doc$1-') : '';
    if (rest === 'birth_date') rest = 'birth';
    set_server({ field: match && rest ? MemberFieldId(draft, rest) : 'form', text: ErrorText(saved) });
  };
  return (
    <form class="subpanel member-form" onSubmit={submit} noValidate>
      {server?.field === 'form' && <Notice kind="error">{server.text}</Notice>}
      <MemberFields
        member={draft}
        index={p.index}
        shown={(id) => (submitted ? errors[id] : undefined)}
        onChange={(change) => {
          set_draft((d) => ({ ...d, ...change }));
          set_server(null);
        }}
      />
      <div class="actions">
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? T('register.saving') : p.submitLabel}
        </button>
        <button type="button" class="button-secondary" onClick={p.onDone}>
          {T('household.cancel')}
        </button>
      </div>
    </form>
  );
}

export function AddMember(p: { editing: HouseholdEditing }) {
  const [draft, set_draft] = useState<MemberDraft | null>(null);
  if (!draft) {
    return (
      <button
        type="button"
        class="button-secondary"
        id="add-member"
        onClick={() => {
          const added = NewMember(false);
          set_draft(added);
          FocusSoon(MemberFieldId(added, 'given_name'));
        }}
      >
        {T('register.add_member')}
      </button>
    );
  }
  return (
    <section aria-labelledby="add-member-title">
      <h3 id="add-member-title">{T('household.new_member')}</h3>
      <MemberForm
        editing={p.editing}
        initial={draft}
        index={p.editing.household.members.length}
        body={(d) => ({ ...MemberBody(d) })}
        submitLabel={T('household.save_member')}
        onDone={() => set_draft(null)}
      />
    </section>
  );
}

export function EditMember(p: { editing: HouseholdEditing; member: PersonRecord }) {
  // The member as the form first showed them (kept through a reload).
  const [initial, set_initial] = useState<MemberDraft | null>(null);
  if (!initial) {
    return (
      <button type="button" class="button-link" onClick={() => set_initial(DraftOf(p.member))}>
        {T('household.correct', { name: p.member.given_name })}
      </button>
    );
  }
  const index = p.editing.household.members.findIndex((m) => m.id === p.member.id);
  return (
    <MemberForm
      editing={p.editing}
      initial={initial}
      index={index}
      body={(d) => {
        // Only the fields changed, so a colleague's change saved meanwhile
        // (the 409) is not overwritten with what this form first showed.
        const before = MemberBody(initial) as unknown as Record<string, unknown>;
        const after = MemberBody(d) as unknown as Record<string, unknown>;
        const body: Record<string, unknown> = { id: p.member.id };
        for (const [key, value] of Object.entries(after)) {
          if (JSON.stringify(value) !== JSON.stringify(before[key])) body[key] = value;
        }
        return body;
      }}
      submitLabel={T('household.save_member')}
      onDone={() => set_initial(null)}
    />
  );
}

// Moves a member: find the other household by one of its members' names,
// say what the person is to its head, confirm.
export function MoveMember(p: { editing: HouseholdEditing; member: PersonRecord }) {
  const [open, set_open] = useState(false);
  const [query, set_query] = useState('');
  const [found, set_found] = useState<PersonSummary[] | null>(null);
  const [target, set_target] = useState<PersonSummary | null>(null);
  const [relationship, set_relationship] = useState('');
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);
  const h = p.editing.household;
  const id = `move-${p.member.id}`;
  if (!open) {
    return (
      <button type="button" class="button-link" onClick={() => (set_open(true), FocusSoon(`${id}-q`))}>
        {T('household.move', { name: p.member.given_name })}
      </button>
    );
  }
  const search = async (e: Event) => {
    e.preventDefault();
    set_error('');
    try {
      const answer = await Api<{ items: PersonSummary[] }>('GET', `/api/v1/persons${Query({ q: query.trim() })}`);
      set_found(answer.items.filter((s) => s.household_id && s.household_id !== h.id));
    } catch (err) {
      set_error(ErrorText(err));
    }
  };
  const move = async () => {
    if (!target || !relationship) {
      set_error(T('household.move_choose'));
      return;
    }
    set_busy(true);
    set_error('');
    try {
      await Api('POST', `/api/v1/households/${encodeURIComponent(h.id)}/moves`, {
        version: h.version,
        person_id: p.member.id,
        to_household_id: target.household_id,
        relationship,
      });
      set_open(false);
      p.editing.reload();
    } catch (err) {
      set_error(err instanceof ApiError && err.status === 409 ? T('household.conflict') : ErrorText(err));
    } finally {
      set_busy(false);
    }
  };
  return (
    <div class="subpanel move-member" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{T('household.move', { name: p.member.given_name })}</h3>
      <p class="hint">{T('household.move_intro')}</p>
      <form onSubmit={search} class="search-row">
        <TextField id={`${id}-q`} label={T('household.move_search')} value={query} onInput={set_query} />
        <button type="submit" class="button-secondary">
          {T('household.move_find')}
        </button>
      </form>
      {found && found.length === 0 && <p>{T('household.move_none')}</p>}
      {found && found.length > 0 && (
        <fieldset class="radio-group">
          <legend>{T('household.move_to')}</legend>
          {found.map((s) => (
            <div class="radio" key={s.id}>
              <input type="radio" id={`${id}-${s.id}`} name={`${id}-target`} checked={target?.id === s.id} onChange={() => set_target(s)} />
              <label for={`${id}-${s.id}`}>
                <bdi>{PersonName(s)}</bdi> · {T('find.household', { id: (s.household_id ?? '').slice(-6) })}
              </label>
            </div>
          ))}
        </fieldset>
      )}
      <SelectField
        id={`${id}-relationship`}
        label={T('household.move_relationship')}
        value={relationship}
        onChange={set_relationship}
        options={[{ value: '', label: T('common.choose') }, ...Options('relationship', kRelationships)]}
      />
      {error && <Notice kind="error">{error}</Notice>}
      <div class="actions">
        <button type="button" class="button-primary" disabled={busy} onClick={() => void move()}>
          {T('household.move_confirm')}
        </button>
        <button type="button" class="button-secondary" onClick={() => set_open(false)}>
          {T('household.cancel')}
        </button>
      </div>
    </div>
  );
}

// Removing a person for good is erasure (DELETE /api/v1/persons/{id}): an
// administrator's act, with a reason kept in the audit log; the record can
// never be read again. Never a silent drop from the household.
export function EraseMember(p: { editing: HouseholdEditing; member: PersonRecord }) {
  const [open, set_open] = useState(false);
  const [reason, set_reason] = useState('');
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);
  const id = `erase-${p.member.id}`;
  if (!open) {
    return (
      <button type="button" class="button-link" onClick={() => (set_open(true), FocusSoon(`${id}-reason`))}>
        {T('household.erase', { name: p.member.given_name })}
      </button>
    );
  }
  const erase = async (e: Event) => {
    e.preventDefault();
    if ([...reason.trim()].length < 10) {
      set_error(T('household.erase_reason_short'));
      return;
    }
    set_busy(true);
    set_error('');
    try {
      await Api('DELETE', `/api/v1/persons/${encodeURIComponent(p.member.id)}`, { reason: reason.trim() });
      set_open(false);
      p.editing.reload();
    } catch (err) {
      set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };
  return (
    <form class="subpanel erase-member" onSubmit={erase} noValidate>
      <Notice kind="warning">{T('household.erase_warning')}</Notice>
      <TextField id={`${id}-reason`} label={T('household.erase_reason')} hint={T('household.erase_reason_hint')} value={reason} error={error} onInput={set_reason} />
      <div class="actions">
        <button type="submit" class="button-primary" disabled={busy}>
          {T('household.erase_confirm')}
        </button>
        <button type="button" class="button-secondary" onClick={() => set_open(false)}>
          {T('household.cancel')}
        </button>
      </div>
    </form>
  );
}
