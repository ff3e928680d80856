// Hand-drawn SVG charts (a charting library would cost more than the rest of
// the app). Every chart is an <svg role="img"> with a text summary; the same
// numbers are in the tables beside it. A value the server suppressed
// (disclosure control: null) is never drawn as zero: its place is hatched.
import { FormatNumber, T } from '../i18n';

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
export const kPalette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000', '#F0E442'];

export interface Series {
  name: string;
  values: (number | null)[]; // null: suppressed
  hidden?: boolean[]; // the value is the published part of a partly suppressed sum
}

function NiceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function Hatch(p: { id: string }) {
  return (
    <defs>
      <pattern id={p.id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#ffffff" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#595959" stroke-width="3" />
      </pattern>
    </defs>
  );
}

export function StackedBars(p: { id: string; title: string; categories: string[]; series: Series[] }) {
  const width = 640;
  const height = 260;
  const left = 48;
  const bottom = 44;
  const top = 10;
  const plot_h = height - top - bottom;
  const plot_w = width - left - 8;
  const totals = p.categories.map((_, i) => p.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = NiceMax(Math.max(0, ...totals));
  const band = plot_w / Math.max(1, p.categories.length);
  const bar = Math.max(2, Math.min(36, band * 0.7));
  const label_every = Math.max(1, Math.ceil(p.categories.length / 8));
  const y = (v: number) => top + plot_h - (v / max) * plot_h;
  const hatch = `${p.id}-hatch`;
  const missing_at = (i: number) => p.series.some((s) => s.values[i] === null || s.hidden?.[i]);
  const suppressed = p.categories.some((_, i) => missing_at(i));
  const summary = T('chart.summary_bars', {
    title: p.title,
    count: p.categories.length,
    total: FormatNumber(totals.reduce((a, b) => a + b, 0)),
  });
  return (
    <figure class="chart">
      <figcaption>{p.title}</figcaption>
      <div dir="ltr" class="chart-canvas">
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary}>
          <Hatch id={hatch} />
          {[0, 0.5, 1].map((f) => (
            <g key={f}>
              <line x1={left} x2={width - 8} y1={y(max * f)} y2={y(max * f)} stroke="#d0d0d0" />
              <text x={left - 6} y={y(max * f) + 4} text-anchor="end" class="axis">
                {FormatNumber(max * f)}
              </text>
            </g>
          ))}
          {p.categories.map((c, i) => {
            let acc = 0;
            const x = left + band * i + (band - bar) / 2;
            const missing = missing_at(i);
            return (
              <g key={c}>
                {p.series.map((s, j) => {
                  const v = s.values[i] ?? 0;
                  if (v <= 0) return null;
                  const y0 = y(acc);
                  acc += v;
                  return (
                    <rect key={s.name} x={x} y={y(acc)} width={bar} height={Math.max(0, y0 - y(acc))} fill={kPalette[j % kPalette.length]}>
                      <title>{`${c} · ${s.name}: ${FormatNumber(v)}`}</title>
                    </rect>
                  );
                })}
                {missing && (
                  <rect x={x} y={y(acc) - 10} width={bar} height={10} fill={`url(#${hatch})`} stroke="#595959" class="suppressed-mark">
                    <title>{`${c}: ${T('dashboard.suppressed_legend')}`}</title>
                  </rect>
                )}
                {i % label_every === 0 && (
                  <text x={x + bar / 2} y={height - bottom + 16} text-anchor="middle" class="axis">
                    {c.length > 7 ? c.slice(5) : c}
                  </text>
                )}
              </g>
            );
          })}
          <line x1={left} x2={width - 8} y1={y(0)} y2={y(0)} stroke="#333333" />
        </svg>
      </div>
      <Legend names={p.series.map((s) => s.name)} suppressed={suppressed} hatch={hatch} />
    </figure>
  );
}

function Legend(p: { names: string[]; suppressed: boolean; hatch: string }) {
  return (
    <ul class="legend">
      {p.names.map((n, i) => (
        <li key={n}>
          <svg width="14" height="14" aria-hidden="true">
            <rect width="14" height="14" fill={kPalette[i % kPalette.length]} />
          </svg>
          <bdi>{n}</bdi>
        </li>
      ))}
      {p.suppressed && (
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <rect width="14" height="14" fill={`url(#${p.hatch})`} stroke="#595959" />
          </svg>
          {T('dashboard.suppressed_legend')}
        </li>
      )}
    </ul>
  );
}

// Horizontal bars: one row per label. With `left` values it is a pyramid
// (left side and right side share the scale), e.g. female | age band | male.
export function HorizontalBars(p: {
  id: string;
  title: string;
  labels: string[];
  right: (number | null)[];
  left?: (number | null)[];
  rightName?: string;
  leftName?: string;
}) {
  const width = 640;
  const row = 30;
  const label_w = 120;
  const height = p.labels.length * row + (p.left ? 24 : 6);
  const all = [...p.right, ...(p.left ?? [])].map((v) => v ?? 0);
  const max = NiceMax(Math.max(0, ...all));
  const hatch = `${p.id}-hatch`;
  const side = p.left ? (width - label_w) / 2 : width - label_w - 60;
  const centre_l = p.left ? side : 0;
  const centre_r = p.left ? side + label_w : label_w;
  const value_w = (v: number) => (v / max) * (side - 56);
  const summary = T('chart.summary_rows', { title: p.title, count: p.labels.length });
  const cell = (v: number | null, x0: number, dir: 1 | -1, yy: number, fill: string, name: string, label: string) => {
    if (v === null) {
      const w = 24;
      return (
        <g>
          <rect x={dir === 1 ? x0 : x0 - w} y={yy + 5} width={w} height={row - 10} fill={`url(#${hatch})`} stroke="#595959" class="suppressed-mark">
            <title>{`${label} · ${name}: ${T('dashboard.suppressed_legend')}`}</title>
          </rect>
          <text x={dir === 1 ? x0 + w + 4 : x0 - w - 4} y={yy + row / 2 + 4} text-anchor={dir === 1 ? 'start' : 'end'} class="value">
            {T('dashboard.suppressed_short')}
          </text>
        </g>
      );
    }
    const w = value_w(v);
    return (
      <g>
        <rect x={dir === 1 ? x0 : x0 - w} y={yy + 5} width={w} height={row - 10} fill={fill}>
          <title>{`${label} · ${name}: ${FormatNumber(v)}`}</title>
        </rect>
        <text x={dir === 1 ? x0 + w + 4 : x0 - w - 4} y={yy + row / 2 + 4} text-anchor={dir === 1 ? 'start' : 'end'} class="value">
          {FormatNumber(v)}
        </text>
      </g>
    );
  };
  return (
    <figure class="chart">
      <figcaption>{p.title}</figcaption>
      <div dir="ltr" class="chart-canvas">
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary}>
          <Hatch id={hatch} />
          {p.left && (
            <>
              <text x={centre_l - 4} y={14} text-anchor="end" class="axis">
                {p.leftName}
              </text>
              <text x={centre_r + 4} y={14} text-anchor="start" class="axis">
                {p.rightName}
              </text>
            </>
          )}
          {p.labels.map((label, i) => {
            const yy = (p.left ? 20 : 0) + i * row;
            return (
              <g key={label}>
                <text
                  x={p.left ? width / 2 : label_w - 8}
                  y={yy + row / 2 + 4}
                  text-anchor={p.left ? 'middle' : 'end'}
                  class="axis"
                >
                  {label}
                </text>
                {p.left && cell(p.left[i], centre_l, -1, yy, kPalette[3], p.leftName ?? '', label)}
                {cell(p.right[i], centre_r, 1, yy, p.left ? kPalette[0] : kPalette[2], p.rightName ?? '', label)}
              </g>
            );
          })}
        </svg>
      </div>
    </figure>
  );
}
