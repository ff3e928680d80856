// A possible duplicate shown side by side with the person it may be: each
// field as typed (or recorded) and as already registered, and how they
// compare, in the user's words and language. At narrow widths each field is
// a stacked block, not a table cut off at the edge. The register and the
// person page share it; the decisions ("same person: link", "not the same:
// dismiss") are the caller's.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Api } from '../api';
import { ErrorText } from '../errors';
import { Notice } from './fields';
import { EvidenceLevel } from './evidence';
import { FormatDate, FormatPercent, T, TOr } from '../i18n';
import { Href } from '../router';
import type { Candidate, Evidence } from '../types';

export function PersonName(c: { given_name?: string; father_name?: string; grandfather_name?: string }): string {
  return [c.given_name, c.father_name, c.grandfather_name].filter(Boolean).join(' · ');
}

const kCompared = ['given_name', 'father_name', 'grandfather_name', 'family_name', 'sex', 'birth_date', 'phone', 'province'] as const;

// Levels that say the two values are the same: the registered column then
// shows the value even when the candidate's summary does not carry it
// (a phone, a family name).
const kSameLevels = new Set(['exact', 'equal', 'agree']);

function Shown(field: string, value: string | undefined): string {
  if (!value) return '';
  if (field === 'birth_date') return FormatDate(value);
  if (field === 'sex') return TOr(`sex.${value}`, value);
  return value;
}

function FieldLabel(field: string): string {
  if (field === 'province') return T('person.province');
  if (field === 'birth_date') return T('register.birth');
  return T(`register.${field}`);
}

export function CandidateCompare(p: {
  subject: Record<string, string | undefined>; // the person being compared, by field
  candidate: Candidate;
  subjectLabel: string; // "Entered now", "This record"
  children?: ComponentChildren; // the decision buttons
}) {
  const c = p.candidate;
  const evidence = new Map<string, Evidence>((c.explanation ?? []).map((e) => [e.field, e]));
  const rows = kCompared.filter((f) => p.subject[f] || c[f] || evidence.has(f));
  return (
    <div class="candidate" data-candidate={c.person_id}>
      <p class="candidate-head">
        <strong>
          <bdi>{PersonName(c)}</bdi>
        </strong>{' '}
        <span class="probability">{T('duplicates.probability', { value: FormatPercent(c.match_probability) })}</span>
      </p>
      <div class="table-wrap">
        <table class="compare stack-narrow">
          <caption class="visually-hidden">{T('duplicates.caption', { name: PersonName(c) })}</caption>
          <thead>
            <tr>
              <th scope="col">{T('duplicates.field')}</th>
              <th scope="col">{p.subjectLabel}</th>
              <th scope="col">{T('duplicates.existing')}</th>
              <th scope="col">{T('duplicates.evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => {
              const e = evidence.get(f);
              const mine = Shown(f, p.subject[f]);
              const theirs = Shown(f, c[f]) || (e && kSameLevels.has(e.level) ? mine : '');
              return (
                <tr key={f} data-field={f}>
                  <th scope="row">{FieldLabel(f)}</th>
                  <td data-label={p.subjectLabel}>
                    <bdi>{mine || '—'}</bdi>
                  </td>
                  <td data-label={T('duplicates.existing')}>
                    <bdi>{theirs || '—'}</bdi>
                  </td>
                  <td data-label={T('duplicates.evidence')}>
                    <EvidenceLevel evidence={e} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div class="actions">
        {p.children}
        <a class="button-link" href={Href('person', c.person_id)} target="_blank" rel="noopener">
          {T('duplicates.open')}
        </a>
      </div>
    </div>
  );
}

// "Same person: link" and "Not the same: dismiss" for a registered person:
// the decision is stored (and audited) by the server; `onDecided` is told.
export function DecisionButtons(p: { personId: string; candidate: Candidate; onDecided: (decision: 'same' | 'not_same') => void }) {
  const [busy, set_busy] = useState(false);
  const [error, set_error] = useState('');
  const decide = async (decision: 'same' | 'not_same') => {
    set_busy(true);
    set_error('');
    try {
      await Api('POST', `/api/v1/persons/${encodeURIComponent(p.personId)}/duplicates/decisions`, {
        candidate_id: p.candidate.person_id,
        decision,
      });
      p.onDecided(decision);
    } catch (err) {
      set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };
  return (
    <>
      <button type="button" class="button-primary" disabled={busy} onClick={() => void decide('same')}>
        {T('duplicates.link')}
      </button>
      <button type="button" class="button-secondary" disabled={busy} onClick={() => void decide('not_same')}>
        {T('duplicates.dismiss')}
      </button>
      {error && <Notice kind="error">{error}</Notice>}
    </>
  );
}
