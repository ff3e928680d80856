// A person's record: identity, documents, status today with the provisions
// and timeline, movements, and possible duplicates. Opening it is audited by
// the server, which also decides whether this role may see it at all.
import { ApiError } from '../api';
import { Notice } from '../components/fields';
import { Loaded, UseLoad } from '../components/load';
import { PropertyPanel } from '../components/property_panel';
import { DocumentLabel, StatusView } from '../components/status_view';
import { ErrorText } from '../errors';
import { FormatDate, T, TOr } from '../i18n';
import { Href } from '../router';
import type { CaseSummary, Movement, PersonRecord, Session, StatusAnswer } from '../types';
import { PersonDuplicates } from './person_duplicates';

export function PersonScreen(p: { id: string; session: Session }) {
  const base = `/api/v1/persons/${encodeURIComponent(p.id)}`;
  const person = UseLoad<PersonRecord>(base);
  const may = (permission: string) => p.session.permissions.includes(permission as never);
  const ok = person.kind === 'ok';
  const status = UseLoad<StatusAnswer>(ok && may('status.check') ? `${base}/status` : null);
  const movements = UseLoad<Movement[] | { items: Movement[] }>(ok && may('movement.read') ? `${base}/movements` : null);

  if (person.kind === 'loading') return <p class="loading">{T('common.loading')}</p>;
  if (person.kind === 'error') {
    const refused = person.error instanceof ApiError && person.error.status === 403;
    return (
      <section class="panel" aria-labelledby="person-error-title" data-refused={refused ? '1' : '0'}>
        <h1 id="person-error-title">{refused ? T('person.refused_title') : T('person.error_title')}</h1>
        <Notice kind="error">{refused ? T('person.refused') : ErrorText(person.error)}</Notice>
        <p>
          <a href={Href()}>{T('common.back_home')}</a>
        </p>
      </section>
    );
  }
  const r = person.value;
  const names = [r.given_name, r.father_name, r.grandfather_name].filter(Boolean);
  const movement_list = movements.kind === 'ok' ? (Array.isArray(movements.value) ? movements.value : movements.value.items ?? []) : [];

  return (
    <section aria-labelledby="person-title" class="person">
      <h1 id="person-title">
        <bdi>{names.join(' · ')}</bdi>
      </h1>
      <div class="two-columns">
        <section class="panel" aria-labelledby="identity-title">
          <h2 id="identity-title">{T('person.identity')}</h2>
          <dl class="facts">
            <Fact label={T('register.given_name')} value={r.given_name} />
            <Fact label={T('register.father_name')} value={r.father_name} />
            <Fact label={T('register.grandfather_name')} value={r.grandfather_name} />
            <Fact label={T('register.family_name')} value={r.family_name} />
            <Fact label={T('register.sex')} value={r.sex ? TOr(`sex.${r.sex}`, r.sex) : ''} />
            <Fact label={T('register.birth')} value={FormatDate(r.birth_date)} />
            <Fact label={T('register.relationship')} value={r.relationship ? TOr(`relationship.${r.relationship}`, r.relationship) : ''} />
            <Fact label={T('register.phone')} value={r.phone} ltr />
            <Fact label={T('person.province')} value={r.province} />
            {r.household_id && <Fact label={T('person.household')} value={r.household_id} ltr />}
          </dl>
          {r.household_id && (
            <p>
              <a href={Href('household', r.household_id)} class="open-household">
                {T('person.open_household')}
              </a>
            </p>
          )}
          {r.consents && r.consents.length > 0 && (
            <p>
              {T('person.consents', { list: r.consents.map((c) => TOr(`consent.${c}`, c)).join(', ') })}
            </p>
          )}
        </section>
        <section class="panel" aria-labelledby="documents-title">
          <h2 id="documents-title">{T('register.documents')}</h2>
          {!r.documents?.length ? (
            <p>{T('person.no_documents')}</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{T('person.document')}</th>
                    <th scope="col">{T('register.document_number')}</th>
                    <th scope="col">{T('register.document_issued')}</th>
                    <th scope="col">{T('register.document_valid_until')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.documents.map((d, i) => (
                    <tr key={i}>
                      <td>{DocumentLabel(d.type)}</td>
                      <td dir="ltr">{d.number}</td>
                      <td>{FormatDate(d.issued)}</td>
                      <td>{FormatDate(d.valid_until)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
      {may('status.check') && (
        <section class="panel" aria-labelledby="status-title">
          <h2 id="status-title">{T('person.status_today')}</h2>
          <Loaded state={status}>{(a) => <StatusView answer={a} headingLevel={3} />}</Loaded>
        </section>
      )}
      {may('movement.read') && (
        <section class="panel" aria-labelledby="movements-title">
          <h2 id="movements-title">{T('person.movements')}</h2>
          <Loaded state={movements}>
            {() =>
              movement_list.length === 0 ? (
                <p>{T('person.no_movements')}</p>
              ) : (
                <ul>
                  {movement_list.map((m) => (
                    <li key={m.id}>
                      {FormatDate(m.date)} · <bdi>{m.crossing_point}</bdi>
                      {m.mode && ` · ${TOr(`mode.${m.mode}`, m.mode)}`}
                      {m.direction && ` · ${TOr(`direction.${m.direction}`, m.direction)}`}
                    </li>
                  ))}
                </ul>
              )
            }
          </Loaded>
        </section>
      )}
      {may('person.duplicates') && <PersonDuplicates person={r} />}
      {may('property.records') && r.household_id && <PropertyPanel householdId={r.household_id} personId={r.id} />}
      {(may('case.read') || may('tracing.create')) && <PersonCases personId={r.id} session={p.session} />}
    </section>
  );
}

// The person's protection cases (the list the role may see, narrowed to
// this person), and where to open a case or a tracing request for them.
function PersonCases(p: { personId: string; session: Session }) {
  const may = (permission: string) => p.session.permissions.includes(permission as never);
  const cases = UseLoad<{ items: CaseSummary[] }>(may('case.read') ? `/api/v1/cases?person_id=${encodeURIComponent(p.personId)}` : null);
  return (
    <section class="panel person-cases" aria-labelledby="cases-title">
      <h2 id="cases-title">{T('person.cases')}</h2>
      {may('case.read') && (
        <Loaded state={cases}>
          {(list) => {
            const own = list.items;
            return own.length === 0 ? (
              <p>{T('person.no_cases')}</p>
            ) : (
              <ul class="people">
                {own.map((c) => (
                  <li key={c.id}>
                    <a href={Href('case', c.id)}>
                      {TOr(`case_status.${c.status}`, c.status)} · {c.risks.map((x) => TOr(`risk.${x}`, x)).join(', ')}
                    </a>
                  </li>
                ))}
              </ul>
            );
          }}
        </Loaded>
      )}
      <div class="actions">
        {may('case.write') && (
          <a class="button-primary open-case" href={`${Href('case_new')}?person=${encodeURIComponent(p.personId)}`}>
            {T('case.open_case')}
          </a>
        )}
        {may('tracing.create') && (
          <a class="button-secondary new-tracing" href={`${Href('tracing_new')}?person=${encodeURIComponent(p.personId)}`}>
            {T('case.new_tracing')}
          </a>
        )}
      </div>
    </section>
  );
}

function Fact(p: { label: string; value?: string; ltr?: boolean }) {
  if (!p.value) return null;
  return (
    <div class="fact">
      <dt>{p.label}</dt>
      <dd>{p.ltr ? <bdi dir="ltr">{p.value}</bdi> : <bdi>{p.value}</bdi>}</dd>
    </div>
  );
}
