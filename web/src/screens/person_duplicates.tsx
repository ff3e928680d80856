// A person's possible duplicates on their page, compared field by field
// (duplicate_panel.tsx), with "Same person: link" and "Not the same:
// dismiss" for registrars and caseworkers. A decided pair is not offered
// again (the server filters it); the decisions are listed with the other
// record.
import { useState } from 'preact/hooks';
import { CandidateCompare, DecisionButtons, PersonName } from '../components/duplicate_panel';
import { Loaded, UseLoad } from '../components/load';
import { T } from '../i18n';
import { Href } from '../router';
import type { Candidate, DuplicateDecision, PersonRecord } from '../types';

export function PersonDuplicates(p: { person: PersonRecord }) {
  const [generation, set_generation] = useState(0);
  const state = UseLoad<{ candidates: Candidate[]; decisions?: DuplicateDecision[] }>(
    `/api/v1/persons/${encodeURIComponent(p.person.id)}/duplicates`,
    generation,
  );
  const subject: Record<string, string | undefined> = { ...(p.person as unknown as Record<string, string | undefined>) };
  return (
    <section class="panel person-duplicates" aria-labelledby="dups-title">
      <h2 id="dups-title">{T('person.duplicates')}</h2>
      <Loaded state={state}>
        {(d) => (
          <>
            {(d.decisions ?? []).length > 0 && (
              <ul class="people decided">
                {(d.decisions ?? []).map((x) => (
                  <li key={x.candidate_id} data-decision={x.decision}>
                    {T(x.decision === 'same' ? 'person.decided_same' : 'person.decided_not_same', { by: x.by })}{' '}
                    <a href={Href('person', x.candidate_id)} dir="auto">
                      {PersonName(x.candidate ?? { given_name: x.candidate_id.slice(-6) })}
                    </a>
                  </li>
                ))}
              </ul>
            )}
            {!d.candidates?.length ? (
              <p>{T('person.no_duplicates')}</p>
            ) : (
              <div class="candidates">
                {d.candidates.map((c) => (
                  <CandidateCompare key={c.person_id} subject={subject} candidate={c} subjectLabel={T('duplicates.this_record')}>
                    <DecisionButtons personId={p.person.id} candidate={c} onDecided={() => set_generation((g) => g + 1)} />
                  </CandidateCompare>
                ))}
              </div>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
