// The JSON API client. Every request goes to the sanad server that served the
// app (same origin; the CSP allows nothing else). Writes made with the session
// cookie carry the CSRF token from sign-in, kept in sessionStorage so that it
// survives a reload but not the closing of the tab.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const kCsrfKey = 'sanad_csrf';
let csrf_token = sessionStorage.getItem(kCsrfKey) ?? '';
let on_unauthorised: (() => void) | null = null;

export function SetCsrfToken(token: string): void {
  csrf_token = token;
  if (token) sessionStorage.setItem(kCsrfKey, token);
  else sessionStorage.removeItem(kCsrfKey);
}

// Called when a request other than sign-in answers 401 (the session expired).
export function OnUnauthorised(callback: () => void): void {
  on_unauthorised = callback;
}

export async function Api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return Send<T>(method, path, headers, body === undefined ? undefined : JSON.stringify(body));
}

// A multipart/form-data upload (the browser sets the boundary).
export async function Upload<T>(path: string, form: FormData): Promise<T> {
  return Send<T>('POST', path, {}, form);
}

async function Send<T>(method: string, path: string, extra: Record<string, string>, body?: BodyInit): Promise<T> {
  // The server answers in the UI's language where it has a translation.
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': document.documentElement.lang || 'en', ...extra };
  if (method !== 'GET' && csrf_token) headers['X-CSRF-Token'] = csrf_token;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', '', '');
  }
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    if (response.status === 401 && !path.startsWith('/api/v1/session') && on_unauthorised) {
      on_unauthorised();
    }
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? '',
      error?.field ?? '',
    );
  }
  return data as T;
}

export function Query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
