// A registered person's name where a list holds only their id (case lists,
// tracing matches). Each record is read once per screen visit: the server
// audits every read, and the answer is not kept after the tab is closed.
import { useEffect, useState } from 'preact/hooks';
import { Api } from '../api';
import { T } from '../i18n';
import { Href } from '../router';
import type { PersonRecord } from '../types';

const kCache = new Map<string, Promise<PersonRecord | null>>();

export function FetchPerson(id: string): Promise<PersonRecord | null> {
  let found = kCache.get(id);
  if (!found) {
    found = Api<PersonRecord>('GET', `/api/v1/persons/${encodeURIComponent(id)}`).catch(() => {
      kCache.delete(id);
      return null;
    });
    kCache.set(id, found);
  }
  return found;
}

export function ForgetPersons(): void {
  kCache.clear();
}

export function UsePerson(id: string | null | undefined): PersonRecord | null {
  const [person, set_person] = useState<PersonRecord | null>(null);
  useEffect(() => {
    if (!id) return;
    let alive = true;
    void FetchPerson(id).then((p) => alive && set_person(p));
    return () => {
      alive = false;
    };
  }, [id]);
  return person;
}

export function NameOf(p: { given_name?: string; father_name?: string; grandfather_name?: string }): string {
  return [p.given_name, p.father_name, p.grandfather_name].filter(Boolean).join(' · ');
}

// The name, linked to the person page; "a registered person" until it loads
// (or when this role may not read it).
export function PersonLink(p: { id: string; link?: boolean }) {
  const person = UsePerson(p.id);
  const name = person ? NameOf(person) : T('case.a_person');
  if (p.link === false) return <bdi>{name}</bdi>;
  return (
    <a href={Href('person', p.id)}>
      <bdi>{name}</bdi>
    </a>
  );
}
