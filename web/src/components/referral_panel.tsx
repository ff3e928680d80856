// A case's referrals and the form to make one (POST /api/v1/cases/{id}/
// referrals). The form shows which recorded consent covers the referral:
// the person's own consent to referral or, for a child (a birth date that
// may be under 18 years ago), the household head's, as the server decides
// (src/store/referral_store.cc). Without it the button stays disabled; if
// the server refuses anyway its message is shown. Only the fields ticked
// are shared (minimum data). The receiving side (referral.update) accepts,
// declines or completes a referral with an outcome note; the caseworker
// who referred may withdraw it.
import { useState } from 'preact/hooks';
import { Api, ApiError } from '../api';
import { ErrorText } from '../errors';
import { FormatDate, T, TOr, Today } from '../i18n';
import type { CaseFile, HouseholdRecord, Organisation, PersonRecord, Referral, Session } from '../types';
import type { Write } from '../screens/case_page';
import { kServiceTypes, kSharedFields, Options } from '../vocabulary';
import { CheckboxGroup, Notice, SelectField } from './fields';
import { UseLoad } from './load';
import { NameOf } from './person_name';

// The last day a partial date ("1990-05-17", "1990-05", "1990", "1985~2")
// can stand for.
function Latest(birth: string): string {
  const estimate = /^(\d{4})~(\d+)$/.exec(birth);
  if (estimate) return `${Number(estimate[1]) + Number(estimate[2])}-12-31`;
  if (/^\d{4}$/.test(birth)) return `${birth}-12-31`;
  const month = /^(\d{4})-(\d{2})$/.exec(birth);
  if (month) {
    const last = new Date(Date.UTC(Number(month[1]), Number(month[2]), 0)).getUTCDate();
    return `${birth}-${String(last).padStart(2, '0')}`;
  }
  return birth.slice(0, 10);
}

export function MayBeChild(birth: string | undefined | null): boolean {
  if (!birth) return false;
  const today = Today();
  const adult_if_born_by = `${Number(today.slice(0, 4)) - 18}${today.slice(4)}`;
  return Latest(birth) > adult_if_born_by;
}

export interface ConsentCover {
  covered: boolean;
  child: boolean;
  whose: PersonRecord; // the person whose consent counts
}

export function ConsentFor(person: PersonRecord, household: HouseholdRecord | null): ConsentCover {
  const child = MayBeChild(person.birth_date);
  const head = child ? household?.members.find((m) => m.relationship === 'head' && m.id !== person.id) : undefined;
  const whose = head ?? person;
  return { covered: (whose.consents ?? []).includes('referral'), child: !!head, whose };
}

const kActions: Record<string, { to: string; permission: string }[]> = {
  pending: [
    { to: 'accepted', permission: 'referral.update' },
    { to: 'declined', permission: 'referral.update' },
    { to: 'withdrawn', permission: 'case.write' },
  ],
  accepted: [
    { to: 'completed', permission: 'referral.update' },
    { to: 'withdrawn', permission: 'case.write' },
  ],
};

export function ReferralPanel(p: { file: CaseFile; session: Session; write: Write }) {
  const organisations = UseLoad<{ items: Organisation[] }>('/api/v1/organisations');
  const names = new Map((organisations.kind === 'ok' ? organisations.value.items : []).map((o) => [o.id, o.name]));
  const may_refer = p.session.permissions.includes('case.write');
  return (
    <section class="panel referrals" aria-labelledby="case-referrals-title">
      <h2 id="case-referrals-title">{T('referral.title')}</h2>
      {p.file.referrals.length === 0 ? (
        <p>{T('referral.none')}</p>
      ) : (
        <ul class="referral-list">
          {p.file.referrals.map((r) => (
            <ReferralItem key={r.id} referral={r} organisation={names.get(r.organisation_id) ?? ''} session={p.session} write={p.write} />
          ))}
        </ul>
      )}
      {may_refer && p.file.status !== 'closed' && (
        <ReferralForm file={p.file} organisations={organisations.kind === 'ok' ? organisations.value.items : []} write={p.write} />
      )}
    </section>
  );
}

function ReferralItem(p: { referral: Referral; organisation: string; session: Session; write: Write }) {
  const r = p.referral;
  const [note, set_note] = useState('');
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);
  const actions = (kActions[r.status] ?? []).filter((a) => p.session.permissions.includes(a.permission as never));
  const answer = async (to: string) => {
    set_error('');
    set_busy(true);
    try {
      const saved = await p.write(() =>
        Api('PATCH', `/api/v1/referrals/${r.id}`, { version: r.version, status: to, ...(note.trim() ? { outcome_note: note.trim() } : {}) }),
      );
      if (saved) set_note('');
    } catch (err) {
      set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };
  const note_id = `referral-note-${r.id}`;
  return (
    <li class="referral" data-referral={r.id} data-status={r.status}>
      <h3>
        {TOr(`service.${r.service}`, r.service)} · <bdi>{p.organisation}</bdi>
      </h3>
      <p>
        <span class={`referral-status referral-status-${r.status}`}>{TOr(`referral_status.${r.status}`, r.status)}</span>
        {' · '}
        {T('case.by_on', { user: r.created_by, date: FormatDate(r.created_at) })}
      </p>
      <p class="hint">
        {T('referral.shared', { fields: r.shared_fields.map((f) => TOr(`shared.${f}`, f)).join(', ') })}{' '}
        {T(r.consent_of === 'household_head' ? 'referral.consent_of_head' : 'referral.consent_of_person')}
      </p>
      {r.outcome_note && (
        <p class="notes outcome-note">
          <bdi>{r.outcome_note}</bdi>
        </p>
      )}
      {actions.length > 0 && (
        <div class="referral-answer">
          <div class="field">
            <label for={note_id}>{T('referral.outcome_note')}</label>
            <textarea id={note_id} rows={2} dir="auto" value={note} onInput={(e) => set_note((e.currentTarget as HTMLTextAreaElement).value)} />
          </div>
          <div class="actions">
            {actions.map((a) => (
              <button
                type="button"
                key={a.to}
                data-to={a.to}
                class={a.to === 'accepted' || a.to === 'completed' ? 'button-primary' : 'button-secondary'}
                disabled={busy}
                onClick={() => void answer(a.to)}
              >
                {T(`referral.action.${a.to}`)}
              </button>
            ))}
          </div>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </li>
  );
}

function ReferralForm(p: { file: CaseFile; organisations: Organisation[]; write: Write }) {
  // Read afresh, not from the names cache: consent may have been recorded
  // (or withdrawn) since the page opened.
  const loaded = UseLoad<PersonRecord>(`/api/v1/persons/${encodeURIComponent(p.file.person_id)}`);
  const person = loaded.kind === 'ok' ? loaded.value : null;
  const household = UseLoad<HouseholdRecord>(p.file.household_id ? `/api/v1/households/${encodeURIComponent(p.file.household_id)}` : null);
  const [service, set_service] = useState('');
  const [organisation, set_organisation] = useState('');
  const [fields, set_fields] = useState<string[]>(['given_name', 'father_name']);
  const [errors, set_errors] = useState<{ service?: string; organisation?: string; fields?: string }>({});
  const [refused, set_refused] = useState('');
  const [sent, set_sent] = useState<string[] | null>(null);
  const [busy, set_busy] = useState(false);
  const offering = p.organisations.filter((o) => !service || o.services.includes(service));
  const cover = person ? ConsentFor(person, household.kind === 'ok' ? household.value : null) : null;

  const submit = async (e: Event) => {
    e.preventDefault();
    set_refused('');
    set_sent(null);
    const problems: typeof errors = {};
    if (!service) problems.service = T('referral.service_required');
    if (!organisation) problems.organisation = T('referral.organisation_required');
    if (fields.length === 0) problems.fields = T('referral.fields_required');
    set_errors(problems);
    if (Object.keys(problems).length) return;
    set_busy(true);
    try {
      const saved = await p.write(() =>
        Api('POST', `/api/v1/cases/${p.file.id}/referrals`, { service, organisation_id: organisation, shared_fields: fields }),
      );
      if (saved) {
        set_sent(fields);
        set_service('');
        set_organisation('');
      }
    } catch (err) {
      // A refusal for want of consent comes with the server's own words.
      set_refused(err instanceof ApiError && err.status === 403 && err.message ? err.message : ErrorText(err));
    } finally {
      set_busy(false);
    }
  };

  return (
    <form class="referral-form subpanel" onSubmit={submit} noValidate aria-labelledby="referral-form-title">
      <h3 id="referral-form-title">{T('referral.new')}</h3>
      <div class="grid">
        <SelectField
          id="referral-service"
          label={T('referral.service')}
          value={service}
          error={errors.service}
          onChange={(v) => {
            set_service(v);
            if (organisation && !p.organisations.find((o) => o.id === organisation)?.services.includes(v)) set_organisation('');
          }}
          options={[{ value: '', label: T('common.choose') }, ...Options('service', kServiceTypes)]}
        />
        <SelectField
          id="referral-organisation"
          label={T('referral.organisation')}
          hint={offering.length === 0 ? T('referral.no_organisation') : undefined}
          value={organisation}
          error={errors.organisation}
          onChange={set_organisation}
          options={[{ value: '', label: T('common.choose') }, ...offering.map((o) => ({ value: o.id, label: o.name }))]}
        />
      </div>
      <CheckboxGroup
        id="referral-fields"
        legend={T('referral.fields')}
        hint={T('referral.fields_hint')}
        options={Options('shared', kSharedFields)}
        values={fields}
        onChange={set_fields}
      />
      {errors.fields && <p class="field-error">{errors.fields}</p>}
      {cover && (
        <div class={`consent-cover ${cover.covered ? 'covered' : 'not-covered'}`} data-covered={cover.covered ? '1' : '0'}>
          <Notice kind={cover.covered ? 'success' : 'warning'}>
            <p>
              {cover.covered
                ? cover.child
                  ? T('referral.covered_head', { name: NameOf(cover.whose) })
                  : T('referral.covered_person', { name: NameOf(cover.whose) })
                : cover.child
                  ? T('referral.missing_head', { name: NameOf(cover.whose) })
                  : T('referral.missing_person', { name: NameOf(cover.whose) })}
            </p>
          </Notice>
        </div>
      )}
      {refused && <Notice kind="error">{refused}</Notice>}
      {sent && (
        <div class="referral-sent">
          <Notice kind="success">
            <p>{T('referral.sent', { fields: sent.map((f) => TOr(`shared.${f}`, f)).join(', ') })}</p>
          </Notice>
        </div>
      )}
      <button type="submit" class="button-primary" disabled={busy || !cover?.covered}>
        {T('referral.submit')}
      </button>
    </form>
  );
}
