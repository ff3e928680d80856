// How the matching engine's field-by-field evidence reads to a field
// officer: "same name, other script", "sounds alike", "differs". The
// duplicate panel of the register and the matches of a tracing request
// show it the same way.
import { T } from '../i18n';
import type { Evidence } from '../types';

// The engine names its levels as it computes them ("spelling", "jw>=0.92",
// "3 years"); a key keeps letters and digits ("evidence.jw_0_92").
export function TLevel(level: string): string {
  const key = `evidence.${level.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '')}`;
  const text = T(key);
  return text === key ? level.replace(/_/g, ' ') : text;
}

export function EvidenceLevel(p: { evidence?: Evidence }) {
  if (!p.evidence) return <>—</>;
  return <span class={`level level-${p.evidence.level}`}>{TLevel(p.evidence.level)}</span>;
}
