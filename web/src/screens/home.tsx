// Home: what this role may do, as large buttons. Capabilities that have no
// screen yet (recording crossings) are listed with where to find them now. A
// caseworker's home is their cases, overdue first.
import { kScreens } from '../nav';
import { CaseList } from './case_list';
import { T } from '../i18n';
import { Href } from '../router';
import type { Session } from '../types';

export function Home(p: { session: Session }) {
  const may = (permission: string) => p.session.permissions.includes(permission as never);
  const own_cases = may('case.write');
  const screens = kScreens.filter((s) => may(s.permission) && !(own_cases && s.route === 'cases'));
  const later = [may('movement.write') ? 'movements' : ''].filter(Boolean);
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{T('home.title', { user: p.session.user.username })}</h1>
      <p class="lead">{T(`home.role.${p.session.user.role}`)}</p>
      {own_cases && <CaseList session={p.session} heading="h2" />}
      {screens.length === 0 && !own_cases && <p>{T('home.nothing')}</p>}
      <ul class="cards">
        {screens.map((s) => (
          <li key={s.route}>
            <a class="card" href={Href(s.route)}>
              <span class="card-title">{T(`nav.${s.key}`)}</span>
              <span class="card-text">{T(`home.${s.key}`)}</span>
            </a>
          </li>
        ))}
      </ul>
      {later.length > 0 && (
        <section class="later" aria-labelledby="later-title">
          <h2 id="later-title">{T('home.later.title')}</h2>
          <ul>
            {later.map((k) => (
              <li key={k}>{T(`home.later.${k}`)}</li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
