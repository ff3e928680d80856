// Accounts (GET/POST /api/v1/users and the actions on one account): add an
// account with a role, reset a password, change a role, disable and enable.
// A password the server makes is shown once, here, and never again: the
// administrator hands it over in person. Every change is audited by the
// server; disabling or resetting ends the account's sessions.
import { useRef, useState } from 'preact/hooks';
import { Api } from '../api';
import { Notice, SelectField, TextField } from '../components/fields';
import { Loaded, UseLoad } from '../components/load';
import { ErrorText } from '../errors';
import { FormatDate, T } from '../i18n';
import type { Account, Role, Session } from '../types';
import { AdminPage } from './admin_tabs';

const kRoles: Role[] = ['registrar', 'counsellor', 'caseworker', 'analyst', 'admin'];

function RoleOptions() {
  return kRoles.map((r) => ({ value: r, label: T(`role.${r}`) }));
}

// A password made by the server, to hand over once.
function OneTimePassword(p: { username: string; password: string }) {
  return (
    <div class="one-time">
      <p>{T('admin.users.password_for', { user: p.username })}</p>
      <p>
        <code class="one-time-password" dir="ltr" data-user={p.username}>
          {p.password}
        </code>
      </p>
      <p class="hint">{T('admin.users.password_once')}</p>
    </div>
  );
}

function AccountCard(p: { account: Account; self: boolean; onDone: (message: string, password?: string) => void; onError: (e: unknown) => void }) {
  const u = p.account;
  const [role, set_role] = useState<string>(u.role);
  const [busy, set_busy] = useState(false);
  const act = async (path: string, body: unknown, message: string) => {
    set_busy(true);
    try {
      const answer = await Api<Account>('POST', `/api/v1/users/${encodeURIComponent(u.id)}/${path}`, body);
      p.onDone(message, answer.password);
    } catch (e) {
      p.onError(e);
    } finally {
      set_busy(false);
    }
  };
  return (
    <li class="panel account" data-user={u.username}>
      <h2 class="account-name">
        <bdi>{u.username}</bdi>
      </h2>
      <p class="result-meta">
        <span>{T(`role.${u.role}`)}</span>
        <span class={u.disabled ? 'account-disabled' : undefined}>{u.disabled ? T('admin.users.disabled') : T('admin.users.active')}</span>
        <span>{T('admin.users.created', { date: FormatDate(u.created_at) })}</span>
      </p>
      <div class="account-actions">
        <div class="inline-form">
          <SelectField id={`role-${u.username}`} label={T('admin.users.role_of', { user: u.username })} value={role} onChange={set_role} options={RoleOptions()} />
          <button
            type="button"
            class="button-secondary"
            disabled={busy || role === u.role}
            onClick={() => act('role', { role }, T('admin.users.role_changed', { user: u.username, role: T(`role.${role}`) }))}
          >
            {T('admin.users.change_role')}
          </button>
        </div>
        <div class="actions">
          <button
            type="button"
            class="button-secondary"
            data-action="reset"
            disabled={busy}
            onClick={() => act('password', {}, T('admin.users.password_reset', { user: u.username }))}
          >
            {T('admin.users.reset_password')}
          </button>
          {!p.self &&
            (u.disabled ? (
              <button type="button" class="button-secondary" data-action="enable" disabled={busy} onClick={() => act('enable', {}, T('admin.users.enabled', { user: u.username }))}>
                {T('admin.users.enable')}
              </button>
            ) : (
              <button type="button" class="button-secondary" data-action="disable" disabled={busy} onClick={() => act('disable', {}, T('admin.users.disabled_now', { user: u.username }))}>
                {T('admin.users.disable')}
              </button>
            ))}
        </div>
      </div>
    </li>
  );
}

export function AdminUsers(p: { session: Session }) {
  const [generation, set_generation] = useState(0);
  const users = UseLoad<{ items: Account[] }>('/api/v1/users', generation);
  const [done, set_done] = useState<{ message: string; username?: string; password?: string } | null>(null);
  const [error, set_error] = useState('');
  const [username, set_username] = useState('');
  const [role, set_role] = useState('registrar');
  const [password, set_password] = useState('');
  const [busy, set_busy] = useState(false);
  const outcome = useRef<HTMLDivElement>(null);

  const show = (message: string, who?: string, made?: string) => {
    set_error('');
    set_done({ message, username: who, password: made });
    set_generation((g) => g + 1);
    // The outcome (and a password shown once) is where attention goes next.
    requestAnimationFrame(() => outcome.current?.focus());
  };
  const fail = (e: unknown) => {
    set_done(null);
    set_error(ErrorText(e));
    requestAnimationFrame(() => outcome.current?.focus());
  };

  const add = async (e: Event) => {
    e.preventDefault();
    set_busy(true);
    try {
      const created = await Api<Account>('POST', '/api/v1/users', {
        username: username.trim(),
        role,
        ...(password ? { password } : {}),
      });
      show(T('admin.users.added', { user: created.username }), created.username, created.password);
      set_username('');
      set_password('');
    } catch (err) {
      fail(err);
    } finally {
      set_busy(false);
    }
  };

  return (
    <AdminPage session={p.session} current="users">
      <div ref={outcome} tabIndex={-1} class="outcome" aria-live="polite">
        {done && (
          <Notice kind="success">
            <p>{done.message}</p>
            {done.password && done.username && <OneTimePassword username={done.username} password={done.password} />}
          </Notice>
        )}
        {error && <Notice kind="error">{error}</Notice>}
      </div>
      <form class="panel" onSubmit={add} noValidate aria-labelledby="add-user-title">
        <h2 id="add-user-title">{T('admin.users.add_title')}</h2>
        <div class="grid">
          <TextField id="new-username" label={T('admin.users.username')} hint={T('admin.users.username_hint')} value={username} onInput={set_username} dir="ltr" required />
          <SelectField id="new-role" label={T('admin.users.role')} value={role} onChange={set_role} options={RoleOptions()} />
          <TextField id="new-password" type="password" label={T('admin.users.password')} hint={T('admin.users.password_hint')} value={password} onInput={set_password} autocomplete="new-password" dir="ltr" />
        </div>
        <div class="actions">
          <button type="submit" class="button-primary" disabled={busy}>
            {T('admin.users.add')}
          </button>
        </div>
      </form>
      <Loaded state={users}>
        {(list) => (
          <ul class="accounts">
            {list.items.map((u) => (
              <AccountCard
                key={`${u.id}-${u.role}-${u.disabled}`}
                account={u}
                self={u.username === p.session.user.username}
                onDone={(message, made) => show(message, u.username, made)}
                onError={fail}
              />
            ))}
          </ul>
        )}
      </Loaded>
    </AdminPage>
  );
}
