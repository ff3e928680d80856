// "My cases": the caseworker's own cases (GET /api/v1/cases?assigned_to=me),
// those with a task past its due date first, as the server orders them. A
// counsellor sees the cases with a legal-aid referral instead (the server
// restricts the list). Listing is audited; the lines carry no names, so each
// person's name is read from the register (audited too).
import { useState } from 'preact/hooks';
import { Query } from '../api';
import { Loaded, UseLoad } from '../components/load';
import { PersonLink } from '../components/person_name';
import { FormatDate, T, TOr } from '../i18n';
import { Href } from '../router';
import type { CaseSummary, Session } from '../types';

export function CaseList(p: { session: Session; heading: 'h1' | 'h2' }) {
  const mine = p.session.permissions.includes('case.write');
  const [overdue_only, set_overdue_only] = useState(false);
  const url = `/api/v1/cases${Query({ assigned_to: mine ? 'me' : undefined, overdue: overdue_only ? 'true' : undefined })}`;
  const cases = UseLoad<{ items: CaseSummary[] }>(url);
  const Heading = p.heading;
  return (
    <section aria-labelledby="cases-title" class="case-list">
      <Heading id="cases-title">{mine ? T('cases.mine') : T('cases.legal_aid')}</Heading>
      <p class="hint">{mine ? T('cases.mine_intro') : T('cases.legal_aid_intro')}</p>
      <div class="checkbox">
        <input
          type="checkbox"
          id="cases-overdue"
          checked={overdue_only}
          onChange={(e) => set_overdue_only((e.currentTarget as HTMLInputElement).checked)}
        />
        <label for="cases-overdue">{T('cases.overdue_only')}</label>
      </div>
      <Loaded state={cases}>
        {(list) =>
          list.items.length === 0 ? (
            <p class="cases-none">{overdue_only ? T('cases.none_overdue') : T('cases.none')}</p>
          ) : (
            <ul class="results case-results">
              {list.items.map((c) => (
                <li key={c.id} class={c.overdue ? 'overdue' : undefined}>
                  <a class="result" href={Href('case', c.id)} data-case={c.id}>
                    <span class="result-name">
                      <PersonLink id={c.person_id} link={false} />
                    </span>
                    <span class="result-detail">{c.risks.map((r) => TOr(`risk.${r}`, r)).join(', ')}</span>
                    <span class="result-meta">
                      <span class={`case-status case-status-${c.status}`}>{TOr(`case_status.${c.status}`, c.status)}</span>
                      <span>{T('case.priority_is', { priority: TOr(`priority.${c.priority}`, c.priority) })}</span>
                      {c.next_due && <span>{T('cases.next_due', { date: FormatDate(c.next_due) })}</span>}
                      {c.overdue && <span class="urgent-mark">{T('cases.overdue')}</span>}
                      {!mine && <span>{T('cases.assigned_to', { user: c.assigned_to })}</span>}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {mine && <p class="hint">{T('cases.open_hint')}</p>}
    </section>
  );
}
