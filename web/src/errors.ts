import { ApiError } from './api';
import { T } from './i18n';

// A message a field officer can act on, in the current language where the
// app knows the situation, else the server's own message.
export function ErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.status) {
      case 0:
        return T('error.network');
      case 401:
        return T('error.unauthorised');
      case 403:
        return T('error.forbidden');
      case 404:
        return error.message || T('error.not_found');
      case 409:
        return T('error.conflict');
      case 429:
        return T('error.throttled');
      default:
        return error.message || T('error.generic', { status: error.status });
    }
  }
  return T('error.generic', { status: '?' });
}
