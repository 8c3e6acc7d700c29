import { errorFromResponse, isAbortError, NetworkError, NotJsonError } from './api-error.ts';
import { seenVersions } from './seen-versions.ts';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The XSRF-TOKEN cookie the server sets on the SPA index (double-submit CSRF, api.md §1.5). */
export function readCsrfToken(cookie: string): string | undefined {
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'XSRF-TOKEN') return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls a path RELATIVE to `<base href>` (`api/...`), so the app works under APP_PREFIX. Answers the
 * parsed JSON body; throws ApiError with the envelope's status and log otherwise.
 */
export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...seenVersions.headersFor(path) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (MUTATING.has(method)) {
    const token = readCsrfToken(document.cookie);
    if (token) headers['x-xsrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new NetworkError(err);
  }
  seenVersions.remember(path, response.headers);
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  const json = /\bjson\b/i.test(contentType);
  let body: unknown;
  try {
    body = text && json ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok && !json) throw new NotJsonError(response.status, contentType.split(';')[0]!);
  if (!response.ok || (body && typeof body === 'object' && 'success' in body && body.success === false)) {
    throw errorFromResponse(response.status, body, response.statusText || 'Request failed');
  }
  return body as T;
}
