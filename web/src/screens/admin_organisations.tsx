// The organisations cases are referred to (GET/POST /api/v1/organisations),
// with the services each offers: a referral can only go to an organisation
// that offers its service. What `sanad org add` does on the server.
import { useState } from 'preact/hooks';
import { Api } from '../api';
import { CheckboxGroup, TextField } from '../components/fields';
import { Loaded, UseLoad } from '../components/load';
import { T, TOr } from '../i18n';
import type { Organisation, Session } from '../types';
import { kServiceTypes, Options } from '../vocabulary';
import { ActionOutcome, AdminPage, UseAction } from './admin_tabs';

export function AdminOrganisations(p: { session: Session }) {
  const [generation, set_generation] = useState(0);
  const organisations = UseLoad<{ items: Organisation[] }>('/api/v1/organisations', generation);
  const [name, set_name] = useState('');
  const [services, set_services] = useState<string[]>([]);
  const [errors, set_errors] = useState<Record<string, string>>({});
  const { busy, error, set_error, outcome, Run } = UseAction();
  const [added, set_added] = useState('');

  const add = async (e: Event) => {
    e.preventDefault();
    set_error('');
    set_added('');
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = T('admin.organisations.name_required');
    if (services.length === 0) found.services = T('admin.organisations.services_required');
    set_errors(found);
    if (Object.keys(found).length > 0) return;
    await Run(async () => {
      const made = await Api<Organisation>('POST', '/api/v1/organisations', { name: name.trim(), services });
      set_added(T('admin.organisations.added', { name: made.name }));
      set_name('');
      set_services([]);
      set_generation((g) => g + 1);
    });
  };

  return (
    <AdminPage session={p.session} current="organisations">
      <Loaded state={organisations}>
        {(list) =>
          list.items.length === 0 ? (
            <p>{T('admin.organisations.none')}</p>
          ) : (
            <ul class="results organisations">
              {list.items.map((o) => (
                <li key={o.id} class="panel organisation">
                  <p class="result-name">
                    <bdi>{o.name}</bdi>
                  </p>
                  <p class="result-meta">{o.services.map((s) => TOr(`service.${s}`, s)).join('، ')}</p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <form class="panel" onSubmit={add} noValidate aria-labelledby="organisation-add-title">
        <h2 id="organisation-add-title">{T('admin.organisations.add_title')}</h2>
        <TextField id="organisation-name" label={T('admin.organisations.name')} value={name} onInput={set_name} error={errors.name} required />
        <CheckboxGroup
          id="organisation-services"
          legend={T('admin.organisations.services')}
          options={Options('service', kServiceTypes)}
          values={services}
          onChange={set_services}
        />
        {errors.services && (
          <p class="field-error" id="organisation-services-error">
            {errors.services}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="button-primary" disabled={busy}>
            {T('admin.organisations.add')}
          </button>
        </div>
      </form>
      <ActionOutcome outcome={outcome} success={added} error={error} />
    </AdminPage>
  );
}
