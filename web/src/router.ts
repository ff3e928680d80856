// Hash routes (#/find?q=...): the server serves one page, so every screen is
// reachable by URL without server-side routes, and the back button works.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  path: string[]; // "#/person/abc" -> ["person", "abc"]
  params: URLSearchParams;
}

function Parse(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = hash.split('?', 2);
  return {
    path: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(query ?? ''),
  };
}

export function UseRoute(): Route {
  const [route, set_route] = useState(Parse);
  useEffect(() => {
    const update = () => set_route(Parse());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function Href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}

export function Navigate(href: string): void {
  location.hash = href.replace(/^#/, '');
}
