// The administrator's screens share one page frame: the screen's title, a
// row of tabs to the other administration screens the role may open, and a
// short introduction. The main navigation has one "Administration" entry
// (nav.ts) that opens the first of them.
import type { ComponentChildren, RefObject } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { Notice } from '../components/fields';
import { ErrorText } from '../errors';
import { T } from '../i18n';
import { Href } from '../router';
import type { Permission, Session } from '../types';

export type AdminKey = 'users' | 'exports' | 'audit' | 'settings' | 'crossings' | 'organisations' | 'policy';

export const kAdminScreens: { key: AdminKey; permission: Permission }[] = [
  { key: 'users', permission: 'user.admin' },
  { key: 'exports', permission: 'export.persons' },
  { key: 'audit', permission: 'audit.read' },
  { key: 'settings', permission: 'site.settings' },
  { key: 'crossings', permission: 'site.settings' },
  { key: 'organisations', permission: 'organisation.admin' },
  { key: 'policy', permission: 'user.admin' },
];

export function AdminPage(p: { session: Session; current: AdminKey; children: ComponentChildren }) {
  const tabs = kAdminScreens.filter((s) => p.session.permissions.includes(s.permission));
  return (
    <section aria-labelledby={`admin-${p.current}-title`} class={`admin admin-${p.current}`}>
      <h1 id={`admin-${p.current}-title`}>{T(`admin.${p.current}.title`)}</h1>
      {tabs.length > 1 && (
        <nav class="admin-tabs" aria-label={T('admin.tabs')}>
          <ul>
            {tabs.map((s) => (
              <li key={s.key}>
                <a href={Href(`admin_${s.key}`)} aria-current={s.key === p.current ? 'page' : undefined}>
                  {T(`admin.${s.key}.tab`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <p class="lead">{T(`admin.${p.current}.intro`)}</p>
      {p.children}
    </section>
  );
}

// How many bytes, in words a person reads ("2.4 MB").
export function FormatBytes(bytes: number): string {
  if (bytes < 1024) return T('admin.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return T('admin.kilobytes', { n: Math.round(bytes / 102.4) / 10 });
  return T('admin.megabytes', { n: Math.round(bytes / (1024 * 102.4)) / 10 });
}

// One action of an administration screen: `busy` while it runs, its error in
// words, and the outcome region, which takes focus when the action ends so a
// screen reader says what happened. `Run(work)` clears the last error, runs
// `work` and turns a failure into `error`.
export function UseAction() {
  const [busy, set_busy] = useState(false);
  const [error, set_error] = useState('');
  const outcome = useRef<HTMLDivElement>(null);
  const Run = async (work: () => Promise<void>) => {
    set_error('');
    set_busy(true);
    try {
      await work();
    } catch (err) {
      set_error(ErrorText(err));
    } finally {
      set_busy(false);
      requestAnimationFrame(() => outcome.current?.focus());
    }
  };
  return { busy, error, set_error, outcome, Run };
}

// Where an action's result is said: what it did, or its error. The region
// `UseAction` focuses when the action ends.
export function ActionOutcome(p: { outcome: RefObject<HTMLDivElement | null>; success: string; error: string }) {
  return (
    <div ref={p.outcome} tabIndex={-1} class="outcome" aria-live="polite">
      {p.success && <Notice kind="success">{p.success}</Notice>}
      {p.error && <Notice kind="error">{p.error}</Notice>}
    </div>
  );
}
