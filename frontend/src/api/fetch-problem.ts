import { ApiError, NetworkError, NotJsonError } from './api-error.ts';

/** What a failed fetch means for the user; pages pick their state and wording from it. */
export type FetchProblem =
  | { kind: 'signedOut' }
  | { kind: 'sessionExpired' }
  | { kind: 'forbidden'; log: string }
  | { kind: 'notFound'; log: string }
  | { kind: 'unreachable' }
  | { kind: 'offline' }
  | { kind: 'failed'; message: string };

export function fetchProblem(err: unknown): FetchProblem {
  if (err instanceof NotJsonError) return { kind: 'sessionExpired' };
  if (err instanceof NetworkError) return { kind: 'offline' };
  if (err instanceof ApiError) {
    if (err.status === 401) return { kind: 'signedOut' };
    if (err.status === 403) return { kind: 'forbidden', log: err.log };
    if (err.status === 404) return { kind: 'notFound', log: err.log };
    if (err.status === 503 || err.status === 504) return { kind: 'unreachable' };
  }
  return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
}
