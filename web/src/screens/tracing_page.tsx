// One tracing request (GET /api/v1/tracing-requests/{id}) and, for each
// person sought, the candidates the matching engine ranks for them
// (GET .../matches): registered persons who consented to tracing, and
// persons sought in other open requests, best first, each with its
// probability and the field-by-field evidence in the words the duplicate
// panel uses. A caseworker confirms (the two persons are linked and that
// trace closes) or rejects (the pair is not shown again).
import { useState } from 'preact/hooks';
import { Api, ApiError } from '../api';
import { EvidenceLevel } from '../components/evidence';
import { Notice } from '../components/fields';
import { Loaded, UseLoad } from '../components/load';
import { NameOf, UsePerson } from '../components/person_name';
import { ErrorText } from '../errors';
import { FormatDate, FormatPercent, T, TOr } from '../i18n';
import { Href } from '../router';
import type { PersonRecord, Session, TracingMatch, TracingRequest } from '../types';
import { ExpectedNames } from './tracing_new';

type Sought = TracingRequest['sought'][number];

const kCompared = ['given_name', 'father_name', 'grandfather_name', 'family_name', 'sex', 'birth_date', 'phone', 'province'] as const;

export function TracingPage(p: { id: string; session: Session }) {
  const [generation, set_generation] = useState(0);
  const base = `/api/v1/tracing-requests/${encodeURIComponent(p.id)}`;
  const request = UseLoad<TracingRequest>(base, generation);
  const matches = UseLoad<{ matches: TracingMatch[] }>(request.kind === 'ok' ? `${base}/matches` : null, generation);
  const [done, set_done] = useState('');
  const [conflict, set_conflict] = useState(false);
  const inquirer = UsePerson(request.kind === 'ok' ? request.value.inquirer_id : null);

  if (request.kind === 'loading') return <p class="loading">{T('common.loading')}</p>;
  if (request.kind === 'error') {
    const missing = request.error instanceof ApiError && request.error.status === 404;
    return (
      <section class="panel" aria-labelledby="tracing-error-title">
        <h1 id="tracing-error-title">{T('tracing.error_title')}</h1>
        <Notice kind="error">{missing ? T('tracing.not_found') : ErrorText(request.error)}</Notice>
        <p>
          <a href={Href()}>{T('common.back_home')}</a>
        </p>
      </section>
    );
  }
  const r = request.value;
  const may_decide = p.session.permissions.includes('tracing.work');
  const decided = (message: string) => {
    set_conflict(false);
    set_done(message);
    set_generation((g) => g + 1);
  };
  // Someone else decided meanwhile: show the request as it is now.
  const stale = () => {
    set_done('');
    set_conflict(true);
    set_generation((g) => g + 1);
  };
  return (
    <section aria-labelledby="tracing-title" class="tracing">
      <h1 id="tracing-title">{T('tracing.title')}</h1>
      <p class="lead">
        {T('tracing.inquirer_is', { name: inquirer ? NameOf(inquirer) : T('case.a_person') })}{' '}
        <a href={Href('person', r.inquirer_id)}>{T('case.open_person')}</a>
        {r.case_id && (
          <>
            {' · '}
            <a href={Href('case', r.case_id)}>{T('tracing.open_case')}</a>
          </>
        )}
      </p>
      {done && (
        <div class="decided">
          <Notice kind="success">{done}</Notice>
        </div>
      )}
      {conflict && <Notice kind="warning">{T('tracing.conflict')}</Notice>}
      {r.sought.map((s, index) => (
        <section class="panel sought-result" key={index} data-sought={index} aria-labelledby={`sought-${index}-title`}>
          <h2 id={`sought-${index}-title`}>
            {T('tracing.sought_heading', {
              relationship: TOr(`sought_relationship.${s.relationship_to_inquirer}`, s.relationship_to_inquirer ?? ''),
              name: [s.given_name || s.nickname, s.father_name].filter(Boolean).join(' · '),
            })}
          </h2>
          <SoughtFacts sought={s} />
          {s.found && <p class="found-mark">{T('tracing.found')}</p>}
          <h3>{T('tracing.matches')}</h3>
          <Loaded state={matches}>
            {(m) => {
              const mine = m.matches.filter((x) => x.sought_index === index);
              return mine.length === 0 ? (
                <p class="no-matches">{T('tracing.no_matches')}</p>
              ) : (
                <ol class="match-list">
                  {mine.map((x) => (
                    <MatchCard
                      key={x.person_id ?? x.tracing_request_id}
                      request={r}
                      inquirer={inquirer}
                      match={x}
                      sought={s}
                      mayDecide={may_decide}
                      onDecided={decided}
                      onStale={stale}
                    />
                  ))}
                </ol>
              );
            }}
          </Loaded>
        </section>
      ))}
    </section>
  );
}

function SoughtFacts(p: { sought: Sought }) {
  const s = p.sought;
  const facts: [string, string | undefined][] = [
    [T('register.given_name'), s.given_name],
    [T('register.father_name'), s.father_name],
    [T('register.grandfather_name'), s.grandfather_name],
    [T('register.family_name'), s.family_name],
    [T('tracing.nickname'), s.nickname],
    [T('register.sex'), s.sex ? TOr(`sex.${s.sex}`, s.sex) : undefined],
    [T('register.birth'), s.birth_date ? FormatDate(s.birth_date) : typeof s.age === 'number' ? T('incident_page.age', { age: s.age }) : undefined],
    [T('tracing.separation_date'), s.separation_date ? FormatDate(s.separation_date) : undefined],
    [T('tracing.separation_place'), s.separation_place],
    [T('tracing.separation_cause'), s.separation_cause ? TOr(`separation_cause.${s.separation_cause}`, s.separation_cause) : undefined],
    [T('tracing.last_known_place'), s.last_known_place],
  ];
  return (
    <dl class="facts">
      {facts
        .filter(([, v]) => v)
        .map(([label, value]) => (
          <div class="fact" key={label}>
            <dt>{label}</dt>
            <dd>
              <bdi>{value}</bdi>
            </dd>
          </div>
        ))}
    </dl>
  );
}

function MatchCard(p: {
  request: TracingRequest;
  inquirer: PersonRecord | null;
  match: TracingMatch;
  sought: Sought;
  mayDecide: boolean;
  onDecided: (message: string) => void;
  onStale: () => void;
}) {
  const x = p.match;
  const other = UseLoad<TracingRequest>(x.tracing_request_id ? `/api/v1/tracing-requests/${encodeURIComponent(x.tracing_request_id)}` : null);
  const other_inquirer = UsePerson(other.kind === 'ok' ? other.value.inquirer_id : null);
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);
  const evidence = new Map((x.explanation ?? []).map((e) => [e.field, e]));
  const found: Record<string, string | undefined> = x.person_id
    ? { given_name: x.given_name, father_name: x.father_name, grandfather_name: x.grandfather_name, birth_date: x.birth_date ?? undefined, province: x.province }
    : {};
  const name = x.person_id
    ? NameOf(x)
    : other_inquirer
      ? T('tracing.other_request', { name: NameOf(other_inquirer) })
      : T('case.a_person');
  // Names the inquirer left empty come from the family structure.
  const expected: Record<string, string | undefined> = p.inquirer ? (() => {
    const e = ExpectedNames(p.inquirer, p.sought.relationship_to_inquirer ?? '');
    return { given_name: e.given, father_name: e.father, grandfather_name: e.grandfather };
  })() : {};
  const derived = new Set(x.derived ?? []);
  const show = (field: string, value: string | number | undefined | null) => {
    if (value === undefined || value === null || value === '') return '';
    if (field === 'birth_date') return FormatDate(String(value));
    if (field === 'sex') return TOr(`sex.${value}`, String(value));
    return String(value);
  };
  const sought_value = (field: string): string => {
    if (field === 'phone') return p.sought.last_known_phone ?? '';
    if (field === 'province') return '';
    if (field === 'birth_date') {
      if (p.sought.birth_date) return FormatDate(p.sought.birth_date);
      return typeof p.sought.age === 'number' ? T('incident_page.age', { age: p.sought.age }) : '';
    }
    if (field === 'sex') return p.sought.sex && p.sought.sex !== 'unknown' ? TOr(`sex.${p.sought.sex}`, p.sought.sex) : '';
    const given = (p.sought as Record<string, unknown>)[field];
    if (typeof given === 'string' && given) return given;
    if (derived.has(field) && expected[field]) return T('tracing.derived_value', { name: expected[field]! });
    return '';
  };

  const decide = async (decision: 'confirm' | 'reject') => {
    set_error('');
    set_busy(true);
    try {
      await Api('POST', `/api/v1/tracing-requests/${encodeURIComponent(p.request.id)}/decisions`, {
        version: p.request.version,
        sought_index: x.sought_index,
        ...(x.person_id ? { person_id: x.person_id } : { tracing_request_id: x.tracing_request_id }),
        decision,
      });
      p.onDecided(decision === 'confirm' ? T('tracing.confirmed', { name }) : T('tracing.rejected', { name }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) p.onStale();
      else set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };

  return (
    <li class="candidate match" data-match={x.person_id ?? x.tracing_request_id}>
      <p class="candidate-head">
        <strong>
          {x.person_id ? (
            <a href={Href('person', x.person_id)}>
              <bdi>{name}</bdi>
            </a>
          ) : (
            <bdi>{name}</bdi>
          )}
        </strong>{' '}
        <span class="probability">{T('tracing.probability', { value: FormatPercent(x.match_probability) })}</span>
      </p>
      <div class="table-wrap">
        <table class="compare">
          <caption class="visually-hidden">{T('tracing.caption', { name })}</caption>
          <thead>
            <tr>
              <th scope="col">{T('duplicates.field')}</th>
              <th scope="col">{T('tracing.sought_column')}</th>
              <th scope="col">{T('tracing.found_column')}</th>
              <th scope="col">{T('duplicates.evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {kCompared
              .filter((f) => evidence.has(f) || sought_value(f) || found[f])
              .map((f) => (
                <tr key={f}>
                  <th scope="row">{T(f === 'province' ? 'person.province' : `register.${f === 'birth_date' ? 'birth' : f}`)}</th>
                  <td>
                    <bdi>{sought_value(f)}</bdi>
                  </td>
                  <td>
                    <bdi>{show(f, found[f])}</bdi>
                  </td>
                  <td>
                    <EvidenceLevel evidence={evidence.get(f)} />
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      {p.mayDecide && (
        <div class="actions">
          <button type="button" class="button-primary" data-decision="confirm" disabled={busy} onClick={() => void decide('confirm')}>
            {T('tracing.confirm')}
          </button>
          <button type="button" class="button-secondary" data-decision="reject" disabled={busy} onClick={() => void decide('reject')}>
            {T('tracing.reject')}
          </button>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </li>
  );
}
