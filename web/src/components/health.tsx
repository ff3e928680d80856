// Polls GET /healthz so the user sees at once when the site's server is
// unreachable (a dropped Wi-Fi link is common at reception centres).
import { useEffect, useState } from 'preact/hooks';
import { T } from '../i18n';

type Health = 'checking' | 'ok' | 'down';

export function HealthIndicator() {
  const [health, set_health] = useState<Health>('checking');
  const [version, set_version] = useState('');
  useEffect(() => {
    let alive = true;
    const poll = async () => {
      try {
        const response = await fetch('/healthz', { cache: 'no-store' });
        const body = response.ok ? await response.json() : null;
        if (!alive) return;
        set_health(body && body.status === 'ok' ? 'ok' : 'down');
        set_version(body?.version ?? '');
      } catch {
        if (alive) set_health('down');
      }
    };
    void poll();
    const timer = window.setInterval(poll, 15000);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, []);
  return (
    <p class={`health health-${health}`} role="status" data-health={health}>
      <span class="health-dot" aria-hidden="true" />
      {T(`health.${health}`)}
      {version && <span class="health-version">{` · ${T('health.version', { version })}`}</span>}
    </p>
  );
}
