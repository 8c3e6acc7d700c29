import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { selfSignedLoopbackCert } from '../../sandbox/src/pki.ts';

export interface KubeletStub {
  /** The Node registered for it: pods with this `spec.nodeName` get their logs from the stub. */
  nodeName: string;
  close(): Promise<void>;
}

/**
 * A loopback HTTPS endpoint standing in for a node's kubelet, for the one thing the API server asks
 * a kubelet in our tests: container logs (`/containerLogs/<ns>/<pod>/<container>`). A Node object
 * points the real API server at it; the API server proxies `pods/log` there as it would on a cluster.
 * (The test API server has no kubelet CA configured, so it accepts the self-signed certificate.)
 */
export async function startKubeletStub(
  admin: SandboxClient,
  nodeName: string,
  logs: (ns: string, pod: string, container: string) => string | undefined,
): Promise<KubeletStub> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelet-stub-'));
  selfSignedLoopbackCert(dir, 'kubelet', 'kubelet-stub');
  const server = createServer(
    { key: readFileSync(join(dir, 'kubelet.key')), cert: readFileSync(join(dir, 'kubelet.crt')) },
    (req, res) => {
      const match = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/?]+)/.exec(req.url ?? '');
      const text = match ? logs(match[1]!, match[2]!, match[3]!) : undefined;
      if (text === undefined) res.writeHead(404).end('not found');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(text);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await admin.must('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName } });
  await admin.must(
    'PATCH',
    `/api/v1/nodes/${nodeName}/status`,
    {
      status: {
        addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
        daemonEndpoints: { kubeletEndpoint: { Port: port } },
      },
    },
    'application/merge-patch+json',
  );
  return {
    nodeName,
    async close() {
      await admin.call('DELETE', `/api/v1/nodes/${nodeName}`);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
