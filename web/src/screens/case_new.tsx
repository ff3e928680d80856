// Opening a protection case (POST /api/v1/cases) for a registered person,
// from their page or from an incident that names them: the risks (the
// incident's risk ticked to start with), the priority, and who follows it
// (whoever opens it unless another caseworker is named). The person's
// recorded vulnerabilities are copied onto the case by the server.
import { useEffect, useState } from 'preact/hooks';
import { Api } from '../api';
import { CheckboxGroup, Notice, SelectField, TextField } from '../components/fields';
import { NameOf, UsePerson } from '../components/person_name';
import { ErrorText } from '../errors';
import { FormatDate, T, TOr } from '../i18n';
import { Href, Navigate } from '../router';
import type { CaseRecord, IncidentRecord, Session } from '../types';
import { kCasePriorities, kProtectionRisks, Options } from '../vocabulary';

export function CaseNew(p: { session: Session; personId: string; incidentId: string }) {
  const person = UsePerson(p.personId);
  const [incident, set_incident] = useState<IncidentRecord | null>(null);
  const [risks, set_risks] = useState<string[]>([]);
  const [priority, set_priority] = useState('medium');
  const [assigned_to, set_assigned_to] = useState('');
  const [error, set_error] = useState('');
  const [field_error, set_field_error] = useState('');
  const [busy, set_busy] = useState(false);

  useEffect(() => {
    if (!p.incidentId) return;
    let alive = true;
    Api<IncidentRecord>('GET', `/api/v1/incidents/${encodeURIComponent(p.incidentId)}`).then(
      (value) => {
        if (!alive) return;
        set_incident(value);
        if (value.risk) set_risks((r) => (r.includes(value.risk) ? r : [...r, value.risk]));
        // Someone still detained needs a lawyer this week.
        if (value.persons.some((x) => x.person_id === p.personId && x.detention?.outcome === 'still_detained')) set_priority('high');
      },
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [p.incidentId, p.personId]);

  const submit = async (e: Event) => {
    e.preventDefault();
    set_error('');
    set_field_error('');
    if (risks.length === 0) {
      set_field_error(T('case_new.risk_required'));
      return;
    }
    set_busy(true);
    try {
      const created = await Api<CaseRecord>('POST', '/api/v1/cases', {
        person_id: p.personId,
        ...(p.incidentId ? { incident_id: p.incidentId } : {}),
        risks,
        priority,
        ...(assigned_to.trim() ? { assigned_to: assigned_to.trim() } : {}),
      });
      Navigate(Href('case', created.id));
    } catch (err) {
      set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };

  return (
    <section aria-labelledby="case-new-title">
      <h1 id="case-new-title">{T('case_new.title')}</h1>
      <p class="lead">
        {T('case_new.for', { name: person ? NameOf(person) : T('case.a_person') })}{' '}
        <a href={Href('person', p.personId)}>{T('case.open_person')}</a>
      </p>
      {incident && (
        <Notice kind="info">
          <p>
            {T('case_new.from_incident', {
              type: TOr(`incident_type.${incident.type}`, incident.type),
              date: FormatDate(incident.date),
            })}
          </p>
        </Notice>
      )}
      <form class="panel" onSubmit={submit} noValidate>
        <CheckboxGroup
          id="case-risks"
          legend={T('case.risks')}
          hint={T('case_new.risks_hint')}
          options={Options('risk', kProtectionRisks)}
          values={risks}
          onChange={set_risks}
        />
        {field_error && (
          <p class="field-error" id="case-risks-error">
            {field_error}
          </p>
        )}
        <div class="grid">
          <SelectField id="case-priority" label={T('case.priority')} value={priority} onChange={set_priority} options={Options('priority', kCasePriorities)} />
          <TextField
            id="case-assigned"
            label={T('case.assigned_to')}
            hint={T('case_new.assigned_hint', { user: p.session.user.username })}
            value={assigned_to}
            dir="ltr"
            onInput={set_assigned_to}
          />
        </div>
        {error && <Notice kind="error">{error}</Notice>}
        <div class="actions">
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? T('register.saving') : T('case_new.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
