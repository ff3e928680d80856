// A date typed as text (dates.ts): YYYY-MM-DD, DD/MM/YYYY or Solar Hijri,
// in either kind of digits, with the date it was read as shown under the
// field. One component for the register, the household page, tracing and
// the status check.
import { DatePreview, ParseDateText } from '../dates';
import { T } from '../i18n';
import { TextField } from './fields';

// The error for what was typed ('' when it is a date or empty).
export function DateError(text: string, partial = false): string {
  if (ParseDateText(text, partial).valid) return '';
  return T(partial ? 'date.invalid_partial' : 'date.invalid');
}

// The ISO date for the API ('' when empty or not a date).
export function DateIso(text: string, partial = false): string {
  return ParseDateText(text, partial).iso;
}

export function DateField(p: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  partial?: boolean; // a year or a month is enough
}) {
  const parsed = ParseDateText(p.value, p.partial);
  const read = parsed.valid ? DatePreview(parsed.iso) : null;
  const preview = read ? T('date.read_as', { date: read.gregorian, hijri: read.hijri }) : '';
  return (
    <TextField
      id={p.id}
      label={p.label}
      value={p.value}
      onInput={p.onInput}
      error={p.error}
      hint={p.hint ?? T(p.partial ? 'date.hint_partial' : 'date.hint')}
      required={p.required}
      preview={preview}
      dir="ltr"
      inputMode="text"
      autocomplete="off"
    />
  );
}
