// Checks made while the registrar types, mirroring src/core/validation.cc so
// that most mistakes are caught before the server sees them. Each message
// says what to fix. The server validates again; its errors are shown too.
import { AsciiDigits, ParseDateText } from './dates';
import { T, Today } from './i18n';

export { AsciiDigits };

export const kPhoneExample = '0700 123 456';

export type BirthMode = 'date' | 'year' | 'age';

// The API's partial date for what was entered: "1990-05-17", "1990", or an
// estimate from an age ("1985~2"); "" for nothing entered; null when invalid.
export function BirthDate(mode: BirthMode, value: string): string | null {
  const text = AsciiDigits(value.trim());
  if (!text) return '';
  const this_year = Number(Today().slice(0, 4));
  if (mode === 'date') {
    // Typed as text in any form dates.ts reads (2025-06-30, 30/06/2025, Solar Hijri).
    const parsed = ParseDateText(text);
    return parsed.valid && /^\d{4}-\d{2}-\d{2}$/.test(parsed.iso) && parsed.iso <= Today() ? parsed.iso : null;
  }
  if (mode === 'year') {
    if (!/^\d{4}$/.test(text)) return null;
    const year = Number(text);
    return year >= 1900 && year <= this_year ? text : null;
  }
  if (!/^\d{1,3}$/.test(text)) return null;
  const age = Number(text);
  if (age > 120) return null;
  return `${this_year - age}~${age < 18 ? 1 : 2}`;
}

export function BirthError(mode: BirthMode, value: string): string {
  if (BirthDate(mode, value) !== null) return '';
  const text = AsciiDigits(value.trim());
  if (mode === 'date' && ParseDateText(text).valid) return T('validate.birth_future');
  return T(`validate.birth_${mode}`);
}

export function PhoneError(value: string): string {
  const text = AsciiDigits(value.trim());
  if (!text) return '';
  if (!/^[0-9 +\-().]+$/.test(text)) return T('validate.phone_chars');
  const digits = text.replace(/\D/g, '').length;
  if (digits < 6 || digits > 15) return T('validate.phone_digits', { example: kPhoneExample });
  return '';
}

export function NameError(value: string, required: boolean): string {
  if (required && !value.trim()) return T('validate.given_required');
  if (/[\u0000-\u001f\u007f]/.test(value)) return T('validate.control');
  // As the server (src/core/validation.cc, ValidateName): symbols and
  // pictures (emoji, flags) are not part of a name; letters, marks, ZWNJ,
  // spaces, hyphens, apostrophes and periods are.
  if (/[\p{So}\p{Sk}\p{Sm}\p{Co}\p{Cs}]/u.test(value)) return T('validate.symbol');
  if (new TextEncoder().encode(value).length > 200) return T('validate.too_long');
  return '';
}
