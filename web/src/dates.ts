// Dates typed as text. A browser's date input shows the browser's locale,
// not the app's, and typing "30062025" into it gave "62025-03-01"; so every
// date is a text field that accepts what people write:
//   2025-06-30, 2025/06/30        year first (Gregorian)
//   30/06/2025, 30-06-2025, 30.06.2025, 30062025   day first (Gregorian)
//   1404/04/09, 09/04/1404        a year before 1700 is Solar Hijri
// in Western or Eastern Arabic-Indic digits. With `partial`, a year
// ("2021") or a month ("2021-05", "05/2021") is a date too (when a
// document was issued). The API always receives ISO (YYYY-MM-DD).
import { CurrentLanguage } from './i18n';

export interface ParsedDate {
  iso: string; // YYYY-MM-DD, YYYY-MM or YYYY; '' when nothing was typed
  valid: boolean; // false: typed, but not a date
  solar_hijri: boolean; // typed in the Solar Hijri calendar
}

// Eastern Arabic-Indic (٠-٩) and Persian (۰-۹) digits as ASCII digits.
export function AsciiDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

const kEmpty: ParsedDate = { iso: '', valid: true, solar_hijri: false };
const kInvalid: ParsedDate = { iso: '', valid: false, solar_hijri: false };
// A year before this is a Solar Hijri year (1404 SH is 2025).
const kFirstGregorianYear = 1700;

function Pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function GregorianIso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${Pad(year, 4)}-${Pad(month)}-${Pad(day)}`;
}

const kPersianParts = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  timeZone: 'UTC',
});

// The Solar Hijri year, month and day of a UTC day (from the browser's ICU,
// the calendar FormatDate shows).
function SolarHijriOf(ms: number): [number, number, number] {
  const parts = kPersianParts.formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value.replace(/\D/g, '') ?? NaN);
  return [get('year'), get('month'), get('day')];
}

// The Gregorian ISO date of a Solar Hijri date, or null when there is no
// such day (1404/12/30 in a year that is not leap). Nowruz falls on 20 or
// 21 March of year + 621; the search looks a few days either side of the
// estimate.
export function SolarHijriToIso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > (month <= 6 ? 31 : 30)) return null;
  const kDay = 86400000;
  const estimate = Date.UTC(year + 621, 2, 21) + ((month - 1) * 31 - Math.max(0, month - 7) + (day - 1)) * kDay;
  for (let offset = -6; offset <= 6; offset++) {
    const ms = estimate + offset * kDay;
    const [y, m, d] = SolarHijriOf(ms);
    if (y === year && m === month && d === day) return new Date(ms).toISOString().slice(0, 10);
  }
  return null;
}

function FullDate(year: number, month: number, day: number): ParsedDate {
  if (year < kFirstGregorianYear) {
    const iso = SolarHijriToIso(year, month, day);
    return iso ? { iso, valid: true, solar_hijri: true } : kInvalid;
  }
  const iso = GregorianIso(year, month, day);
  return iso ? { iso, valid: true, solar_hijri: false } : kInvalid;
}

export function ParseDateText(text: string, partial = false): ParsedDate {
  const t = AsciiDigits(text.trim()).replace(/[\u200e\u200f\u2066-\u2069]/g, '');
  if (!t) return kEmpty;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (m) return FullDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  if (m) return FullDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{2})(\d{2})(\d{4})$/.exec(t);
  if (m && Number(m[3]) >= kFirstGregorianYear) return FullDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return FullDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (partial) {
    const year_ok = (y: number) => y >= 1900 && y <= 2100;
    m = /^(\d{4})$/.exec(t);
    if (m && year_ok(Number(m[1]))) return { iso: m[1], valid: true, solar_hijri: false };
    const month_first = /^(\d{1,2})[-/.](\d{4})$/.exec(t);
    const year_first = /^(\d{4})[-/.](\d{1,2})$/.exec(t);
    const [y, mo] = year_first ? [Number(year_first[1]), Number(year_first[2])] : month_first ? [Number(month_first[2]), Number(month_first[1])] : [0, 0];
    if (year_ok(y) && mo >= 1 && mo <= 12) return { iso: `${y}-${Pad(mo)}`, valid: true, solar_hijri: false };
  }
  return kInvalid;
}

// How the field reads a full date back, so the person can see it was
// understood: the Gregorian date in the UI's language and the Solar Hijri
// date in figures (some browsers lack Pashto's calendar names).
export function DatePreview(iso: string): { gregorian: string; hijri: string } | null {
  const full = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!full) return null;
  const ms = Date.UTC(Number(full[1]), Number(full[2]) - 1, Number(full[3]));
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
  const gregorian = new Intl.DateTimeFormat(`${CurrentLanguage().code}-u-ca-gregory`, options).format(new Date(ms));
  const [y, m, d] = SolarHijriOf(ms);
  return { gregorian, hijri: `${y}/${Pad(m)}/${Pad(d)}` };
}
