import { describe, expect, it } from 'vitest';
import { ApiError, errorFromResponse } from './api-error.ts';
import { readCsrfToken } from './http-client.ts';

describe('CSRF cookie', () => {
  it('reads XSRF-TOKEN among other cookies', () => {
    expect(readCsrfToken('a=1; XSRF-TOKEN=abc-_123; b=2')).toBe('abc-_123');
    expect(readCsrfToken('XSRF-TOKENX=1')).toBeUndefined();
    expect(readCsrfToken('')).toBeUndefined();
  });
});

describe('error envelope', () => {
  it('keeps status, log and field errors', () => {
    const err = errorFromResponse(
      400,
      { success: false, status: 400, log: 'Invalid request', errors: [{ field: 'name', message: 'bad' }] },
      'Bad Request',
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('[400] Invalid request');
    expect(err.fieldErrors).toEqual([{ field: 'name', message: 'bad' }]);
  });
  it('falls back to the HTTP reason for a non-envelope body', () => {
    expect(errorFromResponse(502, '<html>', 'Bad Gateway').message).toBe('[502] Bad Gateway');
  });
});
