import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadClusterCredentials } from '../../backend/src/k8s/kube-config.ts';
import { connectToCluster, type KubeConnection } from '../../backend/src/k8s/kube-connection.ts';
import { controlPlane } from '../support/cluster.ts';

interface SelfSubjectReview {
  status: { userInfo: { username: string } };
}

/**
 * A kubeconfig whose user gets its token from an exec plugin (as cloud logins do): a shell script that
 * prints an ExecCredential with the backend's token and leaves a marker file so we know it ran.
 */
function execPluginKubeconfig(): { path: string; marker: string } {
  const info = controlPlane();
  const dir = mkdtempSync(join(tmpdir(), 'exec-kubeconfig-'));
  const marker = join(dir, 'plugin-ran');
  const plugin = join(dir, 'get-token.sh');
  const credential = {
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token: info.users.backend.token },
  };
  writeFileSync(plugin, `#!/bin/sh\ntouch '${marker}'\necho '${JSON.stringify(credential)}'\n`, { mode: 0o700 });
  const path = join(dir, 'config');
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'sandbox',
        cluster: { server: info.server, 'certificate-authority-data': readFileSync(info.caFile).toString('base64') },
      },
    ],
    users: [
      {
        name: 'backend',
        user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } },
      },
    ],
    contexts: [{ name: 'sandbox', context: { cluster: 'sandbox', user: 'backend' } }],
    'current-context': 'sandbox',
  };
  writeFileSync(path, JSON.stringify(kubeconfig), { mode: 0o600 });
  return { path, marker };
}

async function whoAmI(connection: KubeConnection): Promise<string> {
  const review = await connection.apis.rest.requestJson<SelfSubjectReview>({
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    verb: 'create',
    resource: 'selfsubjectreviews',
  });
  return review.status.userInfo.username;
}

describe('cluster credentials', () => {
  const connections: KubeConnection[] = [];
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.apis.rest.close()));
  });

  it('connects with the sandbox token kubeconfig through our own loader', async () => {
    const info = controlPlane();
    expect((await loadClusterCredentials({ kind: 'file', path: info.users.backend.kubeconfig })).via).toBe(
      'kubeconfig',
    );
    const connection = await connectToCluster(info.users.backend.kubeconfig, { timeoutMs: 10_000 });
    connections.push(connection);
    expect(await whoAmI(connection)).toBe(info.users.backend.user);
  });

  it('talks to the API server through client-node when the kubeconfig user needs an exec plugin', async () => {
    const info = controlPlane();
    const { path, marker } = execPluginKubeconfig();
    expect((await loadClusterCredentials({ kind: 'file', path })).via).toBe('client-node');
    const connection = await connectToCluster(path, { timeoutMs: 10_000 });
    connections.push(connection);
    expect(existsSync(marker)).toBe(true);
    expect(await whoAmI(connection)).toBe(info.users.backend.user);
    await connection.apis.ping();
  });
});
