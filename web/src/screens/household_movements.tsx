// A household's crossings and moves: each member's movements (GET
// /api/v1/persons/{id}/movements, merged), the members moved in or out
// (GET /api/v1/households/{id}/moves), and "Record a crossing" (POST
// /api/v1/movements with the household, or some of its members) at one of
// the site's crossing points (GET /api/v1/crossing-points).
import { useEffect, useState } from 'preact/hooks';
import { Api } from '../api';
import { DateError, DateField, DateIso } from '../components/date_field';
import { PersonName } from '../components/duplicate_panel';
import { CheckboxGroup, Notice, SelectField } from '../components/fields';
import { UseLoad } from '../components/load';
import { FocusSoon } from '../components/member_fields';
import { ErrorText } from '../errors';
import { FormatDate, T, TOr } from '../i18n';
import type { CrossingPointRecord, HouseholdMove, HouseholdRecord, Movement, Session } from '../types';
import { kCrossingPoints, kDirections, kMovementModes, Options } from '../vocabulary';

// Every member's crossings, once each, oldest first; null while loading.
function UseHouseholdMovements(h: HouseholdRecord, generation: number, allowed: boolean): { list: Movement[] | null; error: string } {
  const [state, set_state] = useState<{ list: Movement[] | null; error: string }>({ list: null, error: '' });
  const ids = h.members.map((m) => m.id).join(',');
  useEffect(() => {
    if (!allowed) return;
    let alive = true;
    Promise.all(h.members.map((m) => Api<{ items: Movement[] }>('GET', `/api/v1/persons/${encodeURIComponent(m.id)}/movements`))).then(
      (answers) => {
        const byId = new Map<string, Movement>();
        for (const a of answers) for (const m of a.items) byId.set(m.id, m);
        const list = [...byId.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
        if (alive) set_state({ list, error: '' });
      },
      (error) => alive && set_state({ list: [], error: ErrorText(error) }),
    );
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids, generation, allowed]);
  return state;
}

export function HouseholdMovements(p: { household: HouseholdRecord; session: Session; generation: number; onRecorded: () => void }) {
  const may = (permission: string) => p.session.permissions.includes(permission as never);
  const h = p.household;
  const movements = UseHouseholdMovements(h, p.generation, may('movement.read'));
  const [moves, set_moves] = useState<HouseholdMove[]>([]);
  useEffect(() => {
    Api<{ items: HouseholdMove[] }>('GET', `/api/v1/households/${encodeURIComponent(h.id)}/moves`).then(
      (a) => set_moves(a.items),
      () => set_moves([]),
    );
  }, [h.id, p.generation]);
  const names = new Map(h.members.map((m) => [m.id, PersonName(m)]));
  return (
    <>
      {may('movement.read') && (
        <section class="panel" aria-labelledby="crossings-title">
          <h2 id="crossings-title">{T('household.crossings')}</h2>
          {movements.error && <Notice kind="error">{movements.error}</Notice>}
          {movements.list === null ? (
            <p class="loading">{T('common.loading')}</p>
          ) : movements.list.length === 0 ? (
            <p>{T('person.no_movements')}</p>
          ) : (
            <ul class="crossings">
              {movements.list.map((m) => (
                <li key={m.id}>
                  {FormatDate(m.date)} · <bdi>{m.crossing_point}</bdi>
                  {m.direction && ` · ${TOr(`direction.${m.direction}`, m.direction)}`}
                  {m.mode && ` · ${TOr(`mode.${m.mode}`, m.mode)}`}
                  {m.person_ids && ` · ${T('household.crossing_people', { count: m.person_ids.length })}`}
                </li>
              ))}
            </ul>
          )}
          {may('movement.write') && <RecordCrossing household={h} onRecorded={p.onRecorded} />}
        </section>
      )}
      {moves.length > 0 && (
        <section class="panel" aria-labelledby="moves-title">
          <h2 id="moves-title">{T('household.moves')}</h2>
          <ul>
            {moves.map((m) => (
              <li key={m.id}>
                {FormatDate(m.at)} ·{' '}
                {T(m.to_household_id === h.id ? 'household.moved_in' : 'household.moved_out', {
                  name: names.get(m.person_id) ?? m.person_id.slice(-6),
                  by: m.by,
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function RecordCrossing(p: { household: HouseholdRecord; onRecorded: () => void }) {
  const h = p.household;
  const [open, set_open] = useState(false);
  const [date, set_date] = useState('');
  const [point, set_point] = useState('');
  const [direction, set_direction] = useState('to_afghanistan');
  const [mode, set_mode] = useState('');
  const [people, set_people] = useState<string[]>(h.members.map((m) => m.id));
  const [submitted, set_submitted] = useState(false);
  const [error, set_error] = useState('');
  const [done, set_done] = useState('');
  const [busy, set_busy] = useState(false);
  // The built-in points until the site's list (with those its administrator
  // added) arrives, or if it cannot be read.
  const loaded = UseLoad<{ items: CrossingPointRecord[] }>(open ? '/api/v1/crossing-points' : null);
  const points = loaded.kind === 'ok' ? loaded.value.items.map((c) => c.name) : kCrossingPoints;
  if (!open) {
    return (
      <>
        {done && <Notice kind="success">{done}</Notice>}
        <button type="button" class="button-primary" id="record-crossing" onClick={() => (set_open(true), FocusSoon('crossing-date'))}>
          {T('household.record_crossing')}
        </button>
      </>
    );
  }
  const errors: Record<string, string> = {};
  if (!date.trim()) errors.date = T('household.crossing_date_required');
  else if (DateError(date)) errors.date = DateError(date);
  if (!point) errors.point = T('household.crossing_point_required');
  if (!mode) errors.mode = T('household.crossing_mode_required');
  if (people.length === 0) errors.people = T('household.crossing_people_required');
  const shown = (f: string) => (submitted ? errors[f] : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    set_submitted(true);
    if (Object.keys(errors).length > 0) return;
    set_busy(true);
    set_error('');
    try {
      const body: Record<string, unknown> = { date: DateIso(date), crossing_point: point, direction, mode, household_id: h.id };
      if (people.length < h.members.length) body.person_ids = people;
      await Api('POST', '/api/v1/movements', body);
      set_open(false);
      set_done(T('household.crossing_recorded'));
      p.onRecorded();
    } catch (err) {
      set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };
  return (
    <form class="subpanel" aria-labelledby="crossing-form-title" onSubmit={submit} noValidate>
      <h3 id="crossing-form-title">{T('household.record_crossing')}</h3>
      {error && <Notice kind="error">{error}</Notice>}
      <div class="grid">
        <DateField id="crossing-date" label={T('household.crossing_date')} value={date} onInput={set_date} error={shown('date')} required />
        <SelectField
          id="crossing-point"
          label={T('household.crossing_point')}
          value={point}
          required
          error={shown('point')}
          onChange={set_point}
          options={[{ value: '', label: T('common.choose') }, ...points.map((c) => ({ value: c, label: c }))]}
        />
        <SelectField id="crossing-direction" label={T('household.crossing_direction')} value={direction} onChange={set_direction} options={Options('direction', kDirections)} />
        <SelectField
          id="crossing-mode"
          label={T('household.crossing_mode')}
          value={mode}
          required
          error={shown('mode')}
          onChange={set_mode}
          options={[{ value: '', label: T('common.choose') }, ...Options('mode', kMovementModes)]}
        />
      </div>
      <CheckboxGroup
        id="crossing-people"
        legend={T('household.crossing_who')}
        options={h.members.map((m) => ({ value: m.id, label: PersonName(m) }))}
        values={people}
        onChange={set_people}
      />
      {shown('people') && <p class="field-error">{errors.people}</p>}
      <div class="actions">
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? T('register.saving') : T('household.save_crossing')}
        </button>
        <button type="button" class="button-secondary" onClick={() => set_open(false)}>
          {T('household.cancel')}
        </button>
      </div>
    </form>
  );
}
