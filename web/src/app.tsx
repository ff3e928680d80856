// The shell: session, language, header and navigation, and the screen for the
// current route. Screens only appear for the permissions the server granted
// (GET /api/v1/session); the server checks every request again.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { Api, ApiError, OnUnauthorised, SetCsrfToken } from './api';
import { HealthIndicator } from './components/health';
import {
  CurrentLanguage,
  InitialLanguage,
  InitialSolarHijri,
  kLanguages,
  SetLanguage,
  SetSolarHijri,
  T,
} from './i18n';
import { Href, Navigate, UseRoute } from './router';
import { CaseList } from './screens/case_list';
import { CaseNew } from './screens/case_new';
import { CasePage } from './screens/case_page';
import { Conflicts } from './screens/conflicts';
import { CrossSiteDuplicates } from './screens/cross_site_duplicates';
import { Dashboard } from './screens/dashboard';
import { FindPerson } from './screens/find';
import { Home } from './screens/home';
import { HouseholdPage } from './screens/household';
import { IncidentForm } from './screens/incident_form';
import { IncidentList } from './screens/incident_list';
import { IncidentPage } from './screens/incident_page';
import { PersonScreen } from './screens/person';
import { Register } from './screens/register';
import { SignIn } from './screens/sign_in';
import { StatusCheck } from './screens/status_check';
import { TracingNew } from './screens/tracing_new';
import { TracingPage } from './screens/tracing_page';
import { AdminAudit } from './screens/admin_audit';
import { ChangePassword } from './screens/change_password';
import { AdminCrossings } from './screens/admin_crossings';
import { AdminExports } from './screens/admin_exports';
import { AdminOrganisations } from './screens/admin_organisations';
import { AdminPolicy } from './screens/admin_policy';
import { AdminSettings } from './screens/admin_settings';
import { AdminUsers } from './screens/admin_users';
import { kScreens } from './nav';
import type { Permission, Session } from './types';

type SessionState = { kind: 'loading' } | { kind: 'signed_out'; expired: boolean } | { kind: 'signed_in'; session: Session };

SetLanguage(InitialLanguage());
SetSolarHijri(InitialSolarHijri());

// The skip link moves focus to the content without touching the hash,
// which the router reads as a page (a half-filled form would be lost).
function SkipToMain(e: Event): void {
  e.preventDefault();
  const main = document.getElementById('main');
  main?.focus();
  main?.scrollIntoView();
}

export function App() {
  const [language, set_language] = useState(CurrentLanguage().code);
  const [solar_hijri, set_solar_hijri] = useState(InitialSolarHijri());
  const [state, set_state] = useState<SessionState>({ kind: 'loading' });
  const route = UseRoute();

  const load_session = useCallback(async () => {
    try {
      const session = await Api<Session>('GET', '/api/v1/session');
      if (session.csrf_token) SetCsrfToken(session.csrf_token);
      set_state({ kind: 'signed_in', session });
    } catch (error) {
      set_state({ kind: 'signed_out', expired: false });
      if (!(error instanceof ApiError) || error.status !== 401) console.warn('session check failed', error);
    }
  }, []);

  useEffect(() => {
    OnUnauthorised(() => {
      SetCsrfToken('');
      set_state({ kind: 'signed_out', expired: true });
    });
    void load_session();
  }, [load_session]);

  const change_language = (code: string) => {
    SetLanguage(code);
    set_language(code);
  };
  const change_calendar = (on: boolean) => {
    SetSolarHijri(on);
    set_solar_hijri(on);
  };
  const sign_out = async () => {
    try {
      await Api('DELETE', '/api/v1/session');
    } catch {
      // Signed out locally either way; the server session expires when idle.
    }
    SetCsrfToken('');
    set_state({ kind: 'signed_out', expired: false });
    Navigate(Href());
  };

  const session = state.kind === 'signed_in' ? state.session : null;
  const may = (p: Permission) => session?.permissions.includes(p) ?? false;
  const current = route.path[0] ?? '';

  let screen;
  if (state.kind === 'loading') {
    screen = <p class="loading">{T('common.loading')}</p>;
  } else if (!session) {
    screen = <SignIn expired={state.kind === 'signed_out' && state.expired} onSignedIn={load_session} />;
  } else if (session.password_change_required) {
    // An administrator issued this password: nothing else until it is changed.
    screen = <ChangePassword username={session.user.username} onChanged={load_session} />;
  } else if (current === 'register' && may('household.write')) {
    screen = <Register session={session} />;
  } else if (current === 'find' && may('person.read')) {
    screen = <FindPerson query={route.params.get('q') ?? ''} />;
  } else if (current === 'person' && route.path[1]) {
    // Not gated on the client: the server decides, audits, and may refuse.
    screen = <PersonScreen id={route.path[1]} session={session} />;
  } else if (current === 'household' && route.path[1] && may('person.read')) {
    screen = <HouseholdPage id={route.path[1]} session={session} />;
  } else if (current === 'status' && may('status.check')) {
    screen = <StatusCheck />;
  } else if (current === 'incident_new' && may('incident.write')) {
    screen = <IncidentForm session={session} />;
  } else if (current === 'incidents' && may('incident.read')) {
    screen = <IncidentList />;
  } else if (current === 'incident' && route.path[1] && may('incident.read')) {
    screen = <IncidentPage id={route.path[1]} session={session} />;
  } else if (current === 'cases' && may('case.read')) {
    screen = <CaseList session={session} heading="h1" />;
  } else if (current === 'case' && route.path[1] && may('case.read')) {
    screen = <CasePage id={route.path[1]} session={session} />;
  } else if (current === 'case_new' && may('case.write') && route.params.get('person')) {
    screen = <CaseNew session={session} personId={route.params.get('person') ?? ''} incidentId={route.params.get('incident') ?? ''} />;
  } else if (current === 'tracing_new' && may('tracing.create') && route.params.get('person')) {
    screen = <TracingNew session={session} personId={route.params.get('person') ?? ''} caseId={route.params.get('case') ?? ''} />;
  } else if (current === 'tracing' && route.path[1] && may('tracing.work')) {
    screen = <TracingPage id={route.path[1]} session={session} />;
  } else if (current === 'conflicts' && may('household.write')) {
    screen = <Conflicts />;
  } else if (current === 'cross_site' && may('person.duplicates')) {
    screen = <CrossSiteDuplicates />;
  } else if (current === 'dashboard' && may('report.read')) {
    screen = <Dashboard />;
  } else if (current === 'admin_users' && may('user.admin')) {
    screen = <AdminUsers session={session} />;
  } else if (current === 'admin_exports' && may('export.persons')) {
    screen = <AdminExports session={session} />;
  } else if (current === 'admin_audit' && may('audit.read')) {
    screen = <AdminAudit session={session} />;
  } else if (current === 'admin_settings' && may('site.settings')) {
    screen = <AdminSettings session={session} />;
  } else if (current === 'admin_crossings' && may('site.settings')) {
    screen = <AdminCrossings session={session} />;
  } else if (current === 'admin_organisations' && may('organisation.admin')) {
    screen = <AdminOrganisations session={session} />;
  } else if (current === 'admin_policy') {
    // The loaded policy is no secret: any signed-in role may read it.
    screen = <AdminPolicy session={session} />;
  } else if (current === '' || current === 'home') {
    screen = <Home session={session} />;
  } else {
    screen = (
      <section class="panel" aria-labelledby="refused-title">
        <h1 id="refused-title">{T('refused.title')}</h1>
        <p>{T('refused.body')}</p>
        <p>
          <a href={Href()}>{T('common.back_home')}</a>
        </p>
      </section>
    );
  }

  return (
    <div class="shell" data-language={language} data-solar-hijri={solar_hijri ? '1' : '0'}>
      <a class="skip-link" href="#main" onClick={SkipToMain}>
        {T('common.skip_to_content')}
      </a>
      <header class="top">
        <div class="top-row">
          <a class="brand" href={Href()}>
            <span class="brand-mark" aria-hidden="true">
              ◆
            </span>
            {T('app.name')}
          </a>
          <div class="settings">
            <div class="setting">
              <label for="language">{T('settings.language')}</label>
              <select id="language" value={language} onChange={(e) => change_language((e.currentTarget as HTMLSelectElement).value)}>
                {kLanguages.map((l) => (
                  <option value={l.code} key={l.code} lang={l.code}>
                    {l.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="setting setting-check">
              <input
                type="checkbox"
                id="solar-hijri"
                checked={solar_hijri}
                onChange={(e) => change_calendar((e.currentTarget as HTMLInputElement).checked)}
              />
              <label for="solar-hijri">{T('settings.solar_hijri')}</label>
            </div>
          </div>
        </div>
        {session && (
          <nav class="nav" aria-label={T('nav.label')}>
            <ul>
              <li>
                <a href={Href()} aria-current={current === '' || current === 'home' ? 'page' : undefined}>
                  {T('nav.home')}
                </a>
              </li>
              {kScreens
                .filter((s) => may(s.permission) && !session.password_change_required)
                .map((s) => (
                  <li key={s.route}>
                    <a
                      href={Href(s.route)}
                      aria-current={current === s.route || (s.key === 'admin' && current.startsWith('admin_')) ? 'page' : undefined}
                    >
                      {T(`nav.${s.key}`)}
                    </a>
                  </li>
                ))}
            </ul>
            <div class="user">
              <span class="user-name">
                {T('nav.signed_in_as', { user: session.user.username, role: T(`role.${session.user.role}`) })}
              </span>
              <button type="button" class="button-secondary" onClick={sign_out}>
                {T('nav.sign_out')}
              </button>
            </div>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {screen}
      </main>
      <footer class="bottom">
        <HealthIndicator />
        <p>
          <a href="/docs/api.md">{T('footer.api_docs')}</a>
        </p>
      </footer>
    </div>
  );
}
