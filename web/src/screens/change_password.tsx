// Changing one's own password (POST /api/v1/session/password). Shown in
// place of every screen while the session says password_change_required:
// an administrator issued the password (a new account, or a reset), so it
// is known to someone else; the server refuses everything else until then.
import { useState } from 'preact/hooks';
import { Api } from '../api';
import { Notice, TextField } from '../components/fields';
import { ErrorText } from '../errors';
import { T } from '../i18n';

export function ChangePassword(p: { username: string; onChanged: () => Promise<void> }) {
  const [current, set_current] = useState('');
  const [password, set_password] = useState('');
  const [repeat, set_repeat] = useState('');
  const [errors, set_errors] = useState<Record<string, string>>({});
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    set_error('');
    const found: Record<string, string> = {};
    if (!current) found.current = T('change_password.current_required');
    if (password.length < 12) found.password = T('change_password.short');
    else if (password === current) found.password = T('change_password.same');
    else if (repeat !== password) found.repeat = T('change_password.differs');
    set_errors(found);
    if (Object.keys(found).length > 0) return;
    set_busy(true);
    try {
      await Api('POST', '/api/v1/session/password', { current, password });
      await p.onChanged();
    } catch (err) {
      set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };

  return (
    <section class="panel narrow" aria-labelledby="change-password-title">
      <h1 id="change-password-title">{T('change_password.title')}</h1>
      <p>{T('change_password.intro', { user: p.username })}</p>
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={submit} noValidate>
        <TextField id="current-password" type="password" label={T('change_password.current')} value={current} onInput={set_current} error={errors.current} autocomplete="current-password" dir="ltr" required />
        <TextField id="new-password-own" type="password" label={T('change_password.new')} hint={T('change_password.new_hint')} value={password} onInput={set_password} error={errors.password} autocomplete="new-password" dir="ltr" required />
        <TextField id="repeat-password-own" type="password" label={T('change_password.repeat')} value={repeat} onInput={set_repeat} error={errors.repeat} autocomplete="new-password" dir="ltr" required />
        <button type="submit" class="button-primary" disabled={busy}>
          {T('change_password.submit')}
        </button>
      </form>
    </section>
  );
}
