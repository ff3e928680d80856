// What the registrar sees once a household is saved: its members, the
// records linked as the same person, and the possible duplicates still to
// decide (a pair decided while registering is not offered again). From
// here: the household's page, or another registration.
import { useState } from 'preact/hooks';
import { DecisionButtons, PersonName } from '../components/duplicate_panel';
import { Notice } from '../components/fields';
import { FormatDate, FormatPercent, T } from '../i18n';
import { Href } from '../router';
import type { Candidate, HouseholdRecord } from '../types';

export interface Decided {
  person_id: string;
  candidate: Candidate;
  decision: 'same' | 'not_same';
}

export function Registered(p: { household: HouseholdRecord; decided: Decided[]; failed: string[]; onAnother: () => void }) {
  const h = p.household;
  const [decided, set_decided] = useState(p.decided);
  const byId = new Map(h.members.map((m) => [m.id, m]));
  const is_decided = (person: string, candidate: string) =>
    decided.some((d) => d.person_id === person && d.candidate.person_id === candidate);
  const duplicates = (h.possible_duplicates ?? []).filter((d) => !is_decided(d.person_id, d.candidate_id));
  const linked = decided.filter((d) => d.decision === 'same');
  return (
    <section aria-labelledby="registered-title">
      <Notice kind="success">
        <h1 id="registered-title">{T('registered.title')}</h1>
        <p>{T('registered.body', { count: h.members.length, id: h.id })}</p>
      </Notice>
      {p.failed.length > 0 && (
        <Notice kind="warning">
          <p>{T('registered.decisions_failed')}</p>
          <ul>
            {p.failed.map((f) => (
              <li key={f}>
                <bdi>{f}</bdi>
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <h2>{T('registered.members')}</h2>
      <ul class="people">
        {h.members.map((m) => (
          <li key={m.id}>
            <a href={Href('person', m.id)} dir="auto">
              {PersonName(m)}
            </a>
          </li>
        ))}
      </ul>
      {linked.length > 0 && (
        <>
          <h2>{T('registered.linked')}</h2>
          <ul class="people linked-records">
            {linked.map((d) => (
              <li key={`${d.person_id}-${d.candidate.person_id}`}>
                <bdi>{PersonName(byId.get(d.person_id) ?? { given_name: '?' })}</bdi>
                {' = '}
                <a href={Href('person', d.candidate.person_id)} dir="auto">
                  {PersonName(d.candidate)}
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
              <li key={`${d.person_id}-${d.candidate_id}`} data-candidate={d.candidate_id}>
                <bdi>{PersonName(byId.get(d.person_id) ?? { given_name: '?' })}</bdi>
                {' ↔ '}
                <a href={Href('person', d.candidate_id)} dir="auto">
                  {PersonName(d)}
                </a>{' '}
                {d.birth_date && <span>({FormatDate(d.birth_date)})</span>}{' '}
                {d.province && <span dir="auto">{d.province}</span>}{' '}
                <span class="probability">{T('duplicates.probability', { value: FormatPercent(d.match_probability) })}</span>
                <div class="actions">
                  <DecisionButtons
                    personId={d.person_id}
                    candidate={{ ...d, person_id: d.candidate_id }}
                    onDecided={(decision) =>
                      set_decided((list) => [...list, { person_id: d.person_id, candidate: { ...d, person_id: d.candidate_id }, decision }])
                    }
                  />
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div class="actions">
        <a class="button-primary" href={Href('household', h.id)}>
          {T('registered.open_household')}
        </a>
        <button type="button" class="button-secondary" onClick={p.onAnother}>
          {T('registered.another')}
        </button>
      </div>
    </section>
  );
}
