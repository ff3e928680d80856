// The analyst's dashboard over GET /api/v1/reports/flash: crossings by day
// per crossing point and per mode, age and sex, top destinations, and the
// table, with suppressed cells (disclosure control) visibly marked, and the
// CSV (HXL) and XLSX downloads of the same report.
import { useEffect, useState } from 'preact/hooks';
import { Api, Query } from '../api';
import { HorizontalBars, type Series, StackedBars } from '../components/charts';
import { DateError, DateField, DateIso } from '../components/date_field';
import { Notice, SelectField } from '../components/fields';
import { CellText } from '../components/figure';
import { IncidentReportPanel } from '../components/incident_report_panel';
import { ErrorText } from '../errors';
import { FormatDate, FormatPercent, T, TOr, Today } from '../i18n';
import type { Count, FlashReport, FlashRow } from '../types';

const kAgeBands = ['age_0_4', 'age_5_17', 'age_18_59', 'age_60_plus'] as const;
const kColumns = ['households', 'individuals', 'female', 'male', ...kAgeBands] as const;

function DaysAgo(days: number): string {
  const d = new Date(`${Today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function Unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

// Sums `field` over the rows matching `match`: the published part, and
// whether any matching cell was suppressed (then the sum understates).
function SumKnown(rows: FlashRow[], field: string, match: (r: FlashRow) => boolean): { total: number; hidden: boolean } {
  let total = 0;
  let hidden = false;
  for (const r of rows) {
    if (!match(r)) continue;
    const v = r[field] as Count | undefined;
    if (v === null || v === undefined) hidden = true;
    else total += v;
  }
  return { total, hidden };
}

// The sum, or null when a part of it was suppressed: a figure shown alone
// must not understate.
function Sum(rows: FlashRow[], field: string, match: (r: FlashRow) => boolean): number | null {
  const { total, hidden } = SumKnown(rows, field, match);
  return hidden ? null : total;
}

// One chart series per group: the published part of each date's sum, with
// dates where a part was suppressed marked.
function SeriesBy(rows: FlashRow[], dates: string[], name: string, match: (r: FlashRow) => boolean): Series {
  const sums = dates.map((d) => SumKnown(rows, 'individuals', (r) => r.date === d && match(r)));
  return { name, values: sums.map((x) => x.total), hidden: sums.map((x) => x.hidden) };
}

// The period shown is kept in the address (#/dashboard?from=&to=&by=), so
// a reload or a shared link shows the same figures.
function SavedPeriod(): { from: string; to: string; by: string } {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const date = (name: string, fallback: string) => DateIso(params.get(name) ?? '') || fallback;
  const by = params.get('by') ?? '';
  return { from: date('from', DaysAgo(29)), to: date('to', Today()), by: ['day', 'week', 'month'].includes(by) ? by : 'day' };
}

// A row's period as the table shows it: a day; or a week or month cut to
// the chosen range (the first week may begin before the start chosen).
function PeriodLabel(date: string, by: string, from: string, to: string): string {
  if (by === 'day') return FormatDate(date);
  const start = new Date(`${date.slice(0, 7)}${by === 'month' ? '-01' : date.slice(7, 10)}T00:00:00Z`);
  const end = new Date(start);
  if (by === 'week') end.setUTCDate(end.getUTCDate() + 6);
  else end.setUTCMonth(end.getUTCMonth() + 1, 0);
  const first = start.toISOString().slice(0, 10) < from ? from : start.toISOString().slice(0, 10);
  const last = end.toISOString().slice(0, 10) > to ? to : end.toISOString().slice(0, 10);
  return T('dashboard.period', { from: FormatDate(first), to: FormatDate(last) });
}

export function Dashboard() {
  const [initial] = useState(SavedPeriod);
  const [from_text, set_from] = useState(initial.from);
  const [to_text, set_to] = useState(initial.to);
  const [by, set_by] = useState(initial.by);
  const from = DateIso(from_text);
  const to = DateIso(to_text);
  const [report, set_report] = useState<FlashReport | null>(null);
  const [error, set_error] = useState('');
  const [loading, set_loading] = useState(false);
  const [shown, set_shown] = useState({ from, to, by });
  const range_error = DateError(from_text) || (from && to && from > to ? T('dashboard.range_error') : '');

  const load = async () => {
    if (range_error || DateError(to_text)) return;
    set_loading(true);
    set_error('');
    set_shown({ from, to, by });
    history.replaceState(null, '', `#/dashboard${Query({ from, to, by })}`);
    try {
      set_report(await Api<FlashReport>('GET', `/api/v1/reports/flash${Query({ from, to, by })}`));
    } catch (err) {
      set_report(null);
      set_error(ErrorText(err));
    } finally {
      set_loading(false);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const rows = report?.rows ?? [];
  const dates = Unique(rows.map((r) => r.date));
  // A week or month that began before the chosen start is labelled from it.
  const date_labels = dates.map((d) => (d < shown.from ? shown.from : d));
  const points = Unique(rows.map((r) => r.crossing_point));
  const modes = Unique(rows.map((r) => r.mode));
  const totals: Partial<FlashRow> = report?.totals?.total ?? report?.totals ?? {};
  const k = report?.k ?? report?.disclosure_control?.k ?? 5;
  // Registered flows by sex × age band (head counts record sex and age apart).
  const pyramid = report?.pyramid;
  const has_pyramid = pyramid !== undefined && pyramid.total !== 0;
  const destinations = (report?.totals?.by_destination ?? [])
    .filter((d) => d.destination_province && d.destination_province !== 'unknown')
    .map((d) => ({ province: String(d.destination_province), individuals: d.individuals ?? null }))
    .sort((a, b) => (b.individuals ?? -1) - (a.individuals ?? -1));
  const download = (format: string) => `/api/v1/reports/flash${Query({ from, to, by, format })}`;
  const age_labels = kAgeBands.map((b) => T(`dashboard.${b}`));
  // The server's own total by mode where it sends one (suppression already
  // applied to it), else the sum of the rows.
  const by_mode = (report?.totals as { by_mode?: Partial<FlashRow>[] } | undefined)?.by_mode;
  const deported_row = by_mode?.find((r) => r.mode === 'deported');
  const deported = deported_row ? (deported_row.individuals ?? null) : Sum(rows, 'individuals', (r) => r.mode === 'deported');
  const share = report?.deported_share;

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{T('dashboard.title')}</h1>
      <form
        class="panel filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <DateField id="from" label={T('dashboard.from')} value={from_text} onInput={set_from} error={range_error} />
        <DateField id="to" label={T('dashboard.to')} value={to_text} onInput={set_to} error={DateError(to_text)} />
        <SelectField
          id="by"
          label={T('dashboard.by')}
          value={by}
          onChange={set_by}
          options={['day', 'week', 'month'].map((v) => ({ value: v, label: T(`dashboard.by_${v}`) }))}
        />
        <div class="field field-button">
          <button type="submit" class="button-primary" disabled={loading || !!range_error}>
            {T('dashboard.show')}
          </button>
        </div>
        <div class="downloads">
          <a class="button-secondary" href={download('csv')} download>
            {T('dashboard.download_csv')}
          </a>
          <a class="button-secondary" href={download('xlsx')} download>
            {T('dashboard.download_xlsx')}
          </a>
        </div>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {loading && <p class="loading">{T('common.loading')}</p>}
      {report && (
        <>
          <p class="hint">{T('dashboard.suppression_note', { k })}</p>
          <ul class="tiles">
            {(['individuals', 'households', 'female', 'male'] as const).map((f) => (
              <li class="tile" key={f}>
                <span class="tile-value">{CellText(totals[f] as Count | undefined)}</span>
                <span class="tile-label">{T(`dashboard.${f}`)}</span>
              </li>
            ))}
            <li class="tile">
              <span class="tile-value">{CellText(deported)}</span>
              <span class="tile-label">{T('dashboard.deported')}</span>
            </li>
            {share !== undefined && (
              <li class="tile">
                <span class="tile-value">{share === null ? CellText(null) : FormatPercent(share)}</span>
                <span class="tile-label">{T('dashboard.deported_share')}</span>
              </li>
            )}
          </ul>
          {rows.length === 0 ? (
            <Notice kind="info">{T('dashboard.empty')}</Notice>
          ) : (
            <div class="charts">
              <StackedBars
                id="by-point"
                title={T('dashboard.chart_points')}
                categories={date_labels}
                series={points.map((pt) => SeriesBy(rows, dates, pt, (r) => r.crossing_point === pt))}
              />
              <StackedBars
                id="by-mode"
                title={T('dashboard.chart_modes')}
                categories={date_labels}
                series={modes.map((m) => SeriesBy(rows, dates, TOr(`mode.${m}`, m), (r) => r.mode === m))}
              />
              <HorizontalBars
                id="age-sex"
                title={T('dashboard.chart_age_sex')}
                labels={[T('dashboard.female'), T('dashboard.male'), ...age_labels]}
                right={[totals.female, totals.male, ...kAgeBands.map((b) => totals[b])].map((v) => (v === undefined ? null : (v as Count)))}
              />
              {has_pyramid && (
                <HorizontalBars
                  id="pyramid"
                  title={T('dashboard.chart_pyramid')}
                  labels={[...age_labels].reverse()}
                  left={[...pyramid.female].reverse()}
                  right={[...pyramid.male].reverse()}
                  leftName={T('dashboard.female')}
                  rightName={T('dashboard.male')}
                />
              )}
              {destinations.length > 0 ? (
                <HorizontalBars
                  id="destinations"
                  title={T('dashboard.chart_destinations')}
                  labels={destinations.slice(0, 8).map((d) => d.province)}
                  right={destinations.slice(0, 8).map((d) => d.individuals)}
                />
              ) : (
                <figure class="chart chart-missing">
                  <figcaption>{T('dashboard.chart_destinations')}</figcaption>
                  <p class="hint">{T('dashboard.no_destinations')}</p>
                </figure>
              )}
            </div>
          )}
          {rows.length > 0 && (
            <details class="table-details" open={rows.length <= 30}>
              <summary>{T(`dashboard.table_toggle_${shown.by}`, { count: rows.length })}</summary>
              <div class="table-wrap">
              <table class="flash-table">
                <caption>{T(`dashboard.table_caption_${shown.by}`, { from: FormatDate(shown.from), to: FormatDate(shown.to) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{T(shown.by === 'day' ? 'dashboard.date' : 'dashboard.period_heading')}</th>
                    <th scope="col">{T('dashboard.crossing_point')}</th>
                    <th scope="col">{T('dashboard.mode')}</th>
                    {kColumns.map((c) => (
                      <th scope="col" key={c} class="number">
                        {T(`dashboard.${c}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={i}>
                      <td>{PeriodLabel(r.date, shown.by, shown.from, shown.to)}</td>
                      <td>
                        <bdi>{r.crossing_point}</bdi>
                      </td>
                      <td>{TOr(`mode.${r.mode}`, r.mode)}</td>
                      {kColumns.map((c) => (
                        <td key={c} class={r[c] === null ? 'number suppressed' : 'number'}>
                          {CellText(r[c])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={3}>
                      {T('dashboard.total')}
                    </th>
                    {kColumns.map((c) => (
                      <td key={c} class={totals[c] === null ? 'number suppressed' : 'number'}>
                        {CellText(totals[c] as Count | undefined)}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              </table>
              </div>
            </details>
          )}
        </>
      )}
      <IncidentReportPanel from={shown.from} to={shown.to} />
    </section>
  );
}
