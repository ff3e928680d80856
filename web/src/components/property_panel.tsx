// Property left behind (HLP) by a registered household, on the person page,
// for counsellors and administrators (property.records): the household's
// records (each read audited by the server), a form to add one, evidence
// uploads (JPEG, PNG or PDF, at most 10 MiB, checked again by the server from
// the bytes) and downloads. Never listed anywhere else, never exported.
import { useEffect, useState } from 'preact/hooks';
import { Api, ApiError, Upload } from '../api';
import { Notice, SelectField, TextField } from './fields';
import { ErrorText } from '../errors';
import { FormatDate, FormatNumber, T, TOr } from '../i18n';
import type { EvidenceFile, PropertyRecord } from '../types';
import {
  kClaimStatuses,
  kCurrencies,
  kEvidenceTypes,
  kPakistanProvinces,
  kPropertyKinds,
  kPropertyLosses,
  kTenures,
  Options,
} from '../vocabulary';

const kMaxFileBytes = 10 * 1024 * 1024;
const kAccepted = ['image/jpeg', 'image/png', 'application/pdf'];

function Failure(err: unknown): string {
  const field = err instanceof ApiError && err.field ? ` (${err.field})` : '';
  if (err instanceof ApiError && err.status === 413) return T('property.too_large');
  if (err instanceof ApiError && err.status === 415) return T('property.wrong_kind');
  return ErrorText(err) + field;
}

function EvidenceUpload(p: { property: PropertyRecord; onAdded: (e: EvidenceFile) => void }) {
  const id = `evidence-${p.property.id}`;
  const [type, set_type] = useState('photo');
  const [file, set_file] = useState<File | null>(null);
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);
  const local_error = !file
    ? ''
    : file.size > kMaxFileBytes
      ? T('property.too_large')
      : !kAccepted.includes(file.type)
        ? T('property.wrong_kind')
        : '';
  const send = async (e: Event) => {
    e.preventDefault();
    const form_element = e.currentTarget as HTMLFormElement;
    if (!file || local_error) return;
    set_busy(true);
    set_error('');
    try {
      const form = new FormData();
      form.append('type', type);
      form.append('file', file, file.name);
      p.onAdded(await Upload<EvidenceFile>(`/api/v1/properties/${encodeURIComponent(p.property.id)}/evidence`, form));
      set_file(null);
      form_element.reset();
    } catch (err) {
      set_error(Failure(err));
    } finally {
      set_busy(false);
    }
  };
  return (
    <form class="evidence-upload" onSubmit={send} noValidate>
      <SelectField id={`${id}-type`} label={T('property.evidence_type')} value={type} onChange={set_type} options={Options('evidence_type', kEvidenceTypes)} />
      <div class={`field${local_error ? ' has-error' : ''}`}>
        <span class="file-title">{T('property.file')}</span>
        <p class="hint" id={`${id}-file-hint`}>
          {T('property.file_hint')}
        </p>
        {/* The browser's own file button speaks the browser's language: this
            one, the label of a hidden input, speaks the app's. */}
        <div class="file-choice">
          <input
            id={`${id}-file`}
            class="file-input"
            type="file"
            accept="image/jpeg,image/png,application/pdf"
            aria-describedby={`${id}-file-hint`}
            onChange={(e) => set_file((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
          />
          <label for={`${id}-file`} class="button-secondary">
            {T('property.choose_file')}
          </label>
          <span class="file-name" aria-live="polite">
            {file ? <bdi>{file.name}</bdi> : T('property.no_file')}
          </span>
        </div>
        {local_error && <p class="field-error">{local_error}</p>}
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" class="button-secondary" disabled={busy || !file || !!local_error}>
        {busy ? T('common.loading') : T('property.upload')}
      </button>
    </form>
  );
}

function PropertyCard(p: { property: PropertyRecord; onChange: (r: PropertyRecord) => void }) {
  const r = p.property;
  const where = [r.district, r.province].filter(Boolean).join(', ');
  return (
    <li class="property" data-property={r.id}>
      <h3>
        {TOr(`property_kind.${r.kind}`, r.kind)} · {TOr(`loss.${r.what_happened}`, r.what_happened)}
        {r.date && ` · ${FormatDate(r.date)}`}
      </h3>
      <dl class="facts">
        {where && (
          <div class="fact">
            <dt>{T('property.where')}</dt>
            <dd>
              <bdi>{where}</bdi>
            </dd>
          </div>
        )}
        {r.address && (
          <div class="fact">
            <dt>{T('property.address')}</dt>
            <dd>
              <bdi>{r.address}</bdi>
            </dd>
          </div>
        )}
        {r.tenure && (
          <div class="fact">
            <dt>{T('property.tenure')}</dt>
            <dd>{TOr(`tenure.${r.tenure}`, r.tenure)}</dd>
          </div>
        )}
        {r.estimated_value !== null && (
          <div class="fact">
            <dt>{T('property.value')}</dt>
            <dd>
              {FormatNumber(r.estimated_value)} {r.currency}
            </dd>
          </div>
        )}
        <div class="fact">
          <dt>{T('property.claim_status')}</dt>
          <dd>{TOr(`claim_status.${r.claim_status}`, r.claim_status)}</dd>
        </div>
      </dl>
      <h4>{T('property.evidence')}</h4>
      {r.evidence.length === 0 ? (
        <p class="hint">{T('property.no_evidence')}</p>
      ) : (
        <ul class="evidence-list">
          {r.evidence.map((e) => (
            <li key={e.id}>
              <a href={`/api/v1/properties/${encodeURIComponent(r.id)}/evidence/${encodeURIComponent(e.id)}`} download>
                {TOr(`evidence_type.${e.type}`, e.type)}
              </a>{' '}
              <span class="hint">
                ({e.content_type === 'application/pdf' ? 'PDF' : e.content_type === 'image/png' ? 'PNG' : 'JPEG'},{' '}
                {T('property.size_kib', { size: FormatNumber(Math.ceil(e.size / 1024)) })})
              </span>
            </li>
          ))}
        </ul>
      )}
      <EvidenceUpload property={r} onAdded={(e) => p.onChange({ ...r, evidence: [...r.evidence, e] })} />
    </li>
  );
}

function AddProperty(p: { householdId: string; claimant: string; onAdded: (r: PropertyRecord) => void }) {
  const [kind, set_kind] = useState('house');
  const [province, set_province] = useState('');
  const [district, set_district] = useState('');
  const [address, set_address] = useState('');
  const [tenure, set_tenure] = useState('');
  const [loss, set_loss] = useState('left_behind');
  const [date, set_date] = useState('');
  const [value, set_value] = useState('');
  const [currency, set_currency] = useState('');
  const [claim_status, set_claim_status] = useState('documented');
  const [claimant, set_claimant] = useState(true);
  const [error, set_error] = useState('');
  const [busy, set_busy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    set_busy(true);
    set_error('');
    const body: Record<string, unknown> = { kind, province, district, address, what_happened: loss, claim_status };
    if (tenure) body.tenure = tenure;
    if (date) body.date = date;
    if (/^\d+$/.test(value.trim())) body.estimated_value = Number(value.trim());
    if (currency) body.currency = currency;
    if (claimant) body.claimants = [p.claimant];
    try {
      p.onAdded(await Api<PropertyRecord>('POST', `/api/v1/households/${encodeURIComponent(p.householdId)}/properties`, body));
    } catch (err) {
      set_error(Failure(err));
    } finally {
      set_busy(false);
    }
  };
  const choose = { value: '', label: T('common.choose') };
  return (
    <details class="add-property">
      <summary>{T('property.add')}</summary>
      <form onSubmit={submit} noValidate>
        <div class="grid">
          <SelectField id="property-kind" label={T('property.kind')} value={kind} onChange={set_kind} options={Options('property_kind', kPropertyKinds)} />
          <SelectField id="property-loss" label={T('property.what_happened')} value={loss} onChange={set_loss} options={Options('loss', kPropertyLosses)} />
          <TextField id="property-date" label={T('property.when')} hint={T('incident.date_hint')} dir="ltr" value={date} onInput={set_date} />
          <TextField id="property-province" label={T('incident.province')} list="property-provinces" value={province} onInput={set_province} />
          <datalist id="property-provinces">
            {kPakistanProvinces.map((v) => (
              <option value={v} key={v} />
            ))}
          </datalist>
          <TextField id="property-district" label={T('incident.district')} value={district} onInput={set_district} />
          <TextField id="property-address" label={T('property.address')} hint={T('property.address_hint')} value={address} onInput={set_address} />
          <SelectField id="property-tenure" label={T('property.tenure')} value={tenure} onChange={set_tenure} options={[choose, ...Options('tenure', kTenures)]} />
          <TextField id="property-value" label={T('property.value')} inputMode="numeric" dir="ltr" value={value} onInput={set_value} />
          <SelectField
            id="property-currency"
            label={T('incident.currency')}
            value={currency}
            onChange={set_currency}
            options={[choose, ...kCurrencies.map((c) => ({ value: c, label: TOr(`currency.${c}`, c) }))]}
          />
          <SelectField id="property-claim" label={T('property.claim_status')} value={claim_status} onChange={set_claim_status} options={Options('claim_status', kClaimStatuses)} />
        </div>
        <div class="checkbox">
          <input type="checkbox" id="property-claimant" checked={claimant} onChange={() => set_claimant(!claimant)} />
          <label for="property-claimant">{T('property.claimant')}</label>
        </div>
        {error && <Notice kind="error">{error}</Notice>}
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? T('common.loading') : T('property.save')}
        </button>
      </form>
    </details>
  );
}

export function PropertyPanel(p: { householdId: string; personId: string }) {
  const [items, set_items] = useState<PropertyRecord[] | null>(null);
  const [error, set_error] = useState('');
  useEffect(() => {
    let alive = true;
    Api<{ items: PropertyRecord[] }>('GET', `/api/v1/households/${encodeURIComponent(p.householdId)}/properties`).then(
      (answer) => alive && set_items(answer.items),
      (err) => alive && set_error(ErrorText(err)),
    );
    return () => {
      alive = false;
    };
  }, [p.householdId]);
  const replace = (r: PropertyRecord) => set_items((old) => (old ?? []).map((x) => (x.id === r.id ? r : x)));
  return (
    <section class="panel property-panel" aria-labelledby="property-title">
      <h2 id="property-title">{T('property.title')}</h2>
      <p class="hint">{T('property.intro')}</p>
      {error && <Notice kind="error">{error}</Notice>}
      {!items && !error && <p class="loading">{T('common.loading')}</p>}
      {items && items.length === 0 && <p>{T('property.none')}</p>}
      {items && items.length > 0 && (
        <ul class="property-list">
          {items.map((r) => (
            <PropertyCard key={r.id} property={r} onChange={replace} />
          ))}
        </ul>
      )}
      <AddProperty householdId={p.householdId} claimant={p.personId} onAdded={(r) => set_items((old) => [...(old ?? []), r])} />
    </section>
  );
}
