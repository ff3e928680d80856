import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';

type Health = 'checking' | 'ok' | 'down';

function App() {
  const [health, setHealth] = useState<Health>('checking');
  useEffect(() => {
    let alive = true;
    const poll = async () => {
      try {
        const res = await fetch('/healthz', { cache: 'no-store' });
        const body = res.ok ? await res.json() : null;
        if (alive) setHealth(body && body.status === 'ok' ? 'ok' : 'down');
      } catch {
        if (alive) setHealth('down');
      }
    };
    poll();
    const timer = setInterval(poll, 10000);
    return () => { alive = false; clearInterval(timer); };
  }, []);
  return (
    <main>
      <h1>sanad</h1>
      <p role="status" class={`health health-${health}`}>Server: {health}</p>
      <p><a href="/api/v1/docs">API documentation</a></p>
    </main>
  );
}

render(<App />, document.getElementById('app')!);
