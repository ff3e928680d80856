// Conflicts (GET /api/v1/conflicts): details two places changed while they
// could not see each other (docs/sync.md). Every version is kept; this
// screen shows them side by side with who wrote each and when, and "Keep
// this" resolves the field (POST /api/v1/conflicts/resolve, audited): the
// choice travels to the hub and every site like an edit.
import { useState } from 'preact/hooks';
import { Api } from '../api';
import { Notice } from '../components/fields';
import { Loaded, UseLoad } from '../components/load';
import { DocumentLabel } from '../components/status_view';
import { LocalDateTime } from '../components/sync_panel';
import { ErrorText } from '../errors';
import { FormatDate, T, TOr } from '../i18n';
import { Href } from '../router';
import type { ConflictValue, FieldConflict } from '../types';

// The label a registrar knows from the registration form.
function FieldLabel(field: string): string {
  return TOr(`conflicts.field.${field}`, TOr(`register.${field}`, field.replace(/_/g, ' ')));
}

// A stored value in words: the lists (documents, consents, vulnerabilities)
// are JSON; codes (sex, relationship) are translated.
function ValueText(field: string, value: string): string[] {
  if (value === '') return [T('conflicts.empty')];
  try {
    if (field === 'documents') {
      const documents = JSON.parse(value) as { type: string; number: string; valid_until: string }[];
      if (documents.length === 0) return [T('person.no_documents')];
      return documents.map((d) =>
        [DocumentLabel(d.type), d.number, d.valid_until && T('conflicts.valid_until', { date: FormatDate(d.valid_until) })]
          .filter(Boolean)
          .join(' · '),
      );
    }
    if (field === 'consents') {
      const consents = JSON.parse(value) as { purposes: string[] } | string[];
      const purposes = Array.isArray(consents) ? consents : consents.purposes;
      return purposes.length ? purposes.map((c) => TOr(`consent.${c}`, c)) : [T('incident_page.no_consents')];
    }
    if (field === 'vulnerabilities') {
      const list = JSON.parse(value) as string[];
      return list.length ? list.map((v) => TOr(`vulnerability.${v}`, v)) : [T('conflicts.empty')];
    }
  } catch {
    return [value];
  }
  if (field === 'sex') return [TOr(`sex.${value}`, value)];
  if (field === 'relationship') return [TOr(`relationship.${value}`, value)];
  if (field === 'birth_date') return [FormatDate(value)];
  return [value];
}

// Who wrote a version, and where: a user of another site is known here by
// the site's name only (accounts do not travel).
function Writer(v: ConflictValue): string {
  if (v.here) return T('conflicts.written_here', { user: v.user });
  if (v.user_known) return T('conflicts.written_by', { user: v.user, site: v.site });
  return T('conflicts.written_at', { site: v.site });
}

function Version(p: { conflict: FieldConflict; value: ConflictValue; shown: boolean; onResolved: () => void }) {
  const [busy, set_busy] = useState(false);
  const [error, set_error] = useState('');
  const keep = async () => {
    set_busy(true);
    set_error('');
    try {
      await Api('POST', '/api/v1/conflicts/resolve', {
        record_type: p.conflict.record_type,
        record_id: p.conflict.record_id,
        field: p.conflict.field,
        keep: p.value.op_id,
      });
      p.onResolved();
    } catch (err) {
      set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };
  return (
    <div class="conflict-version" data-op={p.value.op_id}>
      {p.shown && <p class="conflict-shown">{T('conflicts.shown_now')}</p>}
      {p.value.hidden ? (
        <p class="conflict-value conflict-hidden">{T('conflicts.hidden')}</p>
      ) : (
        <ul class="conflict-value" dir="auto">
          {ValueText(p.conflict.field, p.value.value).map((line, i) => (
            <li key={i}>
              <bdi>{line}</bdi>
            </li>
          ))}
        </ul>
      )}
      <p class="conflict-by">
        {Writer(p.value)}
        <br />
        <time dateTime={p.value.written_at}>{LocalDateTime(p.value.written_at)}</time>
      </p>
      <button type="button" class="button-primary" disabled={busy || p.value.hidden} onClick={() => void keep()}>
        {T('conflicts.keep')}
      </button>
      {error && <Notice kind="error">{error}</Notice>}
    </div>
  );
}

export function Conflicts() {
  const [generation, set_generation] = useState(0);
  const [resolved, set_resolved] = useState(0);
  const state = UseLoad<{ items: FieldConflict[] }>('/api/v1/conflicts', generation);
  const done = () => {
    set_resolved((n) => n + 1);
    set_generation((g) => g + 1);
  };
  return (
    <section class="panel conflicts" aria-labelledby="conflicts-title">
      <h1 id="conflicts-title">{T('conflicts.title')}</h1>
      <p>{T('conflicts.intro')}</p>
      {resolved > 0 && <Notice kind="success">{T('conflicts.resolved')}</Notice>}
      <Loaded state={state}>
        {(d) =>
          d.items.length === 0 ? (
            <p class="conflicts-none">{T('conflicts.none')}</p>
          ) : (
            <ul class="conflict-list">
              {d.items.map((c) => (
                <li key={`${c.record_type}/${c.record_id}/${c.field}`} class="conflict" data-field={c.field}>
                  <h2>
                    {FieldLabel(c.field)}{' '}
                    <a
                      class="conflict-record"
                      href={c.record_type === 'person' ? Href('person', c.record_id) : Href('household', c.record_id)}
                    >
                      {T(c.record_type === 'person' ? 'conflicts.open_person' : 'conflicts.open_household')}
                    </a>
                  </h2>
                  <div class="conflict-versions">
                    {c.values.map((v, i) => (
                      <Version key={v.op_id} conflict={c} value={v} shown={i === 0} onResolved={done} />
                    ))}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}
