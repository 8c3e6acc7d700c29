import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadInClusterCredentials } from './in-cluster-credentials.ts';

function serviceAccountDir(token: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'serviceaccount-'));
  writeFileSync(join(dir, 'ca.crt'), 'CA');
  writeFileSync(join(dir, 'token'), token);
  return dir;
}

describe('loadInClusterCredentials', () => {
  afterEach(() => vi.useRealTimers());

  it('builds the server URL from the service variables, bracketing IPv6 hosts', () => {
    const dir = serviceAccountDir('t');
    const v4 = loadInClusterCredentials({ KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, dir);
    expect(v4.server).toBe('https://10.0.0.1:443');
    expect(String(v4.tls.ca)).toBe('CA');
    expect(v4.tls.rejectUnauthorized).toBe(true);
    const v6 = loadInClusterCredentials({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443' }, dir);
    expect(v6.server).toBe('https://[fd00::1]:6443');
    expect(() => loadInClusterCredentials({}, dir)).toThrow(/KUBERNETES_SERVICE_HOST is not set/);
  });

  it('re-reads the rotating token file at most every 30 seconds, keeping the last token while it is missing', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    const dir = serviceAccountDir('first\n');
    const creds = loadInClusterCredentials(
      { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' },
      dir,
    );
    expect(await creds.authHeaders()).toEqual({ Authorization: 'Bearer first' });
    writeFileSync(join(dir, 'token'), 'second');
    vi.setSystemTime(1_000_000 + 29_000);
    expect(await creds.authHeaders()).toEqual({ Authorization: 'Bearer first' });
    vi.setSystemTime(1_000_000 + 30_000);
    expect(await creds.authHeaders()).toEqual({ Authorization: 'Bearer second' });
    rmSync(join(dir, 'token'));
    vi.setSystemTime(1_000_000 + 60_000);
    expect(await creds.authHeaders()).toEqual({ Authorization: 'Bearer second' });
  });
});
