// The audit log (GET /api/v1/audit): newest first, filtered by the user who
// acted, the action (or a group of actions ending in "."), the record; and
// its hash chain checked on request (POST /api/v1/audit/verify), as
// `sanad audit verify` does on the server. Reading and checking are
// themselves audited. Entries hold ids, never names.
import { useState } from 'preact/hooks';
import { Api, Query } from '../api';
import { Notice, TextField } from '../components/fields';
import { Loaded, UseLoad } from '../components/load';
import { FormatDate, T } from '../i18n';
import type { AuditCheck, AuditPage, Session } from '../types';
import { AdminPage, UseAction } from './admin_tabs';

const kPageSize = 25;

// Actions an administrator looks for most, offered as they type.
const kCommonActions = [
  'user.', 'user.create', 'user.role', 'user.reset_password', 'user.disable', 'user.enable', 'login', 'settings.k',
  'export.persons', 'export.download', 'person.read', 'person.erase', 'household.create', 'audit.verify',
  'crossing_point.add', 'report.',
];

interface Filter {
  user: string;
  action: string;
  record: string;
}

function TimeOf(iso: string): string {
  const time = /T(\d{2}:\d{2})/.exec(iso);
  return `${FormatDate(iso)}${time ? ` \u2066${time[1]}\u2069` : ''}`;
}

export function AdminAudit(p: { session: Session }) {
  const [typed, set_typed] = useState<Filter>({ user: '', action: '', record: '' });
  const [filter, set_filter] = useState<Filter>(typed);
  const [page, set_page] = useState(1);
  const [generation, set_generation] = useState(0);
  const url = `/api/v1/audit${Query({ ...filter, page, page_size: kPageSize })}`;
  const log = UseLoad<AuditPage>(url, generation);
  const [check, set_check] = useState<AuditCheck | null>(null);
  const { busy, error, outcome, Run } = UseAction();

  const search = (e: Event) => {
    e.preventDefault();
    set_filter({ user: typed.user.trim(), action: typed.action.trim(), record: typed.record.trim() });
    set_page(1);
  };
  const verify = async () => {
    set_check(null);
    await Run(async () => {
      set_check(await Api<AuditCheck>('POST', '/api/v1/audit/verify'));
      set_generation((g) => g + 1);
    });
  };

  return (
    <AdminPage session={p.session} current="audit">
      <section class="panel" aria-labelledby="audit-verify-title">
        <h2 id="audit-verify-title">{T('admin.audit.verify_title')}</h2>
        <p class="hint">{T('admin.audit.verify_hint')}</p>
        <div class="actions">
          <button type="button" class="button-primary" id="audit-verify" disabled={busy} onClick={verify}>
            {T('admin.audit.verify')}
          </button>
        </div>
        <div ref={outcome} tabIndex={-1} class="outcome" aria-live="polite">
          {check?.intact && (
            <Notice kind="success">
              <p class="audit-intact">{T('admin.audit.intact', { n: check.entries ?? 0 })}</p>
              <p>
                {T('admin.audit.head', { seq: check.head.seq })} <code dir="ltr" class="hash">{check.head.hash}</code>
              </p>
            </Notice>
          )}
          {check && !check.intact && (
            <Notice kind="error">
              <p class="audit-broken">{T('admin.audit.broken', { seq: check.broken_at ?? 0 })}</p>
              <p lang="en">{check.problem}</p>
              <p>{T('admin.audit.broken_next')}</p>
            </Notice>
          )}
          {error && <Notice kind="error">{error}</Notice>}
        </div>
      </section>

      <form class="panel filters" onSubmit={search} aria-labelledby="audit-filter-title">
        <h2 id="audit-filter-title" class="filters-title">
          {T('admin.audit.filter_title')}
        </h2>
        <TextField id="audit-user" label={T('admin.audit.user')} value={typed.user} onInput={(v) => set_typed({ ...typed, user: v })} dir="ltr" />
        <TextField
          id="audit-action"
          label={T('admin.audit.action')}
          hint={T('admin.audit.action_hint')}
          value={typed.action}
          onInput={(v) => set_typed({ ...typed, action: v })}
          dir="ltr"
          list="audit-actions"
        />
        <datalist id="audit-actions">
          {kCommonActions.map((a) => (
            <option value={a} key={a} />
          ))}
        </datalist>
        <TextField id="audit-record" label={T('admin.audit.record')} value={typed.record} onInput={(v) => set_typed({ ...typed, record: v })} dir="ltr" />
        <div class="actions">
          <button type="submit" class="button-primary">
            {T('admin.audit.search')}
          </button>
        </div>
      </form>

      <Loaded state={log}>
        {(found) => (
          <>
            {found.items.length === 0 ? (
              <p>{T('admin.audit.none')}</p>
            ) : (
              <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="audit-table-caption">
                <table class="audit-table">
                  <caption id="audit-table-caption">{T('admin.audit.caption', { page: found.page })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{T('admin.audit.seq')}</th>
                      <th scope="col">{T('admin.audit.when')}</th>
                      <th scope="col">{T('admin.audit.who')}</th>
                      <th scope="col">{T('admin.audit.what')}</th>
                      <th scope="col">{T('admin.audit.about')}</th>
                      <th scope="col">{T('admin.audit.outcome')}</th>
                      <th scope="col">{T('admin.audit.detail')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {found.items.map((e) => (
                      <tr key={e.seq} data-action={e.action} class={e.outcome === 'ok' ? undefined : 'audit-refused'}>
                        <td class="number" data-label={T('admin.audit.seq')}>
                          {e.seq}
                        </td>
                        <td class="nowrap" data-label={T('admin.audit.when')}>
                          {TimeOf(e.at)}
                        </td>
                        <td data-label={T('admin.audit.who')}>
                          <bdi>{e.actor}</bdi>
                          {e.address && <span class="hint"> {e.address}</span>}
                        </td>
                        <td data-label={T('admin.audit.what')}>
                          <code dir="ltr">{e.action}</code>
                        </td>
                        <td class="audit-object" data-label={T('admin.audit.about')}>
                          <span class="hint">{e.object_type}</span> <bdi class="wrap-anywhere">{e.object_id}</bdi>
                        </td>
                        <td data-label={T('admin.audit.outcome')}>{T(`admin.audit.outcome_${e.outcome}`)}</td>
                        <td data-label={T('admin.audit.detail')}>
                          <bdi class="wrap-anywhere">{e.detail}</bdi>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div class="actions">
              <button type="button" class="button-secondary" disabled={page <= 1} onClick={() => set_page(page - 1)}>
                {T('admin.audit.newer')}
              </button>
              <button type="button" class="button-secondary" disabled={!found.has_more} onClick={() => set_page(page + 1)}>
                {T('admin.audit.older')}
              </button>
            </div>
          </>
        )}
      </Loaded>
    </AdminPage>
  );
}
