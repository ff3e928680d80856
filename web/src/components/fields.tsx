// Form fields with a visible label, an optional hint and an error message
// that assistive technology reads with the input (aria-describedby).
import type { ComponentChildren } from 'preact';

interface Common {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  preview?: string; // how the value was understood (a date field)
}

function Described(p: Common): string | undefined {
  const ids = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : '', p.preview ? `${p.id}-preview` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Label(p: Common) {
  return (
    <label for={p.id}>
      {p.label}
      {p.required && (
        <span class="required" aria-hidden="true">
          {' *'}
        </span>
      )}
    </label>
  );
}

function Messages(p: Common) {
  return (
    <>
      {p.preview && !p.error && (
        <p class="field-preview" id={`${p.id}-preview`}>
          {p.preview}
        </p>
      )}
      {p.error && (
        <p class="field-error" id={`${p.id}-error`}>
          {p.error}
        </p>
      )}
    </>
  );
}

export function TextField(
  p: Common & {
    value: string;
    onInput: (value: string) => void;
    type?: string;
    autocomplete?: string;
    inputMode?: 'text' | 'numeric' | 'tel' | 'search';
    placeholder?: string;
    dir?: 'auto' | 'ltr';
    min?: string;
    max?: string;
    list?: string;
  },
) {
  return (
    <div class={`field${p.error ? ' has-error' : ''}`}>
      <Label {...p} />
      {p.hint && (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      <input
        id={p.id}
        name={p.id}
        type={(p.type ?? "text") as "text"}
        value={p.value}
        dir={p.dir ?? 'auto'}
        autocomplete={p.autocomplete ?? 'off'}
        inputMode={p.inputMode}
        placeholder={p.placeholder}
        min={p.min}
        max={p.max}
        list={p.list}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={Described(p)}
        onInput={(e) => p.onInput((e.currentTarget as HTMLInputElement).value)}
      />
      <Messages {...p} />
    </div>
  );
}

export function SelectField(
  p: Common & {
    value: string;
    onChange: (value: string) => void;
    options: { value: string; label: string }[];
  },
) {
  return (
    <div class={`field${p.error ? ' has-error' : ''}`}>
      <Label {...p} />
      {p.hint && (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      <select
        id={p.id}
        name={p.id}
        value={p.value}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={Described(p)}
        onChange={(e) => p.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {p.options.map((o) => (
          <option value={o.value} key={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Messages {...p} />
    </div>
  );
}

// A group of checkboxes under one legend: consent purposes, vulnerabilities.
export function CheckboxGroup(p: {
  id: string;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  values: string[];
  onChange: (values: string[]) => void;
}) {
  return (
    <fieldset class="checkbox-group" aria-describedby={p.hint ? `${p.id}-hint` : undefined}>
      <legend>{p.legend}</legend>
      {p.hint && (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      <div class="checkboxes">
        {p.options.map((o) => {
          const id = `${p.id}-${o.value}`;
          const checked = p.values.includes(o.value);
          return (
            <div class="checkbox" key={o.value}>
              <input
                type="checkbox"
                id={id}
                name={id}
                checked={checked}
                onChange={() =>
                  p.onChange(checked ? p.values.filter((v) => v !== o.value) : [...p.values, o.value])
                }
              />
              <label for={id}>{o.label}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export function Notice(p: { kind: 'error' | 'info' | 'success' | 'warning'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${p.kind}`} role={p.kind === 'error' ? 'alert' : 'status'}>
      {p.children}
    </div>
  );
}
