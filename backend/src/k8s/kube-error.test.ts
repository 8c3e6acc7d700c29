import { describe, expect, it } from 'vitest';
import { MESSAGES, mapKubeError } from '../http/error-handler.ts';
import { kubeErrorFromResponse } from './kube-error.ts';

const status = (code: number, reason: string, message: string, causes?: unknown[]) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details: { causes } });

describe('Kubernetes Status bodies', () => {
  it('are parsed into typed errors', () => {
    const err = kubeErrorFromResponse(
      422,
      status(422, 'Invalid', 'Notebook "x" is invalid', [{ field: 'spec.template', message: 'Required value' }]),
    );
    expect(err.kind).toBe('invalid');
    expect(err.causes).toEqual([{ field: 'spec.template', message: 'Required value' }]);
    expect(kubeErrorFromResponse(409, status(409, 'AlreadyExists', 'exists')).kind).toBe('alreadyExists');
    expect(kubeErrorFromResponse(409, status(409, 'Conflict', 'stale')).kind).toBe('conflict');
    expect(kubeErrorFromResponse(404, status(404, 'NotFound', 'nope')).kind).toBe('notFound');
  });

  it('fall back to the HTTP status when the body is not a Status', () => {
    const err = kubeErrorFromResponse(502, '<html>bad gateway</html>');
    expect(err.kind).toBe('serverError');
    expect(err.message).toBe('HTTP 502');
  });

  it('map to our statuses without forwarding raw bodies', () => {
    expect(mapKubeError(kubeErrorFromResponse(503, status(503, 'ServiceUnavailable', 'etcd down')))).toEqual({
      status: 503,
      log: 'Kubernetes API unavailable, try again later.',
    });
    expect(mapKubeError(kubeErrorFromResponse(429, status(429, 'TooManyRequests', 'slow down'))).status).toBe(503);
    const quota = mapKubeError(kubeErrorFromResponse(403, status(403, 'Forbidden', 'exceeded quota: compute')));
    expect(quota).toEqual({ status: 403, log: 'exceeded quota: compute' });
    const ours = mapKubeError(
      kubeErrorFromResponse(
        403,
        status(403, 'Forbidden', 'User "system:serviceaccount:kubeflow:jwa" cannot list resource "pods"'),
      ),
    );
    expect(ours).toEqual({ status: 503, log: MESSAGES.ownIdentity, severe: true });
    const invalid = mapKubeError(
      kubeErrorFromResponse(422, status(422, 'Invalid', 'bad', [{ field: 'metadata.name', message: 'too long' }])),
    );
    expect(invalid).toEqual({ status: 400, log: 'bad', errors: [{ field: 'metadata.name', message: 'too long' }] });
  });
});
