// A date typed as text (dates.ts): YYYY-MM-DD, DD/MM/YYYY or Solar Hijri,
// in either kind of digits, with the date it was read as shown under the
// field. One component for the register, the household page, tracing and
// the status check.
import { DatePreview, ParseDateText } from '../dates';
import { T } from '../i18n';
import type { BirthMode } from '../validation';
import { Options } from '../vocabulary';
import { SelectField, TextField } from './fields';

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

// How a birth is given, as a date, a year or an age, and the field for it:
// the registration's members and tracing's sought persons. `onChange` gets
// the new mode with an empty value, or the value typed.
export function BirthFields(p: {
  modeId: string;
  valueId: string;
  mode: BirthMode;
  value: string;
  error?: string;
  onChange: (change: { birth_mode?: BirthMode; birth_value: string }) => void;
}) {
  return (
    <>
      <SelectField
        id={p.modeId}
        label={T('register.birth_mode')}
        value={p.mode}
        onChange={(v) => p.onChange({ birth_mode: v as BirthMode, birth_value: '' })}
        options={Options('birth_mode', ['date', 'year', 'age'])}
      />
      {p.mode === 'date' ? (
        <DateField id={p.valueId} label={T('register.birth_date')} value={p.value} error={p.error} onInput={(v) => p.onChange({ birth_value: v })} />
      ) : (
        <TextField
          id={p.valueId}
          label={T(`register.birth_${p.mode}`)}
          inputMode="numeric"
          dir="ltr"
          value={p.value}
          error={p.error}
          onInput={(v) => p.onChange({ birth_value: v })}
        />
      )}
    </>
  );
}
