// The policy engine's answer in plain language: the status, why (the
// provisions with their sources), warnings, what to do next, and the timeline.
import { FormatDate, IsolateDates, T, TextLanguage, TOr } from '../i18n';
import type { Provision, StatusAnswer } from '../types';

export function StatusLabel(status: string): string {
  return TOr(`status.value.${status}`, status.replace(/_/g, ' '));
}

export function DocumentLabel(type: string): string {
  return TOr(`document.${type}`, type.replace(/_/g, ' '));
}

function Deciding(d: StatusAnswer['deciding_document']): string {
  if (!d) return '';
  if (typeof d === 'string') return DocumentLabel(d);
  const type = d.type ? DocumentLabel(d.type) : '';
  return d.valid_until ? T('status.valid_until', { document: type, date: FormatDate(d.valid_until) }) : type;
}

// What to do next, under a heading; nothing when there is nothing to do.
// `language` is the answer's: the steps are in it.
export function NextSteps(p: { steps: string[]; heading: 'h3' | 'h4'; language?: string }) {
  if (p.steps.length === 0) return null;
  const H = p.heading;
  return (
    <>
      <H>{T('status.next_steps')}</H>
      <ol class="next-steps" {...TextLanguage(p.language)}>
        {p.steps.map((s, i) => (
          <li key={i}>
            <bdi>{IsolateDates(s)}</bdi>
          </li>
        ))}
      </ol>
    </>
  );
}

// The provisions behind an answer with their sources, under a heading.
export function Provisions(p: { provisions: Provision[]; heading: 'h3' | 'h4' }) {
  if (p.provisions.length === 0) return null;
  const H = p.heading;
  return (
    <>
      <H>{T('status.provisions')}</H>
      <ul class="provisions">
        {p.provisions.map((pr) => (
          <li key={pr.id} data-provision={pr.id}>
            <strong class="provision-title" {...TextLanguage(pr.language)}>
              {IsolateDates(pr.title)}
            </strong>
            <br />
            <span class="source">{T('status.source', { source: pr.source })}</span>
            {pr.explanation && (
              <p class="provision-explanation" {...TextLanguage(pr.language)}>
                {IsolateDates(pr.explanation)}
              </p>
            )}
            {pr.sources_differ && (
              <p class="provision-explanation" {...TextLanguage(pr.language)}>
                {T('status.sources_differ', { text: IsolateDates(pr.sources_differ) })}
              </p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

export function StatusView(p: { answer: StatusAnswer; headingLevel?: 2 | 3 }) {
  const a = p.answer;
  const H = p.headingLevel === 3 ? 'h4' : 'h3';
  return (
    <div class="status-answer" data-status={a.status}>
      <p class={`status-badge status-${a.status}`}>
        <span class="visually-hidden">{T('status.label')} </span>
        {StatusLabel(a.status)}
      </p>
      <p class="status-explained">{TOr(`status.explain.${a.status}`, '')}</p>
      {a.reason && (
        <p class="status-reason">
          <bdi>{IsolateDates(a.reason)}</bdi>
        </p>
      )}
      {a.deciding_document && <p>{T('status.deciding', { document: Deciding(a.deciding_document) })}</p>}
      {(a.missing_documents ?? []).length > 0 && (
        <p class="missing-documents">
          {T('status.missing', { documents: (a.missing_documents ?? []).map(DocumentLabel).join(T('status.list_separator')) })}
        </p>
      )}
      {a.warnings?.length > 0 && (
        <>
          <H>{T('status.warnings')}</H>
          <ul class="warnings">
            {a.warnings.map((w, i) => (
              <li key={i}>
                <bdi>{IsolateDates(w)}</bdi>
              </li>
            ))}
          </ul>
        </>
      )}
      <NextSteps steps={a.next_steps ?? []} heading={H} language={a.language} />
      <Provisions provisions={a.provisions ?? []} heading={H} />
      {a.timeline && a.timeline.length > 0 && (
        <>
          <H>{T('status.timeline')}</H>
          <ol class="timeline">
            {a.timeline.map((step, i) => (
              <li key={i} class={`status-${step.status}`}>
                <span class="timeline-dates">
                  {step.from ? FormatDate(step.from) : T('status.timeline_start')}
                  {' – '}
                  {step.to ? FormatDate(step.to) : T('status.timeline_open')}
                </span>
                <span class="timeline-status">{StatusLabel(step.status)}</span>
                {step.reason && (
                  <span class="timeline-reason">
                    <bdi>{step.reason}</bdi>
                  </span>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
