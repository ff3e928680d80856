// The policy the server loaded (GET /api/v1/policy): every dated provision
// the status checks apply, with its dates, whom it concerns, its source and
// what it means for a person. The server gives each provision's texts in the
// UI's language where the policy file has a translation, in English
// otherwise; each is marked with its language (TextLanguage), so a screen
// reader reads it as such. Sources and the policy's title stay English.
import { Loaded, UseLoad } from '../components/load';
import { FormatDate, IsolateDates, T, TextLanguage, TOr } from '../i18n';
import type { LoadedPolicy, PolicyProvision, Session } from '../types';
import { AdminPage } from './admin_tabs';

function InForce(v: PolicyProvision): string {
  if (v.from && v.to) return T('admin.policy.from_to', { from: FormatDate(v.from), to: FormatDate(v.to) });
  if (v.from) return T('admin.policy.from', { from: FormatDate(v.from) });
  if (v.to) return T('admin.policy.until', { to: FormatDate(v.to) });
  return T('admin.policy.always');
}

function Provision(p: { v: PolicyProvision }) {
  const v = p.v;
  const said = TextLanguage(v.language);
  return (
    <li class="panel provision" data-provision={v.id}>
      <h2 class="provision-title" {...said}>
        {IsolateDates(v.title)}
      </h2>
      <dl class="facts">
        <div class="fact">
          <dt>{T('admin.policy.in_force')}</dt>
          <dd>{InForce(v)}</dd>
        </div>
        <div class="fact">
          <dt>{T('admin.policy.kind')}</dt>
          <dd>
            {TOr(`admin.policy.effect.${v.effect}`, v.effect)} · {TOr(`admin.policy.context.${v.context}`, v.context)}
          </dd>
        </div>
        {v.documents.length > 0 && (
          <div class="fact">
            <dt>{T('admin.policy.documents')}</dt>
            <dd>{v.documents.map((d) => (d === 'none' ? T('admin.policy.no_documents') : TOr(`document.${d}`, d))).join('، ')}</dd>
          </div>
        )}
        {v.leave_by && (
          <div class="fact">
            <dt>{T('admin.policy.leave_by')}</dt>
            <dd>{FormatDate(v.leave_by)}</dd>
          </div>
        )}
        {v.removal_from && (
          <div class="fact">
            <dt>{T('admin.policy.removal_from')}</dt>
            <dd>{FormatDate(v.removal_from)}</dd>
          </div>
        )}
        <div class="fact">
          <dt>{T('admin.policy.source')}</dt>
          <dd class="source" lang="en" dir="ltr">
            {v.citation}
          </dd>
        </div>
      </dl>
      <p {...said} class="provision-explanation">
        {IsolateDates(v.explanation)}
      </p>
      {v.sources_differ && (
        <p class="hint">
          {T('admin.policy.sources_differ')}{' '}
          <span {...said}>{IsolateDates(v.sources_differ)}</span>
        </p>
      )}
      {v.next_steps.length > 0 && (
        <ul {...said} class="next-steps">
          {v.next_steps.map((s) => (
            <li key={s}>{IsolateDates(s)}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function AdminPolicy(p: { session: Session }) {
  const policy = UseLoad<LoadedPolicy>('/api/v1/policy');
  return (
    <AdminPage session={p.session} current="policy">
      <Loaded state={policy}>
        {(loaded) => (
          <>
            <p class="policy-head">
              <span lang="en" dir="ltr">
                {loaded.title}
              </span>{' '}
              {T('admin.policy.version', { version: loaded.version, n: loaded.provisions.length })}
            </p>
            <ol class="provisions-list">
              {loaded.provisions.map((v) => (
                <Provision v={v} key={v.id} />
              ))}
            </ol>
          </>
        )}
      </Loaded>
    </AdminPage>
  );
}
