// At a hub: persons first registered at two different sites whom the
// matching engine found alike (GET /api/v1/duplicates/cross-site), the
// likeliest first, side by side with the site of each. "Same person: link"
// and "Not the same: dismiss" record the verdict as on a person's page; the
// verdict travels to both persons' sites, and the pair leaves the list.
import { useState } from 'preact/hooks';
import { DecisionButtons, PersonName } from '../components/duplicate_panel';
import { Notice } from '../components/fields';
import { Loaded, UseLoad } from '../components/load';
import { FormatPercent, T, TOr } from '../i18n';
import { Href } from '../router';
import type { CrossSitePair, CrossSitePerson } from '../types';

function Side(p: { person: CrossSitePerson }) {
  const born = p.person.birth_year ? T('cross_site.born', { year: String(p.person.birth_year) }) : '';
  return (
    <div class="cross-site-person">
      <p class="cross-site-site">{T('cross_site.registered_at', { site: p.person.site })}</p>
      <a href={Href('person', p.person.id)} dir="auto" class="cross-site-name">
        <bdi>{PersonName(p.person)}</bdi>
      </a>
      <p>
        {[p.person.sex ? TOr(`sex.${p.person.sex}`, p.person.sex) : '', born, p.person.province ?? '']
          .filter(Boolean)
          .join(' · ')}
      </p>
    </div>
  );
}

export function CrossSiteDuplicates() {
  const [generation, set_generation] = useState(0);
  const [decided, set_decided] = useState(0);
  const state = UseLoad<{ pairs: CrossSitePair[]; total: number; scan: { waiting: number } }>(
    '/api/v1/duplicates/cross-site',
    generation,
  );
  return (
    <section class="panel cross-site" aria-labelledby="cross-site-title">
      <h1 id="cross-site-title">{T('cross_site.title')}</h1>
      <p>{T('cross_site.intro')}</p>
      {decided > 0 && <Notice kind="success">{T('cross_site.decided')}</Notice>}
      <Loaded state={state}>
        {(d) => (
          <>
            {d.scan.waiting > 0 && <p class="cross-site-waiting">{T('cross_site.waiting', { n: String(d.scan.waiting) })}</p>}
            {d.pairs.length === 0 ? (
              <p class="cross-site-none">{T('cross_site.none')}</p>
            ) : (
              <>
                {d.total > d.pairs.length && <p>{T('cross_site.more', { shown: String(d.pairs.length), total: String(d.total) })}</p>}
                <ul class="cross-site-list">
                  {d.pairs.map((pair) => (
                    <li key={`${pair.a.id}/${pair.b.id}`} class="cross-site-pair">
                      <p class="probability">{T('duplicates.probability', { value: FormatPercent(pair.match_probability) })}</p>
                      <div class="cross-site-sides">
                        <Side person={pair.a} />
                        <Side person={pair.b} />
                      </div>
                      <div class="cross-site-actions">
                        <DecisionButtons
                          personId={pair.a.id}
                          candidate={{ person_id: pair.b.id, match_probability: pair.match_probability }}
                          onDecided={() => {
                            set_decided((n) => n + 1);
                            set_generation((g) => g + 1);
                          }}
                        />
                      </div>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
