// A household's page (#/household/<id>): its places and members, and for a
// registrar the corrections: the places, a member's record, a new member,
// a member moved to another household (household_member.tsx), and the
// household's crossings with "Record a crossing" (household_movements.tsx).
// Every change names the version read (PATCH /api/v1/households/{id}); when
// someone else saved first the server answers 409, the page says so in
// words, keeps what was typed, and offers their changes before saving again.
import { useState } from 'preact/hooks';
import { Api, ApiError } from '../api';
import { Notice, TextField } from '../components/fields';
import { Loaded, UseLoad } from '../components/load';
import { PersonName } from '../components/duplicate_panel';
import { ErrorText } from '../errors';
import { FormatDate, T, TOr } from '../i18n';
import { Href } from '../router';
import type { HouseholdRecord, Session } from '../types';
import { NameError } from '../validation';
import { AddMember, EditMember, EraseMember, MoveMember } from './household_member';
import { HouseholdMovements } from './household_movements';

const kPlaces = ['origin_province', 'origin_district', 'current_location', 'destination_province', 'destination_district'] as const;
type Places = Record<(typeof kPlaces)[number], string>;

// What a household editor is given: the household as last read, and the
// one way to save a change to it.
export interface HouseholdEditing {
  household: HouseholdRecord;
  // PATCHes `change` with the version read; true when saved. A 409 shows
  // the conflict notice and keeps the caller's draft; other errors are
  // returned for the caller to show beside its fields.
  save: (change: Record<string, unknown>) => Promise<true | ApiError>;
  reload: () => void;
}

export function HouseholdPage(p: { id: string; session: Session }) {
  const [generation, set_generation] = useState(0);
  const state = UseLoad<HouseholdRecord>(`/api/v1/households/${encodeURIComponent(p.id)}`, generation);
  const [conflict, set_conflict] = useState(false);
  const [saved, set_saved] = useState('');
  const may_write = p.session.permissions.includes('household.write');
  const may_erase = p.session.permissions.includes('person.erase');
  const reload = () => set_generation((g) => g + 1);

  return (
    <section aria-labelledby="household-title" class="household">
      <h1 id="household-title">{T('household.title')}</h1>
      <Loaded state={state}>
        {(h) => {
          const save = async (change: Record<string, unknown>): Promise<true | ApiError> => {
            set_saved('');
            try {
              await Api('PATCH', `/api/v1/households/${encodeURIComponent(h.id)}`, { version: h.version, ...change });
              set_conflict(false);
              set_saved(T('household.saved'));
              reload();
              return true;
            } catch (error) {
              if (error instanceof ApiError && error.status === 409) {
                set_conflict(true);
                return error;
              }
              return error instanceof ApiError ? error : new ApiError(0, 'network', '', '');
            }
          };
          const editing: HouseholdEditing = { household: h, save, reload };
          return (
            <>
              <p class="hint">
                {T('household.number', { id: h.id })} · {T('household.version', { version: h.version })}
              </p>
              {conflict && (
                <Notice kind="warning">
                  <p>{T('household.conflict')}</p>
                  <button
                    type="button"
                    class="button-secondary"
                    onClick={() => {
                      set_conflict(false);
                      reload();
                    }}
                  >
                    {T('household.load_latest')}
                  </button>
                </Notice>
              )}
              {saved && <Notice kind="success">{saved}</Notice>}
              <PlacesPanel editing={editing} may_write={may_write} />
              <section class="panel" aria-labelledby="members-title">
                <h2 id="members-title">{T('household.members', { count: h.members.length })}</h2>
                <ul class="household-members">
                  {h.members.map((m) => (
                    <li key={m.id} data-person={m.id}>
                      <a href={Href('person', m.id)} class="long-text">
                        <bdi>{PersonName(m)}</bdi>
                      </a>
                      {m.relationship && <span> · {TOr(`relationship.${m.relationship}`, m.relationship)}</span>}
                      {m.birth_date && <span> · {FormatDate(m.birth_date)}</span>}
                      {(may_write || may_erase) && (
                        <div class="member-actions">
                          {may_write && <EditMember editing={editing} member={m} />}
                          {may_write && <MoveMember editing={editing} member={m} />}
                          {may_erase && <EraseMember editing={editing} member={m} />}
                        </div>
                      )}
                    </li>
                  ))}
                </ul>
                {may_write && <AddMember editing={editing} />}
              </section>
              <HouseholdMovements household={h} session={p.session} generation={generation} onRecorded={reload} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function PlacesOf(h: HouseholdRecord): Places {
  const record = h as unknown as Record<string, string | undefined>;
  return Object.fromEntries(kPlaces.map((f) => [f, record[f] ?? ''])) as Places;
}

// The household's places, shown; for a registrar, editable in place.
function PlacesPanel(p: { editing: HouseholdEditing; may_write: boolean }) {
  const h = p.editing.household;
  const [draft, set_draft] = useState<Places | null>(null);
  // The places when editing began: only what the registrar changed is sent,
  // so a colleague's change saved meanwhile (the 409) is not overwritten.
  const [base, set_base] = useState<Places | null>(null);
  const [error, set_error] = useState<{ field: string; text: string } | null>(null);
  const [busy, set_busy] = useState(false);
  const current = PlacesOf(h);
  if (!draft) {
    return (
      <section class="panel" aria-labelledby="places-title">
        <h2 id="places-title">{T('register.household')}</h2>
        <dl class="facts">
          {kPlaces
            .filter((f) => current[f])
            .map((f) => (
              <div class="fact" key={f}>
                <dt>{T(`register.${f}`)}</dt>
                <dd>
                  <bdi>{current[f]}</bdi>
                </dd>
              </div>
            ))}
        </dl>
        {p.may_write && (
          <button type="button" class="button-secondary" id="edit-places" onClick={() => (set_draft(current), set_base(current))}>
            {T('household.edit_places')}
          </button>
        )}
      </section>
    );
  }
  const errors = Object.fromEntries(kPlaces.map((f) => [f, NameError(draft[f], false)]).filter(([, e]) => e));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (Object.keys(errors).length > 0) return;
    set_busy(true);
    const changed = kPlaces.filter((f) => draft[f] !== base?.[f]);
    const saved = await p.editing.save(Object.fromEntries(changed.map((f) => [f, draft[f].trim()])));
    set_busy(false);
    if (saved === true) {
      set_draft(null);
      set_error(null);
    } else if (saved.status !== 409) {
      set_error({ field: saved.field || 'form', text: ErrorText(saved) });
    }
  };
  return (
    <form class="panel" aria-labelledby="places-title" onSubmit={submit} noValidate>
      <h2 id="places-title">{T('register.household')}</h2>
      {error?.field === 'form' && <Notice kind="error">{error.text}</Notice>}
      <div class="grid">
        {kPlaces.map((f) => (
          <TextField
            key={f}
            id={`place-${f}`}
            label={T(`register.${f}`)}
            value={draft[f]}
            error={errors[f] || (error?.field === f ? error.text : undefined)}
            onInput={(v) => set_draft({ ...draft, [f]: v })}
          />
        ))}
      </div>
      <div class="actions">
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? T('register.saving') : T('household.save_places')}
        </button>
        <button type="button" class="button-secondary" onClick={() => set_draft(null)}>
          {T('household.cancel')}
        </button>
      </div>
    </form>
  );
}
