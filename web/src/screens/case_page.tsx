// One protection case (GET /api/v1/cases/{id}, audited): who it is for and
// their household, the risks and priority, the status with the moves the
// machine allows as buttons, the plan as tasks with due dates, the notes
// (added, never edited: a correction is a new note), the referrals with
// their answers, the incident it came from and the person's tracing
// requests. Every change sends the version it read; when someone else
// changed the case meanwhile (409) the page says so and reloads the case,
// and what was typed stays in its field to be saved again.
//
// A counsellor sees only cases with a legal-aid referral and only records
// that referral's answer: the buttons shown are those the role may use.
import { useState } from 'preact/hooks';
import { Api, ApiError } from '../api';
import { Notice, SelectField, TextField } from '../components/fields';
import { Loaded, UseLoad } from '../components/load';
import { NameOf, UsePerson } from '../components/person_name';
import { ReferralPanel } from '../components/referral_panel';
import { CheckboxGroup } from '../components/fields';
import { ErrorText } from '../errors';
import { FormatDate, T, TOr, Today } from '../i18n';
import { Href } from '../router';
import type { CaseFile, CaseNote, CaseTask, HouseholdRecord, IncidentRecord, Session, TracingSummary } from '../types';
import { kCasePriorities, kClosureReasons, kProtectionRisks, Options } from '../vocabulary';

// What a section returns after a write: saved, or not (the section keeps
// what was typed).
export type Write = (call: () => Promise<unknown>) => Promise<boolean>;

export function CasePage(p: { id: string; session: Session }) {
  const [generation, set_generation] = useState(0);
  const file = UseLoad<CaseFile>(`/api/v1/cases/${encodeURIComponent(p.id)}`, generation);
  const [conflict, set_conflict] = useState(false);
  const may = (permission: string) => p.session.permissions.includes(permission as never);
  const reload = () => set_generation((g) => g + 1);

  const write: Write = async (call) => {
    set_conflict(false);
    try {
      await call();
      reload();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        set_conflict(true);
        reload();
        return false;
      }
      throw error;
    }
  };

  if (file.kind === 'loading') return <p class="loading">{T('common.loading')}</p>;
  if (file.kind === 'error') {
    const missing = file.error instanceof ApiError && (file.error.status === 404 || file.error.status === 403);
    return (
      <section class="panel" aria-labelledby="case-error-title">
        <h1 id="case-error-title">{T('case.error_title')}</h1>
        <Notice kind="error">{missing ? T('case.not_found') : ErrorText(file.error)}</Notice>
        <p>
          <a href={Href()}>{T('common.back_home')}</a>
        </p>
      </section>
    );
  }
  const c = file.value;
  const writable = may('case.write');
  return (
    <section aria-labelledby="case-title" class="case" data-status={c.status} data-version={c.version}>
      <CaseTitle file={c} />
      {conflict && (
        <Notice kind="warning">
          <p class="conflict-message">{T('case.conflict')}</p>
        </Notice>
      )}
      <div class="two-columns">
        <Summary file={c} session={p.session} write={write} />
        <StatusPanel file={c} writable={writable} write={write} />
      </div>
      <TasksPanel file={c} writable={writable} write={write} />
      <NotesPanel file={c} writable={writable} write={write} />
      <ReferralPanel file={c} session={p.session} write={write} />
      {may('incident.read') && c.incident_id && <IncidentLink id={c.incident_id} />}
      <TracingPanel file={c} session={p.session} />
    </section>
  );
}

function CaseTitle(p: { file: CaseFile }) {
  const person = UsePerson(p.file.person_id);
  return (
    <h1 id="case-title">
      {T('case.title', { name: person ? NameOf(person) : T('case.a_person') })}{' '}
      <span class={`case-status case-status-${p.file.status}`}>{TOr(`case_status.${p.file.status}`, p.file.status)}</span>
    </h1>
  );
}

function Summary(p: { file: CaseFile; session: Session; write: Write }) {
  const c = p.file;
  const person = UsePerson(c.person_id);
  const household = UseLoad<HouseholdRecord>(c.household_id ? `/api/v1/households/${encodeURIComponent(c.household_id)}` : null);
  return (
    <section class="panel" aria-labelledby="case-summary-title">
      <h2 id="case-summary-title">{T('case.summary')}</h2>
      <dl class="facts">
        <div class="fact">
          <dt>{T('case.person')}</dt>
          <dd>
            <a href={Href('person', c.person_id)}>
              <bdi>{person ? NameOf(person) : T('case.open_person')}</bdi>
            </a>
            {person?.birth_date && <> ({FormatDate(person.birth_date)})</>}
          </dd>
        </div>
        <div class="fact">
          <dt>{T('case.risks')}</dt>
          <dd class="case-risks">{c.risks.map((r) => TOr(`risk.${r}`, r)).join(', ')}</dd>
        </div>
        {c.vulnerabilities.length > 0 && (
          <div class="fact">
            <dt>{T('register.vulnerabilities')}</dt>
            <dd>{c.vulnerabilities.map((v) => TOr(`vulnerability.${v}`, v)).join(', ')}</dd>
          </div>
        )}
        <div class="fact">
          <dt>{T('case.priority')}</dt>
          <dd class={`priority priority-${c.priority}`}>{TOr(`priority.${c.priority}`, c.priority)}</dd>
        </div>
        <div class="fact">
          <dt>{T('case.assigned_to')}</dt>
          <dd>
            <bdi>{c.assigned_to}</bdi>
          </dd>
        </div>
        <div class="fact">
          <dt>{T('case.opened')}</dt>
          <dd>{T('case.by_on', { user: c.created_by, date: FormatDate(c.created_at) })}</dd>
        </div>
      </dl>
      {household.kind === 'ok' && household.value.members.length > 1 && (
        <>
          <h3>{T('case.household')}</h3>
          <ul class="people household-members">
            {household.value.members.map((m) => (
              <li key={m.id}>
                {m.id === c.person_id ? (
                  <bdi>{NameOf(m)}</bdi>
                ) : (
                  <a href={Href('person', m.id)}>
                    <bdi>{NameOf(m)}</bdi>
                  </a>
                )}
                {m.relationship && ` · ${TOr(`relationship.${m.relationship}`, m.relationship)}`}
                {m.birth_date && ` · ${FormatDate(m.birth_date)}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {p.session.permissions.includes('case.write') && <EditCase file={c} write={p.write} />}
    </section>
  );
}

// Risks and priority (PATCH /api/v1/cases/{id} with the version read).
function EditCase(p: { file: CaseFile; write: Write }) {
  const [risks, set_risks] = useState<string[]>(p.file.risks);
  const [priority, set_priority] = useState(p.file.priority);
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    set_error('');
    if (risks.length === 0) {
      set_error(T('case_new.risk_required'));
      return;
    }
    set_busy(true);
    try {
      await p.write(() => Api('PATCH', `/api/v1/cases/${p.file.id}`, { version: p.file.version, risks, priority }));
    } catch (err) {
      set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };
  return (
    <details class="disclosure edit-case">
      <summary>{T('case.edit')}</summary>
      <form onSubmit={save} noValidate>
        <CheckboxGroup id="edit-risks" legend={T('case.risks')} options={Options('risk', kProtectionRisks)} values={risks} onChange={set_risks} />
        <SelectField id="edit-priority" label={T('case.priority')} value={priority} onChange={set_priority} options={Options('priority', kCasePriorities)} />
        {error && <Notice kind="error">{error}</Notice>}
        <button type="submit" class="button-secondary" disabled={busy}>
          {T('case.save_changes')}
        </button>
      </form>
    </details>
  );
}

function StatusPanel(p: { file: CaseFile; writable: boolean; write: Write }) {
  const c = p.file;
  const [reason, set_reason] = useState('');
  const [reason_error, set_reason_error] = useState('');
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);
  const move = async (to: string) => {
    set_error('');
    set_reason_error('');
    if (to === 'closed' && !reason) {
      set_reason_error(T('case.closure_reason_required'));
      return;
    }
    set_busy(true);
    try {
      const saved = await p.write(() =>
        Api('POST', `/api/v1/cases/${c.id}/transitions`, { version: c.version, to, ...(to === 'closed' ? { closure_reason: reason } : {}) }),
      );
      if (saved) set_reason('');
    } catch (err) {
      set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };
  const forward = c.allowed_transitions.filter((s) => s !== 'closed');
  const may_close = c.allowed_transitions.includes('closed');
  return (
    <section class="panel" aria-labelledby="case-status-title">
      <h2 id="case-status-title">{T('case.status')}</h2>
      <p>
        <span class={`case-status case-status-${c.status}`}>{TOr(`case_status.${c.status}`, c.status)}</span>
        {c.closure_reason && <> · {TOr(`closure.${c.closure_reason}`, c.closure_reason)}</>}
      </p>
      {p.writable && (
        <>
          {forward.length > 0 && (
            <div class="actions status-actions">
              {forward.map((to) => (
                <button type="button" key={to} class={to === 'open' ? 'button-primary' : 'button-secondary'} data-to={to} disabled={busy} onClick={() => void move(to)}>
                  {to === 'open' ? T('case.reopen') : T('case.move_to', { status: TOr(`case_status.${to}`, to) })}
                </button>
              ))}
            </div>
          )}
          {may_close && (
            <div class="close-case subpanel">
              <SelectField
                id="closure-reason"
                label={T('case.closure_reason')}
                value={reason}
                onChange={set_reason}
                error={reason_error}
                options={[{ value: '', label: T('common.choose') }, ...Options('closure', kClosureReasons)]}
              />
              <button type="button" class="button-secondary" data-to="closed" disabled={busy} onClick={() => void move('closed')}>
                {T('case.close')}
              </button>
            </div>
          )}
          {error && <Notice kind="error">{error}</Notice>}
        </>
      )}
      {c.history.length > 0 && (
        <>
          <h3>{T('case.history')}</h3>
          <ol class="timeline case-history">
            {c.history.map((h, i) => (
              <li key={i}>
                <span class="timeline-dates">{FormatDate(h.at)}</span>
                <span>
                  {T('case.moved', { from: TOr(`case_status.${h.from}`, h.from), to: TOr(`case_status.${h.to}`, h.to), user: h.by })}
                  {h.closure_reason && ` (${TOr(`closure.${h.closure_reason}`, h.closure_reason)})`}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function TasksPanel(p: { file: CaseFile; writable: boolean; write: Write }) {
  const [title, set_title] = useState('');
  const [due, set_due] = useState('');
  const [errors, set_errors] = useState<{ title?: string; due?: string; form?: string }>({});
  const [busy, set_busy] = useState(false);
  const today = Today();
  const tasks = [...p.file.tasks].sort((a, b) => Number(a.done) - Number(b.done) || a.due.localeCompare(b.due));
  const add = async (e: Event) => {
    e.preventDefault();
    const problems: typeof errors = {};
    if (!title.trim()) problems.title = T('case.task_title_required');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due)) problems.due = T('case.task_due_required');
    set_errors(problems);
    if (Object.keys(problems).length) return;
    set_busy(true);
    try {
      const saved = await p.write(() => Api('POST', `/api/v1/cases/${p.file.id}/tasks`, { title: title.trim(), due }));
      if (saved) {
        set_title('');
        set_due('');
      }
    } catch (err) {
      set_errors({ form: ErrorText(err) });
    } finally {
      set_busy(false);
    }
  };
  const mark_done = async (t: CaseTask) => {
    try {
      await p.write(() => Api('PATCH', `/api/v1/tasks/${t.id}`, { version: t.version, done: !t.done }));
    } catch (err) {
      set_errors({ form: ErrorText(err) });
    }
  };
  return (
    <section class="panel" aria-labelledby="case-tasks-title">
      <h2 id="case-tasks-title">{T('case.tasks')}</h2>
      <p class="hint">{T('case.tasks_intro')}</p>
      {tasks.length === 0 ? (
        <p>{T('case.no_tasks')}</p>
      ) : (
        <ul class="task-list">
          {tasks.map((t) => {
            const overdue = !t.done && t.due < today;
            return (
              <li key={t.id} class={`task${t.done ? ' done' : ''}${overdue ? ' overdue' : ''}`} data-task={t.id}>
                <span class="task-title">
                  <bdi>{t.title}</bdi>
                </span>
                <span class="task-due">
                  {T('case.due', { date: FormatDate(t.due) })}
                  {overdue && <span class="urgent-mark"> {T('cases.overdue')}</span>}
                  {t.done && <span class="done-mark"> {T('case.done')}</span>}
                </span>
                {p.writable && (
                  <button type="button" class="button-secondary" onClick={() => void mark_done(t)}>
                    {t.done ? T('case.task_undo') : T('case.task_done')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {p.writable && (
        <form class="add-task" onSubmit={add} noValidate>
          <h3>{T('case.add_task')}</h3>
          <div class="inline-fields">
            <TextField id="task-title" label={T('case.task_title')} value={title} onInput={set_title} error={errors.title} required />
            <TextField id="task-due" label={T('case.task_due')} type="date" dir="ltr" value={due} onInput={set_due} error={errors.due} required />
            <div class="field field-button">
              <button type="submit" class="button-secondary" disabled={busy}>
                {T('case.add_task_submit')}
              </button>
            </div>
          </div>
        </form>
      )}
      {errors.form && <Notice kind="error">{errors.form}</Notice>}
    </section>
  );
}

function NotesPanel(p: { file: CaseFile; writable: boolean; write: Write }) {
  const [text, set_text] = useState('');
  const [corrects, set_corrects] = useState<CaseNote | null>(null);
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);
  const by_id = new Map(p.file.notes.map((n) => [n.id, n]));
  const notes = [...p.file.notes].sort((a, b) => b.created_at.localeCompare(a.created_at));
  const add = async (e: Event) => {
    e.preventDefault();
    set_error('');
    if (!text.trim()) {
      set_error(T('case.note_required'));
      return;
    }
    set_busy(true);
    try {
      const saved = await p.write(() =>
        Api('POST', `/api/v1/cases/${p.file.id}/notes`, { text: text.trim(), ...(corrects ? { corrects: corrects.id } : {}) }),
      );
      if (saved) {
        set_text('');
        set_corrects(null);
      }
    } catch (err) {
      set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="case-notes-title">
      <h2 id="case-notes-title">{T('case.notes')}</h2>
      <p class="hint">{T('case.notes_intro')}</p>
      {p.writable && (
        <form class="add-note" onSubmit={add} noValidate>
          {corrects && (
            <p class="correcting">
              {T('case.correcting', { user: corrects.author, date: FormatDate(corrects.created_at) })}{' '}
              <button type="button" class="button-link" onClick={() => set_corrects(null)}>
                {T('case.correct_cancel')}
              </button>
            </p>
          )}
          <div class={`field${error ? ' has-error' : ''}`}>
            <label for="note-text">{corrects ? T('case.correction_text') : T('case.note_text')}</label>
            <textarea
              id="note-text"
              rows={3}
              dir="auto"
              value={text}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'note-text-error' : undefined}
              onInput={(e) => set_text((e.currentTarget as HTMLTextAreaElement).value)}
            />
            {error && (
              <p class="field-error" id="note-text-error">
                {error}
              </p>
            )}
          </div>
          <button type="submit" class="button-secondary" disabled={busy}>
            {T('case.add_note')}
          </button>
        </form>
      )}
      {notes.length === 0 ? (
        <p>{T('case.no_notes')}</p>
      ) : (
        <ul class="note-list">
          {notes.map((n) => {
            const corrected = n.corrects ? by_id.get(n.corrects) : undefined;
            return (
              <li key={n.id} class="note" data-note={n.id}>
                <p class="note-meta">
                  {T('case.by_on', { user: n.author, date: FormatDate(n.created_at) })}
                  {corrected && <> · {T('case.corrects', { date: FormatDate(corrected.created_at) })}</>}
                </p>
                <p class="notes note-text">
                  <bdi>{n.text}</bdi>
                </p>
                {p.writable && (
                  <button
                    type="button"
                    class="button-link"
                    onClick={() => {
                      set_corrects(n);
                      document.getElementById('note-text')?.focus();
                    }}
                  >
                    {T('case.correct')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function IncidentLink(p: { id: string }) {
  const incident = UseLoad<IncidentRecord>(`/api/v1/incidents/${encodeURIComponent(p.id)}`);
  return (
    <section class="panel" aria-labelledby="case-incident-title">
      <h2 id="case-incident-title">{T('case.incident')}</h2>
      <Loaded state={incident}>
        {(i) => (
          <p>
            <a href={Href('incident', i.id)}>
              {TOr(`incident_type.${i.type}`, i.type)} · {FormatDate(i.date)} · <bdi>{[i.district, i.province].filter(Boolean).join(', ')}</bdi>
            </a>
          </p>
        )}
      </Loaded>
    </section>
  );
}

// The person's tracing requests: those they opened as the inquirer (the
// list holds counts, not names).
function TracingPanel(p: { file: CaseFile; session: Session }) {
  const may_read = p.session.permissions.includes('tracing.work');
  const may_write = p.session.permissions.includes('tracing.create');
  const requests = UseLoad<{ items: TracingSummary[] }>(may_read ? '/api/v1/tracing-requests' : null);
  if (!may_read && !may_write) return null;
  return (
    <section class="panel" aria-labelledby="case-tracing-title">
      <h2 id="case-tracing-title">{T('case.tracing')}</h2>
      {may_read && (
        <Loaded state={requests}>
          {(list) => {
            const mine = list.items.filter((r) => r.inquirer_id === p.file.person_id);
            return mine.length === 0 ? (
              <p>{T('case.no_tracing')}</p>
            ) : (
              <ul class="people tracing-list">
                {mine.map((r) => (
                  <li key={r.id}>
                    <a href={Href('tracing', r.id)}>
                      {T('tracing.summary', { date: FormatDate(r.created_at), sought: r.sought, found: r.found })}
                    </a>
                    {' · '}
                    {TOr(`tracing_status.${r.status}`, r.status)}
                  </li>
                ))}
              </ul>
            );
          }}
        </Loaded>
      )}
      {may_write && (
        <p>
          <a class="button-link" href={`${Href('tracing_new')}?person=${encodeURIComponent(p.file.person_id)}&case=${encodeURIComponent(p.file.id)}`}>
            {T('case.new_tracing')}
          </a>
        </p>
      )}
    </section>
  );
}
