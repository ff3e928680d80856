// Person exports (GET/POST /api/v1/exports): every registered person in the
// person CSV, sealed to a passphrase the administrator types (the server
// keeps no copy of it), with the purpose recorded in the audit log. The
// sealed file can be downloaded ONCE (GET /api/v1/exports/{id}/file); after
// that the server has dropped it and answers 410. Open it with
// `sanad export decrypt FILE`.
import { useState } from 'preact/hooks';
import { Api } from '../api';
import { TextField } from '../components/fields';
import { Loaded, UseLoad } from '../components/load';
import { FormatDate, FormatNumber, T } from '../i18n';
import type { PersonExport, Session } from '../types';
import { ActionOutcome, AdminPage, FormatBytes, UseAction } from './admin_tabs';

export function AdminExports(p: { session: Session }) {
  const [generation, set_generation] = useState(0);
  const exports = UseLoad<{ items: PersonExport[] }>('/api/v1/exports', generation);
  const [purpose, set_purpose] = useState('');
  const [passphrase, set_passphrase] = useState('');
  const [repeat, set_repeat] = useState('');
  const [errors, set_errors] = useState<Record<string, string>>({});
  const { busy, error, set_error, outcome, Run } = UseAction();
  const [made, set_made] = useState('');

  const submit = async (e: Event) => {
    e.preventDefault();
    set_error('');
    set_made('');
    const found: Record<string, string> = {};
    if (purpose.trim().length < 10) found.purpose = T('admin.exports.purpose_required');
    if (passphrase.length < 12) found.passphrase = T('admin.exports.passphrase_short');
    else if (repeat !== passphrase) found.repeat = T('admin.exports.passphrase_differs');
    set_errors(found);
    if (Object.keys(found).length > 0) return;
    await Run(async () => {
      const created = await Api<PersonExport>('POST', '/api/v1/exports', { purpose: purpose.trim(), passphrase });
      set_made(T('admin.exports.ready', { persons: created.persons }));
      set_purpose('');
      set_passphrase('');
      set_repeat('');
      set_generation((g) => g + 1);
    });
  };

  // The browser downloads the file itself (a plain link, with the session
  // cookie); the list is read again to show that it is gone from the server.
  const downloaded = () => window.setTimeout(() => set_generation((g) => g + 1), 1500);

  return (
    <AdminPage session={p.session} current="exports">
      <form class="panel" onSubmit={submit} noValidate aria-labelledby="export-form-title">
        <h2 id="export-form-title">{T('admin.exports.new_title')}</h2>
        <TextField id="export-purpose" label={T('admin.exports.purpose')} hint={T('admin.exports.purpose_hint')} value={purpose} onInput={set_purpose} error={errors.purpose} required />
        <div class="grid">
          <TextField id="export-passphrase" type="password" label={T('admin.exports.passphrase')} hint={T('admin.exports.passphrase_hint')} value={passphrase} onInput={set_passphrase} error={errors.passphrase} autocomplete="new-password" dir="ltr" required />
          <TextField id="export-repeat" type="password" label={T('admin.exports.repeat')} value={repeat} onInput={set_repeat} error={errors.repeat} autocomplete="new-password" dir="ltr" required />
        </div>
        <div class="actions">
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? T('admin.exports.making') : T('admin.exports.make')}
          </button>
        </div>
      </form>
      <ActionOutcome outcome={outcome} success={made} error={error} />
      <h2>{T('admin.exports.list_title')}</h2>
      <Loaded state={exports}>
        {(list) =>
          list.items.length === 0 ? (
            <p>{T('admin.exports.none')}</p>
          ) : (
            <ul class="results exports">
              {list.items.map((x) => (
                <li key={x.id} class="panel export" data-export={x.id}>
                  <p class="export-purpose">
                    <bdi>{x.purpose}</bdi>
                  </p>
                  <p class="result-meta">
                    <span>{T('admin.exports.made', { user: x.made_by, date: FormatDate(x.made_at) })}</span>
                    <span>{T('admin.exports.persons', { n: FormatNumber(x.persons) })}</span>
                    <span>{FormatBytes(x.bytes)}</span>
                  </p>
                  {x.downloaded_at ? (
                    <p class="export-gone">{T('admin.exports.downloaded', { date: FormatDate(x.downloaded_at) })}</p>
                  ) : (
                    <p>
                      <a class="button-primary" href={`/api/v1/exports/${encodeURIComponent(x.id)}/file`} download onClick={downloaded}>
                        {T('admin.exports.download')}
                      </a>{' '}
                      <span class="hint">{T('admin.exports.once')}</span>
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <p class="hint">{T('admin.exports.open_hint')}</p>
    </AdminPage>
  );
}
