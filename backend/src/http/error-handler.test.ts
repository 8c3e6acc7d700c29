import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { kubeErrorFromResponse } from '../k8s/kube-error.ts';
import { mapError, scrubCredentials } from './error-handler.ts';

describe('scrubCredentials', () => {
  it('hides bearer and basic credentials and JWTs, keeping the rest', () => {
    expect(scrubCredentials('request had Authorization: Bearer abc.def-ghi, then failed')).toBe(
      'request had Authorization: Bearer [redacted], then failed',
    );
    expect(scrubCredentials('basic dXNlcjpwYXNz')).toBe('basic [redacted]');
    expect(scrubCredentials('token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl end')).toBe(
      'token [redacted] end',
    );
    expect(scrubCredentials('pods "nb-0" not found')).toBe('pods "nb-0" not found');
  });
});

describe('mapError', () => {
  it('maps a handler timeout to 504', () => {
    expect(mapError({ code: 'FST_ERR_HANDLER_TIMEOUT', statusCode: 503, message: 'x' })).toEqual({
      status: 504,
      log: 'Upstream request timed out.',
    });
  });

  it('maps the rate limiter answer to 429 with its message', () => {
    expect(mapError({ statusCode: 429, message: 'Too many requests.' })).toEqual({
      status: 429,
      log: 'Too many requests.',
    });
  });

  it('hides the message of an internal AppError', () => {
    expect(mapError(new AppError('internal', 'secret detail')).log).toBe('An internal error occurred.');
  });

  it("answers 500 when Kubernetes forbids the app's own service account, and 403 for other denials", () => {
    const own = kubeErrorFromResponse(
      403,
      JSON.stringify({
        kind: 'Status',
        code: 403,
        reason: 'Forbidden',
        message: 'User "system:serviceaccount:kubeflow:jwa" cannot list pods',
      }),
    );
    expect(mapError(own, 'system:serviceaccount:kubeflow:jwa')).toMatchObject({ status: 500, severe: true });
    const quota = kubeErrorFromResponse(
      403,
      JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'exceeded quota: compute' }),
    );
    expect(mapError(quota, 'system:serviceaccount:kubeflow:jwa')).toEqual({
      status: 403,
      log: 'exceeded quota: compute',
    });
  });
});
