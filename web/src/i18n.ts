// Translations: every string the app shows comes from src/i18n/<lang>.json.
// A key missing from a language falls back to English (and a key missing from
// English shows the key itself, which the e2e suite would catch in a
// screenshot). Pashto, Dari and Urdu are written right to left: switching to
// them sets dir="rtl" on <html>, and the CSS uses logical properties
// (margin-inline-start, ...) so the layout mirrors.

import en from './i18n/en.json';
import fa_af from './i18n/fa-AF.json';
import ps from './i18n/ps.json';
import ur from './i18n/ur.json';

type Messages = Record<string, string>;

export interface Language {
  code: string;
  name: string; // in the language itself
  dir: 'ltr' | 'rtl';
}

export const kLanguages: Language[] = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'ps', name: 'پښتو', dir: 'rtl' },
  { code: 'fa-AF', name: 'دری', dir: 'rtl' },
  { code: 'ur', name: 'اردو', dir: 'rtl' },
];

const kMessages: Record<string, Messages> = { en, ps, 'fa-AF': fa_af, ur };
const kLanguageKey = 'sanad_language';
const kCalendarKey = 'sanad_solar_hijri';

let current: Language = kLanguages[0];
let solar_hijri = false;

export function CurrentLanguage(): Language {
  return current;
}

export function InitialLanguage(): string {
  const saved = localStorage.getItem(kLanguageKey);
  if (saved && kMessages[saved]) return saved;
  for (const wanted of navigator.languages ?? []) {
    const match = kLanguages.find((l) => wanted === l.code || wanted.split('-')[0] === l.code.split('-')[0]);
    if (match) return match.code;
  }
  return 'en';
}

export function SetLanguage(code: string): void {
  current = kLanguages.find((l) => l.code === code) ?? kLanguages[0];
  localStorage.setItem(kLanguageKey, current.code);
  document.documentElement.lang = current.code;
  document.documentElement.dir = current.dir;
  document.title = T('app.name');
}

export function InitialSolarHijri(): boolean {
  return localStorage.getItem(kCalendarKey) === '1';
}

export function SetSolarHijri(on: boolean): void {
  solar_hijri = on;
  localStorage.setItem(kCalendarKey, on ? '1' : '0');
}

// Returns the message for `key` in the current language with {name}
// placeholders replaced from `params`. Each text value is wrapped in
// Unicode isolates (FSI ... PDI) so that a Latin name or a date inside a
// right-to-left sentence keeps its own order.
export function T(key: string, params?: Record<string, string | number>): string {
  let text = kMessages[current.code][key] ?? (en as Messages)[key] ?? key;
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? Isolated(params[name]) : whole,
    );
  }
  return text;
}

// Like T, but returns `fallback` (not the key) when no language has the key:
// for values that come from the server (a status, a document type) which the
// translation files may not know yet.
export function TOr(key: string, fallback: string): string {
  const text = kMessages[current.code][key] ?? (en as Messages)[key];
  return text ?? fallback;
}

// Numbers need no isolation (digits keep their order in any direction).
function Isolated(value: string | number): string {
  return typeof value === 'number' ? FormatNumber(value) : `\u2068${value}\u2069`;
}

// lang and dir for text that came from the server in `language` (the
// policy engine's answers say which language their texts are in): English
// inside a Pashto page is marked so, and a screen reader reads each in its
// own voice.
export function TextLanguage(language: string | undefined): { lang: string; dir: 'ltr' | 'rtl' } {
  const code = language || 'en';
  return { lang: code, dir: kLanguages.find((l) => l.code === code)?.dir ?? 'ltr' };
}

// A text from the server with each ISO date or year range ("2024-06-30",
// "2023-11", "2021-22") and each cited provision id ("[por-extension-2024]")
// in a left-to-right isolate, as FormatDate does: inside Dari or Pashto text
// the bidi algorithm would otherwise show 2024-06-30 as 30-06-2024.
export function IsolateDates(text: string): string {
  return text.replace(/\[[a-z0-9-]+\]|\d{4}-\d{2}(?:-\d{2})?/g, (latin) => `\u2066${latin}\u2069`);
}

export function FormatNumber(value: number): string {
  return new Intl.NumberFormat(current.code).format(value);
}

export function FormatPercent(probability: number): string {
  return new Intl.NumberFormat(current.code, { style: 'percent', maximumFractionDigits: 0 }).format(probability);
}

// Formats an ISO date as the API sends it: a full date "2025-04-03", a
// partial one ("2025-04", "1986", "1986~5"), or a timestamp. Gregorian dates
// are written in ISO form (unambiguous across the four languages); with the
// Solar Hijri calendar on, full dates also show their Solar Hijri form.
export function FormatDate(iso: string | undefined | null): string {
  if (!iso) return '';
  const estimate = /^(\d{4})~(\d+)$/.exec(iso);
  if (estimate) return T('date.estimate', { year: estimate[1], years: estimate[2] });
  // A month ("2023-11") keeps its order in right-to-left text too.
  if (/^\d{4}-\d{2}$/.test(iso)) return `\u2066${iso}\u2069`;
  const full = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!full) return iso;
  // Left-to-right isolate: an ISO date must not be reordered in Pashto text.
  const gregorian = `\u2066${full[1]}-${full[2]}-${full[3]}\u2069`;
  if (!solar_hijri) return gregorian;
  const date = new Date(Date.UTC(Number(full[1]), Number(full[2]) - 1, Number(full[3])));
  const hijri = new Intl.DateTimeFormat(`${current.code}-u-ca-persian`, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(date);
  return `${gregorian} (${hijri})`;
}

export function Today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
