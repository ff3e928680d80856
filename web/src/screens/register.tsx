// Register a household: the household's places, then each member with
// documents, consent per purpose and vulnerabilities (member_fields.tsx).
// After a pause in typing, each member's identity is sent to POST
// /api/v1/persons/candidates and possible duplicates appear beside the
// member, compared field by field in plain words. The registrar says "same
// person" (the member is still saved, and the two records are linked),
// "not the same" (the pair is never offered again) or continues. The
// decisions are sent once the household is saved (POST
// /api/v1/persons/{id}/duplicates/decisions): no member is ever dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Api, ApiError } from '../api';
import { CandidateCompare, PersonName } from '../components/duplicate_panel';
import { Notice, TextField } from '../components/fields';
import {
  type Errors,
  type MemberDraft,
  FocusSoon,
  Identity,
  IdentityBody,
  MemberBody,
  MemberFieldId,
  MemberFields,
  NewMember,
  ValidateMember,
} from '../components/member_fields';
import { ErrorText } from '../errors';
import { T } from '../i18n';
import { Href } from '../router';
import type { Candidate, HouseholdRecord, Session } from '../types';
import { NameError } from '../validation';
import { kAfghanProvinces, kPakistanProvinces } from '../vocabulary';
import { Registered, type Decided } from './registered';

interface RegisterMember extends MemberDraft {
  linked: Candidate | null; // the same person as this record: linked once saved
  dismissed: Candidate[]; // judged to be someone else
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

function NewRegisterMember(head: boolean): RegisterMember {
  return { ...NewMember(head), linked: null, dismissed: [], snoozed: '' };
}

function Validate(household: HouseholdDraft, members: RegisterMember[]): Errors {
  const errors: Errors = {};
  for (const [field, value] of Object.entries(household)) {
    const error = NameError(value, false);
    if (error) errors[field] = error;
  }
  let heads = 0;
  for (const m of members) {
    ValidateMember(m, heads > 0, errors);
    if (m.relationship === 'head') heads++;
  }
  return errors;
}

// "members[2].documents[0].number" -> "m<key>-doc0-number".
function FieldIdFromServer(field: string, members: RegisterMember[]): string {
  const match = /^members\[(\d+)\]\.?(.*)$/.exec(field);
  if (!match) return field;
  const member = members[Number(match[1])];
  if (!member) return 'members';
  let rest = match[2].replace(/^documents\[(\d+)\]\.?/, 'doc$1-');
  if (rest === 'birth_date') rest = 'birth';
  return MemberFieldId(member, rest || 'given_name');
}

// Sends the registrar's decisions for the saved members; returns what was
// recorded and what failed (the household is saved either way).
async function SendDecisions(saved: HouseholdRecord, members: RegisterMember[]): Promise<{ decided: Decided[]; failed: string[] }> {
  const decided: Decided[] = [];
  const failed: string[] = [];
  for (let i = 0; i < members.length && i < saved.members.length; i++) {
    const person = saved.members[i];
    const wanted: [Candidate, 'same' | 'not_same'][] = [
      ...(members[i].linked ? [[members[i].linked!, 'same'] as [Candidate, 'same']] : []),
      ...members[i].dismissed.map((c) => [c, 'not_same'] as [Candidate, 'not_same']),
    ];
    for (const [candidate, decision] of wanted) {
      try {
        await Api('POST', `/api/v1/persons/${encodeURIComponent(person.id)}/duplicates/decisions`, {
          candidate_id: candidate.person_id,
          decision,
        });
        decided.push({ person_id: person.id, candidate, decision });
      } catch (error) {
        failed.push(`${PersonName(candidate)}: ${ErrorText(error)}`);
      }
    }
  }
  return { decided, failed };
}

export function Register(_p: { session: Session }) {
  const [household, set_household] = useState<HouseholdDraft>(kEmptyHousehold);
  const [members, set_members] = useState<RegisterMember[]>(() => [NewRegisterMember(true)]);
  const [touched, set_touched] = useState<Set<string>>(new Set());
  const [submitted, set_submitted] = useState(false);
  const [server_error, set_server_error] = useState<{ field: string; text: string } | null>(null);
  const [busy, set_busy] = useState(false);
  const [result, set_result] = useState<{ household: HouseholdRecord; decided: Decided[]; failed: string[] } | null>(null);
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

  const update_member = (key: number, change: Partial<RegisterMember>, field?: string) => {
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
        if (asked.current[m.key] === identity) continue;
        if (m.given_name.trim().length < 2 || !(m.father_name.trim() || m.birth_value.trim())) continue;
        asked.current[m.key] = identity;
        try {
          const body = IdentityBody(m);
          if (household.origin_province.trim()) body.province = household.origin_province.trim();
          const answer = await Api<{ candidates: Candidate[] }>('POST', '/api/v1/persons/candidates', body);
          // An answer overtaken by newer typing (asked again meanwhile) is
          // not shown: it is about a spelling no longer on the form.
          if (asked.current[m.key] !== identity) continue;
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
        members: members.map(MemberBody),
      };
      const created = await Api<HouseholdRecord>('POST', '/api/v1/households', body);
      const { decided, failed } = await SendDecisions(created, members);
      set_result({ household: created, decided, failed });
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
    set_members([NewRegisterMember(true)]);
    set_touched(new Set());
    set_submitted(false);
    set_result(null);
    set_candidates({});
    asked.current = {};
  };

  const add_member = () => {
    const added = NewRegisterMember(false);
    set_members((ms) => [...ms, added]);
    FocusSoon(MemberFieldId(added, 'given_name'));
  };

  if (result) return <Registered household={result.household} decided={result.decided} failed={result.failed} onAnother={reset} />;

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
                  <a
                    href={`#${id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      document.getElementById(id)?.focus();
                    }}
                  >
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
            {kPakistanProvinces.map((p) => (
              <option value={p} key={p} />
            ))}
          </datalist>
          <datalist id="afghan-provinces">
            {kAfghanProvinces.map((p) => (
              <option value={p} key={p} />
            ))}
          </datalist>
        </fieldset>

        <h2>{T('register.members', { count: members.length })}</h2>
        {lookup_error && <Notice kind="warning">{T('register.lookup_failed', { error: lookup_error })}</Notice>}
        {members.map((m, index) => (
          <Member
            key={m.key}
            member={m}
            index={index}
            shown={shown}
            candidates={(candidates[m.key] ?? []).filter((c) => !m.dismissed.some((d) => d.person_id === c.person_id))}
            onChange={(change, field) => update_member(m.key, change, field)}
            onRemove={members.length > 1 ? () => set_members((ms) => ms.filter((x) => x.key !== m.key)) : undefined}
            province={household.origin_province}
          />
        ))}
        <div class="actions">
          <button type="button" class="button-secondary" onClick={add_member}>
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
  member: RegisterMember;
  index: number;
  shown: (id: string) => string | undefined;
  candidates: Candidate[];
  onChange: (change: Partial<RegisterMember>, field?: string) => void;
  onRemove?: () => void;
  province: string;
}) {
  const m = p.member;
  const title = T('register.member_title', { number: p.index + 1, name: m.given_name.trim() || T('register.unnamed') });
  const show_candidates = !m.linked && p.candidates.length > 0 && m.snoozed !== Identity(m);
  const subject: Record<string, string> = { ...MemberBody(m), sex: m.sex, province: p.province } as never;
  return (
    <fieldset class="panel member" data-member={p.index}>
      <legend>{title}</legend>
      {m.linked && (
        <Notice kind="info">
          <p class="member-linked">
            {T('register.linked_to', { name: PersonName(m.linked) })}{' '}
            <a href={Href('person', m.linked.person_id)} target="_blank" rel="noopener">
              {T('register.open_record')}
            </a>
          </p>
          <button type="button" class="button-secondary" onClick={() => p.onChange({ linked: null })}>
            {T('register.unlink')}
          </button>
        </Notice>
      )}
      <div class={show_candidates ? 'member-body with-candidates' : 'member-body'}>
        <MemberFields member={m} index={p.index} shown={p.shown} onChange={p.onChange}>
          {p.onRemove && (
            <button type="button" class="button-link" onClick={p.onRemove}>
              {T('register.remove_member', { number: p.index + 1 })}
            </button>
          )}
        </MemberFields>
        {show_candidates && (
          <aside class="candidates" aria-labelledby={`cand-${m.key}`} aria-live="polite">
            <h3 id={`cand-${m.key}`}>{T('duplicates.title', { count: p.candidates.length })}</h3>
            <p class="hint">{T('duplicates.intro')}</p>
            {p.candidates.map((c) => (
              <CandidateCompare key={c.person_id} subject={subject} candidate={c} subjectLabel={T('duplicates.entered')}>
                <button type="button" class="button-primary" onClick={() => p.onChange({ linked: c })}>
                  {T('duplicates.link')}
                </button>
                <button type="button" class="button-secondary" onClick={() => p.onChange({ dismissed: [...m.dismissed, c] })}>
                  {T('duplicates.dismiss')}
                </button>
              </CandidateCompare>
            ))}
            <button type="button" class="button-secondary" onClick={() => p.onChange({ snoozed: Identity(m) })}>
              {T('duplicates.continue')}
            </button>
          </aside>
        )}
      </div>
    </fieldset>
  );
}
