import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ClusterCredentials } from './cluster-credentials.ts';
import { loadClusterCredentials } from './kube-config.ts';
import { readKubeconfig } from './kubeconfig-file.ts';

const CA_PEM = '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n';
const CERT_PEM = '-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n';
const KEY_PEM = '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n';
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Writes a kubeconfig with one context into a fresh directory (plus extra files) and returns its path. */
function kubeconfig(
  cluster: Record<string, unknown>,
  user: Record<string, unknown> | null,
  extraFiles: Record<string, string> = {},
  overrides: Record<string, unknown> = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
  for (const [name, text] of Object.entries(extraFiles)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const path = join(dir, 'config');
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c1', cluster }],
      users: user ? [{ name: 'u1', user }] : [],
      contexts: [{ name: 'ctx', context: { cluster: 'c1', user: 'u1' } }],
      'current-context': 'ctx',
      ...overrides,
    }),
  );
  return path;
}

function staticCredentials(path: string): ClusterCredentials {
  const contents = readKubeconfig(path);
  if (contents.kind !== 'static') throw new Error(`expected static credentials, got ${contents.plugin}`);
  return contents.credentials;
}

describe('readKubeconfig', () => {
  it('reads the server, CA data and an inline token', async () => {
    const creds = staticCredentials(
      kubeconfig({ server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64(CA_PEM) }, { token: 'abc' }),
    );
    expect(creds.via).toBe('kubeconfig');
    expect(creds.server).toBe('https://127.0.0.1:6443');
    expect(String(creds.tls.ca)).toBe(CA_PEM);
    expect(creds.tls.rejectUnauthorized).toBe(true);
    expect(creds.tls.cert).toBeUndefined();
    expect(await creds.authHeaders()).toEqual({ Authorization: 'Bearer abc' });
  });

  it('resolves CA, client certificate, key and token files relative to the kubeconfig directory', async () => {
    const creds = staticCredentials(
      kubeconfig(
        { server: 'https://api.example:6443', 'certificate-authority': 'pki/ca.crt', 'tls-server-name': 'kubernetes' },
        { 'client-certificate': 'pki/client.crt', 'client-key': 'pki/client.key', tokenFile: 'token', token: 'inline' },
        { 'pki/ca.crt': CA_PEM, 'pki/client.crt': CERT_PEM, 'pki/client.key': KEY_PEM, token: 'from-file\n' },
      ),
    );
    expect(String(creds.tls.ca)).toBe(CA_PEM);
    expect(String(creds.tls.cert)).toBe(CERT_PEM);
    expect(String(creds.tls.key)).toBe(KEY_PEM);
    expect(creds.tls.servername).toBe('kubernetes');
    // The token file wins over the inline token (as in client-go).
    expect(await creds.authHeaders()).toEqual({ Authorization: 'Bearer from-file' });
  });

  it('reads client certificate and key data, and no auth header without token or password', async () => {
    const creds = staticCredentials(
      kubeconfig(
        { server: 'https://127.0.0.1:6443' },
        { 'client-certificate-data': b64(CERT_PEM), 'client-key-data': b64(KEY_PEM) },
      ),
    );
    expect(String(creds.tls.cert)).toBe(CERT_PEM);
    expect(String(creds.tls.key)).toBe(KEY_PEM);
    expect(await creds.authHeaders()).toEqual({});
  });

  it('turns insecure-skip-tls-verify off certificate checks and username/password into basic auth', async () => {
    const creds = staticCredentials(
      kubeconfig(
        { server: 'https://127.0.0.1:6443', 'insecure-skip-tls-verify': true },
        { username: 'admin', password: 's3cret' },
      ),
    );
    expect(creds.tls.rejectUnauthorized).toBe(false);
    expect(await creds.authHeaders()).toEqual({ Authorization: `Basic ${b64('admin:s3cret')}` });
  });

  it('names what is missing', () => {
    const server = { server: 'https://127.0.0.1:6443' };
    expect(() => readKubeconfig('/nonexistent/kubeconfig')).toThrow(
      'kubeconfig file not found: /nonexistent/kubeconfig',
    );
    expect(() => readKubeconfig(kubeconfig(server, { token: 'x' }, {}, { 'current-context': undefined }))).toThrow(
      /: no current-context$/,
    );
    expect(() => readKubeconfig(kubeconfig(server, { token: 'x' }, {}, { 'current-context': 'other' }))).toThrow(
      /: current-context "other" is not among its contexts$/,
    );
    expect(() => readKubeconfig(kubeconfig(server, { token: 'x' }, {}, { clusters: [] }))).toThrow(
      /: cluster "c1" \(of context "ctx"\) not found$/,
    );
    expect(() => readKubeconfig(kubeconfig({}, { token: 'x' }))).toThrow(/: cluster "c1" has no server$/);
    expect(() => readKubeconfig(kubeconfig(server, null))).toThrow(/: user "u1" \(of context "ctx"\) not found$/);
    expect(() => readKubeconfig(kubeconfig({ ...server, 'certificate-authority': 'missing.crt' }, {}))).toThrow(
      /: certificate-authority file not found: .*\/missing\.crt$/,
    );
    expect(() => readKubeconfig(kubeconfig(server, { 'client-certificate-data': b64(CERT_PEM) }))).toThrow(
      /: user "u1" needs both a client certificate and a client key$/,
    );
    expect(() => readKubeconfig(kubeconfig(server, { tokenFile: 'nope' }))).toThrow(/ENOENT/);
  });

  it('hands exec and auth-provider users to the plugin fallback', () => {
    const server = { server: 'https://127.0.0.1:6443' };
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: 'get-token', interactiveMode: 'Never' };
    expect(readKubeconfig(kubeconfig(server, { exec }))).toEqual({ kind: 'plugin', plugin: 'exec' });
    expect(readKubeconfig(kubeconfig(server, { 'auth-provider': { name: 'oidc' } }))).toEqual({
      kind: 'plugin',
      plugin: 'auth-provider',
    });
  });
});

describe('loadClusterCredentials', () => {
  it('uses our own loader for a token kubeconfig and client-node only for an exec user', async () => {
    const server = { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64(CA_PEM) };
    const plain = await loadClusterCredentials({ kind: 'file', path: kubeconfig(server, { token: 'abc' }) });
    expect(plain.via).toBe('kubeconfig');

    const plugin = join(mkdtempSync(join(tmpdir(), 'exec-plugin-')), 'get-token');
    const credential = {
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: 'p1' },
    };
    writeFileSync(plugin, `#!/bin/sh\necho '${JSON.stringify(credential)}'\n`, { mode: 0o755 });
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' };
    const viaPlugin = await loadClusterCredentials({ kind: 'file', path: kubeconfig(server, { exec }) });
    expect(viaPlugin.via).toBe('client-node');
    expect(viaPlugin.server).toBe('https://127.0.0.1:6443');
    expect(String(viaPlugin.tls.ca)).toBe(CA_PEM);
    expect(await viaPlugin.authHeaders()).toEqual({ Authorization: 'Bearer p1' });
    // Loading client-node (the exec path) takes seconds on a busy 2-core machine.
  }, 30_000);
});
