import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SandboxClient } from './admin-client.ts';

/** The annotation kwok manages nodes by (`--manage-nodes-with-annotation-selector`). */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

/** kwok's fake nodes: a CPU node and a node with one NVIDIA GPU (what the form's GPU field offers). */
export const SIMULATED_NODES = [
  {
    name: 'sandbox-cpu-node',
    capacity: { cpu: '16', memory: '64Gi', pods: '110', 'ephemeral-storage': '200Gi' },
    labels: {},
  },
  {
    name: 'sandbox-gpu-node',
    capacity: { cpu: '8', memory: '61Gi', pods: '110', 'ephemeral-storage': '200Gi', 'nvidia.com/gpu': '1' },
    labels: { 'nvidia.com/gpu.present': 'true' },
  },
] as const;

/**
 * Registers the fake nodes. Only capacity is written: kwok's node-initialize stage adds the
 * conditions and the addresses (127.0.0.1 and kwok's own port, from its flags), as a kubelet would.
 */
export async function registerSimulatedNodes(client: SandboxClient): Promise<void> {
  for (const node of SIMULATED_NODES) {
    const res = await client.call('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: node.name,
        annotations: { [KWOK_NODE_ANNOTATION]: 'fake' },
        labels: {
          'kubernetes.io/hostname': node.name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          type: 'kwok',
          ...node.labels,
        },
      },
      status: { capacity: node.capacity, allocatable: node.capacity },
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`registering node ${node.name}: ${res.status}`);
  }
}

/** True once every fake node is Ready and the node lifecycle controller has lifted its not-ready taint. */
export async function simulatedNodesSchedulable(client: SandboxClient): Promise<boolean> {
  for (const { name } of SIMULATED_NODES) {
    const node = (await client.call('GET', `/api/v1/nodes/${name}`)).json;
    const ready = (node?.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
    const tainted = (node?.spec?.taints ?? []).some((t: any) => t.key.startsWith('node.kubernetes.io/'));
    if (!ready || tainted) return false;
  }
  return true;
}

/**
 * kwok's container logs (the `pods/log` the API server fetches from the node's kubelet port): one
 * CRI-format file served for every container, opening with a line that says it is simulated.
 */
export function writeSimulatedLogs(dir: string): string {
  const logsFile = join(dir, 'simulated-container.log');
  const start = Date.now();
  const lines = [
    'This container is simulated by the local control plane (kwok): no process runs, these lines are canned.',
    '[I ServerApp] jupyter_lsp | extension was successfully linked.',
    '[I ServerApp] jupyter_server_terminals | extension was successfully linked.',
    '[I ServerApp] jupyterlab | extension was successfully linked.',
    '[I ServerApp] Writing Jupyter server cookie secret to /home/jovyan/.local/share/jupyter/runtime/jupyter_cookie_secret',
    '[I ServerApp] Serving notebooks from local directory: /home/jovyan',
    '[I ServerApp] Jupyter Server 2.14.2 is running at:',
    '[I ServerApp] http://127.0.0.1:8888/lab',
    '[I ServerApp] Use Control-C to stop this server and shut down all kernels (twice to skip confirmation).',
    '[I ServerApp] Kernel started: 3f2c9a4e-5d1b-4c8e-9a7f-2b6d0e1c4a58',
    '[I ServerApp] Saving file at /Untitled.ipynb',
  ];
  const text = lines
    .map((line, i) => `${new Date(start + i * 150).toISOString().replace('Z', '000000Z')} stderr F ${line}`)
    .join('\n');
  writeFileSync(logsFile, `${text}\n`);
  const config = {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'ClusterLogs',
    metadata: { name: 'simulated-container-logs' },
    spec: { logs: [{ logsFile, follow: false }] },
  };
  const configFile = join(dir, 'kwok-logs.yaml');
  writeFileSync(configFile, stringify(config));
  return configFile;
}
