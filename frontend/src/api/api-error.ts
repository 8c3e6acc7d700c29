import type { FieldError } from '@jupyter-apis/contract';

/** A failed call: the envelope's `status` and `log`, plus field errors for a 400. */
export class ApiError extends Error {
  readonly status: number;
  readonly log: string;
  readonly fieldErrors: FieldError[];

  constructor(status: number, log: string, fieldErrors: FieldError[] = []) {
    super(`[${status}] ${log}`);
    this.name = 'ApiError';
    this.status = status;
    this.log = log;
    this.fieldErrors = fieldErrors;
  }
}

/** The server could not be reached at all (connection refused, DNS, offline). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

/**
 * A successful answer that is not JSON: an expired session answered by the sign-in proxy with its
 * HTML login page (directly or after a redirect).
 */
export class NotJsonError extends Error {
  readonly status: number;
  constructor(status: number, contentType: string) {
    super(`Expected JSON, got ${contentType || 'no content type'} (HTTP ${status})`);
    this.name = 'NotJsonError';
    this.status = status;
  }
}

export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** Reads an error body that may or may not be our envelope (a proxy may answer with HTML). */
export function errorFromResponse(status: number, body: unknown, fallback: string): ApiError {
  if (body && typeof body === 'object' && 'log' in body && typeof body.log === 'string') {
    const errors = 'errors' in body && Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
    return new ApiError(status, body.log, errors);
  }
  return new ApiError(status, fallback);
}
