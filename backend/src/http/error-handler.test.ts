import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { kubeErrorFromResponse } from '../k8s/kube-error.ts';
import { MESSAGES, mapError, scrubCredentials } from './error-handler.ts';

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

  it("answers 503 with a neutral message when Kubernetes refuses the app's own identity, whatever its name", () => {
    for (const user of [
      'system:serviceaccount:kubeflow:jupyter-web-app-service-account',
      'jwa-dev',
      'system:anonymous',
    ]) {
      const own = kubeErrorFromResponse(
        403,
        JSON.stringify({
          kind: 'Status',
          code: 403,
          reason: 'Forbidden',
          message: `subjectaccessreviews.authorization.k8s.io is forbidden: User "${user}" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope`,
        }),
      );
      const mapped = mapError(own);
      expect(mapped).toEqual({ status: 503, log: MESSAGES.ownIdentity, severe: true });
      expect(mapped.log).not.toContain(user);
    }
    const unauthorized = kubeErrorFromResponse(
      401,
      JSON.stringify({ kind: 'Status', code: 401, reason: 'Unauthorized' }),
    );
    expect(mapError(unauthorized)).toEqual({ status: 503, log: MESSAGES.ownIdentity, severe: true });
  });

  it('keeps other Kubernetes denials (quota, terminating namespace) as 403 with their message', () => {
    const quota = kubeErrorFromResponse(
      403,
      JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'exceeded quota: compute' }),
    );
    expect(mapError(quota)).toEqual({ status: 403, log: 'exceeded quota: compute' });
  });
});
