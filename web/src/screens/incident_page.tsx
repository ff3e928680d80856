// One incident (GET /api/v1/incidents/{id}, audited): what happened, and
// for each person involved the documents held, detention details and the
// status that day; a counsellor (status.check) also sees the provisions
// behind each status. Persons still detained with a valid status come first:
// they need legal aid now.
import { useEffect, useState } from 'preact/hooks';
import { Api, ApiError } from '../api';
import { Notice } from '../components/fields';
import { DocumentLabel, NextSteps, Provisions, StatusLabel } from '../components/status_view';
import { ErrorText } from '../errors';
import { FormatDate, FormatNumber, T, TOr } from '../i18n';
import { Href } from '../router';
import type { IncidentPerson, IncidentRecord, Session } from '../types';

function Urgent(p: IncidentPerson): boolean {
  return p.detention?.outcome === 'still_detained' && !!p.status?.valid_status;
}

function PersonCard(p: { person: IncidentPerson; number: number; incidentId: string; mayOpenCase: boolean }) {
  const x = p.person;
  const d = x.detention;
  const explained = x.status_explained;
  const who = x.person_id
    ? T('incident.registered_person', { number: p.number })
    : T('incident.described_person', { number: p.number });
  return (
    <article class={`panel incident-person-card${Urgent(x) ? ' urgent' : ''}`} data-documented={x.status?.detained_while_documented ? '1' : '0'}>
      <h3>{who}</h3>
      {Urgent(x) && <p class="urgent-mark">{T('incident_page.urgent')}</p>}
      <dl class="facts">
        {x.person_id && (
          <div class="fact">
            <dt>{T('incident_page.record')}</dt>
            <dd>
              <a href={Href('person', x.person_id)}>{T('incident_page.open_person')}</a>
              {p.mayOpenCase && (
                <>
                  {' · '}
                  <a class="open-case" href={`${Href('case_new')}?person=${encodeURIComponent(x.person_id)}&incident=${encodeURIComponent(p.incidentId)}`}>
                    {T('case.open_case')}
                  </a>
                </>
              )}
            </dd>
          </div>
        )}
        {!x.person_id && (
          <div class="fact">
            <dt>{T('incident_page.described')}</dt>
            <dd>
              {[
                x.sex ? TOr(`sex.${x.sex}`, x.sex) : '',
                x.age !== null && x.age !== undefined ? T('incident_page.age', { age: x.age }) : '',
                x.relationship ? TOr(`reporter.${x.relationship}`, x.relationship) : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </dd>
          </div>
        )}
        <div class="fact">
          <dt>{T('incident.documents_held')}</dt>
          <dd>
            {x.documents_held.length === 0
              ? T('incident.no_documents')
              : x.documents_held
                  .map((h) => (h.valid_until ? T('status.valid_until', { document: DocumentLabel(h.type), date: FormatDate(h.valid_until) }) : DocumentLabel(h.type)))
                  .join(', ')}
          </dd>
        </div>
        {x.status && (
          <div class="fact">
            <dt>{T('incident_page.status', { date: FormatDate(x.status.evaluated_on) })}</dt>
            <dd>
              <span class={`status-badge status-${x.status.status}`}>{StatusLabel(x.status.status)}</span>
              {x.status.approximate && <span class="hint"> {T('incident_page.approximate')}</span>}
              {x.status.detained_while_documented && <span class="documented-mark"> {T('incident.documented_mark')}</span>}
            </dd>
          </div>
        )}
        {d && (
          <div class="fact">
            <dt>{T('incident_page.detention')}</dt>
            <dd>
              {[
                TOr(`outcome.${d.outcome}`, d.outcome),
                d.held_at ? T('incident_page.held_at', { place: d.held_at }) : '',
                d.days !== null && d.days !== undefined ? T('incident_page.days', { days: d.days }) : '',
                d.payment_demanded ? T('incident_page.demanded', { amount: FormatNumber(d.payment_demanded), currency: d.currency ?? '' }) : '',
                d.payment_paid ? T('incident_page.paid', { amount: FormatNumber(d.payment_paid), currency: d.currency ?? '' }) : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </dd>
          </div>
        )}
      </dl>
      {explained && <Provisions provisions={explained.provisions} heading="h4" />}
      {explained && <NextSteps steps={explained.next_steps} heading="h4" language={explained.language} />}
    </article>
  );
}

export function IncidentPage(p: { id: string; session: Session }) {
  const [incident, set_incident] = useState<IncidentRecord | null>(null);
  const [error, set_error] = useState<unknown>(null);
  useEffect(() => {
    let alive = true;
    set_incident(null);
    set_error(null);
    Api<IncidentRecord>('GET', `/api/v1/incidents/${encodeURIComponent(p.id)}`).then(
      (value) => alive && set_incident(value),
      (e) => alive && set_error(e),
    );
    return () => {
      alive = false;
    };
  }, [p.id]);

  if (error) {
    const refused = error instanceof ApiError && error.status === 403;
    return (
      <section class="panel" aria-labelledby="incident-error-title" data-refused={refused ? '1' : '0'}>
        <h1 id="incident-error-title">{refused ? T('incident_page.refused_title') : T('person.error_title')}</h1>
        <Notice kind="error">{refused ? T('incident_page.refused') : ErrorText(error)}</Notice>
        <p>
          <a href={Href()}>{T('common.back_home')}</a>
        </p>
      </section>
    );
  }
  if (!incident) return <p class="loading">{T('common.loading')}</p>;
  // Urgent first, the rest in the order recorded (numbers keep that order).
  const persons = incident.persons.map((person, i) => ({ person, number: i + 1 }));
  persons.sort((a, b) => Number(Urgent(b.person)) - Number(Urgent(a.person)) || a.number - b.number);
  return (
    <section aria-labelledby="incident-title" class="incident">
      <h1 id="incident-title">
        {TOr(`incident_type.${incident.type}`, incident.type)} · {FormatDate(incident.date)}
      </h1>
      <div class="panel">
        <dl class="facts">
          <Fact label={T('incident.date')} value={FormatDate(incident.date) + (incident.approximate_date ? ` ${T('incident_page.month_only')}` : '')} />
          <Fact label={T('incident_page.where')} value={[incident.district, incident.province].filter(Boolean).join(', ')} />
          <Fact label={T('incident.place_type')} value={TOr(`place_type.${incident.place_type}`, incident.place_type)} />
          <Fact label={T('incident.perpetrator')} value={TOr(`perpetrator.${incident.perpetrator}`, incident.perpetrator)} />
          <Fact label={T('incident_page.risk')} value={TOr(`risk.${incident.risk}`, incident.risk)} />
          <Fact label={T('incident.source')} value={TOr(`source.${incident.source}`, incident.source)} />
          <Fact
            label={T('incident.consents')}
            value={incident.consents.length ? incident.consents.map((c) => TOr(`consent.${c}`, c)).join(', ') : T('incident_page.no_consents')}
          />
        </dl>
        {incident.notes && (
          <>
            <h2>{T('incident.notes')}</h2>
            <p class="notes">
              <bdi>{incident.notes}</bdi>
            </p>
          </>
        )}
      </div>
      <h2>{T('incident.persons')}</h2>
      <div class="incident-persons">
        {persons.map(({ person, number }) => (
          <PersonCard key={number} person={person} number={number} incidentId={incident.id} mayOpenCase={p.session.permissions.includes('case.write')} />
        ))}
      </div>
      <p>
        <a href={Href('incidents')}>{T('incident_page.back')}</a>
      </p>
    </section>
  );
}

function Fact(p: { label: string; value?: string }) {
  if (!p.value) return null;
  return (
    <div class="fact">
      <dt>{p.label}</dt>
      <dd>
        <bdi>{p.value}</bdi>
      </dd>
    </div>
  );
}
