// "Sync with the hub" (GET /api/v1/sync/status), on the site settings screen
// for an administrator: whether the site syncs with a hub (`sanad serve
// --hub`), when it last did so successfully (how long ago, and the time),
// the last attempt's error, a warning when this site's clock is more than a
// minute off the hub's (its operations would then be refused past five
// minutes), and how many records are in conflict. The error is the
// server's log line, in English.
import { useState } from 'preact/hooks';
import { FormatNumber, T } from '../i18n';
import type { SyncStatus } from '../types';
import { Href } from '../router';
import { Notice } from './fields';
import { Loaded, UseLoad } from './load';

const kSkewWarningMs = 60_000;

// "3 minutes ago", in the current language (the app's own words: not
// every browser can say it in Pashto). A time ahead of this computer's
// clock (the server's runs ahead) is "just now".
function Relative(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return T('admin.sync.just_now');
  if (seconds < 3600) return T('admin.sync.minutes_ago', { n: FormatNumber(Math.floor(seconds / 60)) });
  if (seconds < 86400) return T('admin.sync.hours_ago', { n: FormatNumber(Math.floor(seconds / 3600)) });
  return T('admin.sync.days_ago', { n: FormatNumber(Math.floor(seconds / 86400)) });
}

// The date and the time of day here, "2025-09-01 08:30", kept left to right
// inside right-to-left text.
export function LocalDateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `\u2066${date} ${pad(at.getHours())}:${pad(at.getMinutes())}\u2069`;
}

function When(p: { iso: string; now: number }) {
  return (
    <>
      {Relative(p.iso, p.now)} <time dateTime={p.iso}>({LocalDateTime(p.iso)})</time>
    </>
  );
}

function Every(seconds: number): string {
  return seconds % 60 === 0
    ? T('admin.sync.every_minutes', { n: FormatNumber(seconds / 60) })
    : T('admin.sync.every_seconds', { n: FormatNumber(seconds) });
}

export function SyncPanel() {
  const [generation, set_generation] = useState(0);
  const status = UseLoad<SyncStatus>('/api/v1/sync/status', generation);
  const now = Date.now();
  return (
    <section class="panel sync-panel" aria-labelledby="sync-title">
      <h2 id="sync-title">{T('admin.sync.title')}</h2>
      <Loaded state={status}>
        {(s) => (
          <div class="sync-status" data-configured={s.configured ? '1' : '0'}>
            {!s.configured && <p class="sync-not-configured">{T('admin.sync.not_configured')}</p>}
            {s.configured && (
              <dl class="facts">
                <dt>{T('admin.sync.hub')}</dt>
                <dd dir="ltr">{s.hub}</dd>
                <dt>{T('admin.sync.site')}</dt>
                <dd dir="ltr">{s.site}</dd>
                {s.every_seconds !== null && (
                  <>
                    <dt>{T('admin.sync.how_often')}</dt>
                    <dd>{Every(s.every_seconds)}</dd>
                  </>
                )}
                <dt>{T('admin.sync.last_success')}</dt>
                <dd class="sync-last-success">
                  {s.last_success_at ? <When iso={s.last_success_at} now={now} /> : T('admin.sync.never')}
                </dd>
                {s.last_attempt_at && (
                  <>
                    <dt>{T('admin.sync.last_attempt')}</dt>
                    <dd class="sync-last-attempt">
                      <When iso={s.last_attempt_at} now={now} />
                    </dd>
                  </>
                )}
              </dl>
            )}
            {s.last_error && (
              <Notice kind="error">
                <p>{T('admin.sync.last_error')}</p>
                <p class="sync-error" lang="en" dir="ltr">
                  {s.last_error}
                </p>
              </Notice>
            )}
            {s.clock_skew_ms !== null && Math.abs(s.clock_skew_ms) > kSkewWarningMs && (
              <Notice kind="warning">
                {T(s.clock_skew_ms > 0 ? 'admin.sync.clock_ahead' : 'admin.sync.clock_behind', {
                  minutes: FormatNumber(Math.round(Math.abs(s.clock_skew_ms) / 60_000)),
                })}
              </Notice>
            )}
            <p class="sync-conflicts" data-conflicts={s.conflicts}>
              {s.conflicts === 0
                ? T('admin.sync.no_conflicts')
                : T('admin.sync.conflicts', { n: FormatNumber(s.conflicts) })}{' '}
              {s.conflicts > 0 && <a href={Href('conflicts')}>{T('admin.sync.review_conflicts')}</a>}
            </p>
            <div class="actions">
              <button type="button" onClick={() => set_generation((g) => g + 1)}>
                {T('admin.sync.refresh')}
              </button>
            </div>
          </div>
        )}
      </Loaded>
    </section>
  );
}
