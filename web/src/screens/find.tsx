// Find a person: one box for a name in either script, a phone or a document
// number. Results show enough to tell people apart (names, birth year,
// province, household) so that records are not opened needlessly: each
// opening of a person record is audited.
import { useEffect, useState } from 'preact/hooks';
import { Api, Query } from '../api';
import { Notice } from '../components/fields';
import { ErrorText } from '../errors';
import { FormatNumber, T } from '../i18n';
import { Href, Navigate } from '../router';
import type { PersonPage, PersonSummary } from '../types';

const kPageSize = 20;

export function FindPerson(p: { query: string }) {
  const [text, set_text] = useState(p.query);
  const [items, set_items] = useState<PersonSummary[]>([]);
  const [page, set_page] = useState(1);
  const [has_more, set_has_more] = useState(false);
  const [state, set_state] = useState<'idle' | 'loading' | 'done' | 'error'>('idle');
  const [error, set_error] = useState('');

  const load = async (query: string, wanted: number) => {
    set_state('loading');
    try {
      const answer = await Api<PersonPage>('GET', `/api/v1/persons${Query({ q: query, page: wanted, page_size: kPageSize })}`);
      set_items((old) => (wanted === 1 ? answer.items : [...old, ...answer.items]));
      set_page(wanted);
      set_has_more(answer.has_more);
      set_state('done');
    } catch (err) {
      set_error(ErrorText(err));
      set_state('error');
    }
  };

  useEffect(() => {
    set_text(p.query);
    if (p.query.trim()) void load(p.query.trim(), 1);
    else {
      set_items([]);
      set_state('idle');
    }
  }, [p.query]);

  const submit = (e: Event) => {
    e.preventDefault();
    const query = text.trim();
    if (!query) return;
    if (query === p.query) void load(query, 1);
    else Navigate(`${Href('find')}?q=${encodeURIComponent(query)}`);
  };

  return (
    <section aria-labelledby="find-title">
      <h1 id="find-title">{T('find.title')}</h1>
      <form class="search" role="search" onSubmit={submit}>
        <div class="field">
          <label for="q">{T('find.label')}</label>
          <p class="hint" id="q-hint">
            {T('find.hint')}
          </p>
          <div class="search-row">
            <input
              id="q"
              name="q"
              type="search"
              dir="auto"
              value={text}
              aria-describedby="q-hint"
              autocomplete="off"
              onInput={(e) => set_text((e.currentTarget as HTMLInputElement).value)}
            />
            <button type="submit" class="button-primary">
              {T('find.submit')}
            </button>
          </div>
        </div>
      </form>
      {state === 'error' && <Notice kind="error">{error}</Notice>}
      <div aria-live="polite">
        {state === 'loading' && page === 1 && <p class="loading">{T('common.loading')}</p>}
        {state === 'done' && items.length === 0 && <p>{T('find.none', { query: p.query })}</p>}
        {items.length > 0 && (
          <p class="result-count">{T(has_more ? 'find.count_more' : 'find.count', { count: FormatNumber(items.length) })}</p>
        )}
      </div>
      {items.length > 0 && (
        <ul class="results">
          {items.map((person) => (
            <li key={person.id}>
              <a class="result" href={Href('person', person.id)} data-person={person.id}>
                <span class="result-name">
                  <bdi>{person.given_name}</bdi>
                </span>
                <span class="result-detail">
                  {person.father_name && (
                    <span>
                      {T('find.father')}
                      <bdi>{person.father_name}</bdi>
                      {person.grandfather_name && (
                        <>
                          {' · '}
                          {T('find.grandfather')}
                          <bdi>{person.grandfather_name}</bdi>
                        </>
                      )}
                    </span>
                  )}
                </span>
                <span class="result-meta">
                  {person.birth_year ? <span>{T('find.born', { year: String(person.birth_year) })}</span> : null}
                  {person.sex && <span>{T(`sex.${person.sex}`)}</span>}
                  {person.province && <bdi>{person.province}</bdi>}
                  {person.household_id && <span>{T('find.household', { id: person.household_id.slice(-6) })}</span>}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {has_more && (
        <button
          type="button"
          class="button-secondary"
          disabled={state === 'loading'}
          onClick={() => void load(p.query.trim(), page + 1)}
        >
          {T('find.more')}
        </button>
      )}
    </section>
  );
}
