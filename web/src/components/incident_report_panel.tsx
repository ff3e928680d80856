// The dashboard's protection panel: arrests and detentions by ISO week,
// province and documentation (GET /api/v1/reports/incidents?by=week), under
// the same disclosure control as the flow figures: a withheld cell (null)
// is shown as suppressed, never as zero. No incident is linked from here:
// analysts read the table, not the incidents.
import { useEffect, useState } from 'preact/hooks';
import { Api, Query } from '../api';
import { Notice } from './fields';
import { CellText } from './figure';
import { ErrorText } from '../errors';
import { FormatDate, T, TOr } from '../i18n';
import type { IncidentReport } from '../types';

const kFigures = ['persons', 'persons_with_valid_status', 'incidents'] as const;

export function IncidentReportPanel(p: { from: string; to: string }) {
  const [report, set_report] = useState<IncidentReport | null>(null);
  const [error, set_error] = useState('');
  const query = Query({ from: p.from, to: p.to, by: 'week', type: 'arrest,detention' });
  useEffect(() => {
    let alive = true;
    set_error('');
    Api<IncidentReport>('GET', `/api/v1/reports/incidents${query}`).then(
      (r) => alive && set_report(r),
      (err) => alive && (set_report(null), set_error(ErrorText(err))),
    );
    return () => {
      alive = false;
    };
  }, [query]);
  const rows = report?.rows ?? [];
  const k = report?.disclosure_control?.k ?? 5;
  return (
    <section class="panel incident-report" aria-labelledby="incident-report-title">
      <h2 id="incident-report-title">{T('incident_report.title')}</h2>
      <p class="hint">{T('incident_report.intro', { k })}</p>
      {error && <Notice kind="error">{error}</Notice>}
      {report && rows.length === 0 && <Notice kind="info">{T('incident_report.empty')}</Notice>}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="incident-table">
            <caption>{T('incident_report.caption', { from: FormatDate(p.from), to: FormatDate(p.to) })}</caption>
            <thead>
              <tr>
                <th scope="col">{T('incident_report.week')}</th>
                <th scope="col">{T('incident.province')}</th>
                <th scope="col">{T('incident.type')}</th>
                <th scope="col">{T('incident_report.documentation')}</th>
                {kFigures.map((f) => (
                  <th scope="col" class="number" key={f}>
                    {T(`incident_report.${f}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td>{FormatDate(r.date)}</td>
                  <td>
                    <bdi>{r.province ?? ''}</bdi>
                  </td>
                  <td>{r.type ? TOr(`incident_type.${r.type}`, r.type) : ''}</td>
                  <td>{r.documentation ? TOr(`documentation.${r.documentation}`, r.documentation) : ''}</td>
                  {kFigures.map((f) => (
                    <td key={f} class={r[f] === null ? 'number suppressed' : 'number'}>
                      {CellText(r[f])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
