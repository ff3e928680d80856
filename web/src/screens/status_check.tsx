// Status check without registering anyone: the counsellor enters the
// documents a person holds and a date, and gets the plain-language answer
// from the policy engine (POST /api/v1/status-check). Nothing is stored.
import { useState } from 'preact/hooks';
import { Api } from '../api';
import { DateError, DateField, DateIso } from '../components/date_field';
import { Notice, SelectField } from '../components/fields';
import { FocusSoon } from '../components/member_fields';
import { StatusView } from '../components/status_view';
import { ErrorText } from '../errors';
import { T, Today } from '../i18n';
import type { StatusAnswer } from '../types';
import { kDocumentTypes, Options } from '../vocabulary';

interface Held {
  key: number;
  type: string;
  valid_until: string;
}

let next_key = 1;

export function StatusCheck() {
  const [date, set_date] = useState(Today());
  const [context, set_context] = useState<'stay' | 'entry'>('stay');
  const [documents, set_documents] = useState<Held[]>([]);
  const [answer, set_answer] = useState<StatusAnswer | null>(null);
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);
  const date_error = date.trim() ? DateError(date) : T('status_check.date_error');
  const held_errors = documents.map((d) => DateError(d.valid_until));
  const types = kDocumentTypes.filter((t) => t !== 'other');

  const submit = async (e: Event) => {
    e.preventDefault();
    if (date_error || held_errors.some(Boolean)) return;
    set_busy(true);
    set_error('');
    try {
      const body = {
        date: DateIso(date),
        context,
        documents: documents.map((d) => (DateIso(d.valid_until) ? { type: d.type, valid_until: DateIso(d.valid_until) } : { type: d.type })),
      };
      set_answer(await Api<StatusAnswer>('POST', '/api/v1/status-check', body));
    } catch (err) {
      set_answer(null);
      set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };

  return (
    <section aria-labelledby="status-check-title">
      <h1 id="status-check-title">{T('status_check.title')}</h1>
      <p class="lead">{T('status_check.intro')}</p>
      <div class="two-columns">
        <form class="panel" onSubmit={submit} noValidate>
          <DateField id="check-date" label={T('status_check.date')} value={date} error={date_error} onInput={set_date} />
          <fieldset class="radio-group">
            <legend>{T('status_check.context')}</legend>
            {(['stay', 'entry'] as const).map((c) => (
              <div class="radio" key={c}>
                <input
                  type="radio"
                  id={`context-${c}`}
                  name="context"
                  value={c}
                  checked={context === c}
                  onChange={() => set_context(c)}
                />
                <label for={`context-${c}`}>{T(`status_check.context_${c}`)}</label>
              </div>
            ))}
          </fieldset>
          <fieldset class="subpanel">
            <legend>{T('status_check.documents')}</legend>
            {documents.length === 0 && <p class="hint">{T('status_check.no_documents')}</p>}
            {documents.map((d, i) => (
              <div class="grid document" key={d.key}>
                <SelectField
                  id={`held-${d.key}-type`}
                  label={T('register.document_type', { number: i + 1 })}
                  value={d.type}
                  onChange={(v) => set_documents((ds) => ds.map((x) => (x.key === d.key ? { ...x, type: v } : x)))}
                  options={Options('document', types)}
                />
                <DateField
                  id={`held-${d.key}-valid_until`}
                  label={T('register.document_valid_until')}
                  hint={T('status_check.valid_until_hint')}
                  value={d.valid_until}
                  error={held_errors[i]}
                  onInput={(v) => set_documents((ds) => ds.map((x) => (x.key === d.key ? { ...x, valid_until: v } : x)))}
                />
                <div class="field field-button">
                  <button
                    type="button"
                    class="button-link"
                    onClick={() => set_documents((ds) => ds.filter((x) => x.key !== d.key))}
                  >
                    {T('register.remove_document', { number: i + 1 })}
                  </button>
                </div>
              </div>
            ))}
            <button
              type="button"
              class="button-secondary"
              onClick={() => {
                const key = next_key++;
                set_documents((ds) => [...ds, { key, type: 'por_card', valid_until: '' }]);
                FocusSoon(`held-${key}-type`);
              }}
            >
              {T('register.add_document')}
            </button>
          </fieldset>
          <button type="submit" class="button-primary" disabled={busy || !!date_error}>
            {busy ? T('common.loading') : T('status_check.submit')}
          </button>
        </form>
        <section class="panel" aria-labelledby="answer-title" aria-live="polite">
          <h2 id="answer-title">{T('status_check.answer')}</h2>
          {error && <Notice kind="error">{error}</Notice>}
          {!answer && !error && <p class="hint">{T('status_check.waiting')}</p>}
          {answer && <StatusView answer={answer} />}
        </section>
      </div>
    </section>
  );
}
