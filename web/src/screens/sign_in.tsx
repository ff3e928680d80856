import { useState } from 'preact/hooks';
import { Api, ApiError, SetCsrfToken } from '../api';
import { Notice, TextField } from '../components/fields';
import { ErrorText } from '../errors';
import { T } from '../i18n';

interface SignInAnswer {
  token: string;
  csrf_token: string;
}

export function SignIn(p: { expired: boolean; onSignedIn: () => Promise<void> }) {
  const [username, set_username] = useState('');
  const [password, set_password] = useState('');
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!username || !password) {
      set_error(T('sign_in.missing'));
      return;
    }
    set_busy(true);
    set_error('');
    try {
      const answer = await Api<SignInAnswer>('POST', '/api/v1/session', { username, password });
      SetCsrfToken(answer.csrf_token ?? '');
      set_password('');
      await p.onSignedIn();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) set_error(T('sign_in.wrong'));
      else set_error(ErrorText(err));
    } finally {
      set_busy(false);
    }
  };

  return (
    <section class="panel narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{T('sign_in.title')}</h1>
      <p>{T('sign_in.intro')}</p>
      {p.expired && <Notice kind="warning">{T('sign_in.expired')}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form onSubmit={submit} noValidate>
        <TextField
          id="username"
          label={T('sign_in.username')}
          value={username}
          onInput={set_username}
          autocomplete="username"
          dir="ltr"
          required
        />
        <TextField
          id="password"
          label={T('sign_in.password')}
          type="password"
          value={password}
          onInput={set_password}
          autocomplete="current-password"
          dir="ltr"
          required
        />
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? T('sign_in.busy') : T('sign_in.submit')}
        </button>
      </form>
    </section>
  );
}
