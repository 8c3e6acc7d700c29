import { existsSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxClient } from './admin-client.ts';
import { bootstrapCluster, createProfileNamespace } from './bootstrap.ts';
import {
  type ControlPlaneInfo,
  isAlive,
  readControlPlaneInfo,
  startControlPlane,
  stopControlPlane,
} from './control-plane.ts';
import { SANDBOX_DIR } from './paths.ts';
import { seedDemo, DEMO_NAMESPACE, DEMO_USER } from './seed-demo.ts';

const log = (msg: string) => console.error(`[sandbox] ${msg}`);

/** True when the recorded control plane is still running and answering. */
async function isHealthy(info: ControlPlaneInfo): Promise<boolean> {
  const expected = ['etcd', 'apiserver', 'controllerManager', 'scheduler', 'kwok', 'notebookController'];
  if (!expected.every((p) => info.pids[p] && isAlive(info.pids[p]!))) return false;
  const client = new SandboxClient(info.server, info.caFile, info.users.admin.token);
  try {
    return (await client.call('GET', '/readyz')).status === 200;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

function writeEnvFile(info: ControlPlaneInfo): void {
  const lines = [
    '# Written by npm run sandbox:up: the local control plane (loopback only).',
    `export KUBE_SERVER=${info.server}`,
    `export KUBE_API_PORT=${info.apiPort}`,
    `export ETCD_PORT=${info.etcdPort}`,
    `export SANDBOX_KUBECONFIG=${join(SANDBOX_DIR, 'kubeconfig')}`,
    `export SANDBOX_BACKEND_KUBECONFIG=${info.users.backend.kubeconfig}`,
    `export SANDBOX_DEMO_NAMESPACE=${DEMO_NAMESPACE}`,
    `export SANDBOX_DEMO_USER=${DEMO_USER}`,
  ];
  for (const [name, u] of Object.entries(info.users)) {
    lines.push(`export SANDBOX_${name.toUpperCase()}_USER='${u.user}'`);
    lines.push(`export SANDBOX_${name.toUpperCase()}_TOKEN=${u.token}`);
  }
  writeFileSync(join(SANDBOX_DIR, 'env'), lines.join('\n') + '\n', { mode: 0o600 });
}

/** Starts the sandbox control plane (or reuses a healthy one), bootstrapped and seeded. */
export async function sandboxUp(): Promise<ControlPlaneInfo> {
  const existing = readControlPlaneInfo(SANDBOX_DIR);
  if (existing && (await isHealthy(existing))) {
    log(`reusing the running control plane at ${existing.server}`);
    return existing;
  }
  if (existing) {
    log('found a stopped or unhealthy control plane: cleaning it up');
    await stopControlPlane(existing);
  }
  if (existsSync(SANDBOX_DIR)) rmSync(SANDBOX_DIR, { recursive: true, force: true });
  mkdirSync(SANDBOX_DIR, { recursive: true });
  const started = Date.now();
  // npm start's control plane runs notebooks in every namespace (no opt-in label).
  const info = await startControlPlane(SANDBOX_DIR, log, { simulation: {} });
  try {
    await bootstrapCluster(info, log);
    const client = new SandboxClient(info.server, info.caFile, info.users.admin.token);
    try {
      await createProfileNamespace(client, 'alice', {
        editors: ['alice@example.com'],
        viewers: ['bob@example.com'],
        editorGroups: ['team-a'],
      });
      log(`seeding the demo namespace ${DEMO_NAMESPACE} for ${DEMO_USER}`);
      await seedDemo(client);
    } finally {
      await client.close();
    }
  } catch (err) {
    await stopControlPlane(info);
    throw err;
  }
  copyFileSync(info.users.admin.kubeconfig, join(SANDBOX_DIR, 'kubeconfig'));
  writeEnvFile(info);
  log(`control plane ready at ${info.server} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  log(`kubeconfig: .sandbox/kubeconfig (admin); environment: .sandbox/env`);
  return info;
}

export async function sandboxDown(): Promise<void> {
  const info = readControlPlaneInfo(SANDBOX_DIR);
  if (!info) {
    log('no sandbox is recorded in .sandbox/: nothing to stop');
    return;
  }
  await stopControlPlane(info);
  const left = Object.entries(info.pids).filter(([, pid]) => isAlive(pid));
  if (left.length > 0) throw new Error(`still running: ${left.map(([n, p]) => `${n} (${p})`).join(', ')}`);
  rmSync(SANDBOX_DIR, { recursive: true, force: true });
  log('stopped the control plane and removed .sandbox/');
}
