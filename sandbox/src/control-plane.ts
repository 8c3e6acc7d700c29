import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { SandboxClient } from './admin-client.ts';
import { ensureBinaries } from './build-binaries.ts';
import { freePort } from './free-port.ts';
import { assertListensOnLoopbackOnly } from './loopback-check.ts';
import { BINARIES } from './paths.ts';
import { generatePki } from './pki.ts';
import { SIMULATION_CONTROLLERS, startSimulation, type SimulationOptions } from './simulation.ts';

/** A user the API server knows by a static bearer token. */
export interface SandboxUser {
  user: string;
  groups: string[];
  token: string;
  kubeconfig: string;
}

/** The identities every control plane has; tests act as each of them. */
export const USER_SPECS = {
  admin: { user: 'sandbox-admin', groups: ['system:masters'] },
  backend: {
    // The app's own identity: the name its ServiceAccount would have, so deploy/'s ClusterRoleBinding applies as is.
    user: 'system:serviceaccount:kubeflow:jupyter-web-app-service-account',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:kubeflow'],
  },
  alice: { user: 'alice@example.com', groups: [] },
  bob: { user: 'bob@example.com', groups: [] },
  carol: { user: 'carol@example.com', groups: ['team-a'] },
  mallory: { user: 'mallory@example.com', groups: [] },
} as const;

export type UserName = keyof typeof USER_SPECS;

export interface ControlPlaneInfo {
  dir: string;
  server: string;
  apiPort: number;
  etcdPort: number;
  caFile: string;
  users: Record<UserName, SandboxUser>;
  pids: Record<string, number>;
  /** kwok's kubelet port on 127.0.0.1, when the control plane simulates nodes. */
  kwokPort?: number;
}

export interface ControlPlaneOptions {
  /** Also run the scheduler, kwok's fake nodes and the local notebook controller (simulation.ts). */
  simulation?: SimulationOptions;
}

/** The controller-manager's controllers every control plane runs. */
const BASE_CONTROLLERS = ['clusterrole-aggregation-controller', 'garbage-collector-controller', 'namespace-controller'];

function writeKubeconfig(path: string, server: string, caFile: string, user: string, token: string): void {
  const ca = readFileSync(caFile).toString('base64');
  writeFileSync(
    path,
    JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'sandbox', cluster: { server, 'certificate-authority-data': ca } }],
        users: [{ name: user, user: { token } }],
        contexts: [{ name: 'sandbox', context: { cluster: 'sandbox', user, namespace: 'default' } }],
        'current-context': 'sandbox',
      },
      null,
      2,
    ),
    { mode: 0o600 },
  );
}

function startProcess(dir: string, name: string, binary: string, args: string[]): number {
  const log = openSync(join(dir, `${name}.log`), 'a');
  const child = spawn(binary, args, { cwd: dir, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  if (!child.pid) throw new Error(`could not start ${name}`);
  return child.pid;
}

function logTail(dir: string, name: string): string {
  try {
    return readFileSync(join(dir, `${name}.log`), 'utf8')
      .split('\n')
      .slice(-25)
      .join('\n');
  } catch {
    return '(no log)';
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, onTimeout: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000}s\n${onTimeout()}`);
}

/** The API server's flags: the same at start and at every restart (same data, ports and PKI). */
function apiServerArgs(info: Pick<ControlPlaneInfo, 'dir' | 'server' | 'apiPort' | 'etcdPort' | 'caFile'>): string[] {
  const { dir, server, apiPort, etcdPort, caFile } = info;
  return [
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${apiPort}`,
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    '--endpoint-reconciler-type=none',
    `--tls-cert-file=${join(dir, 'apiserver.crt')}`,
    `--tls-private-key-file=${join(dir, 'apiserver.key')}`,
    `--client-ca-file=${caFile}`,
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    `--service-account-issuer=${server}`,
    `--service-account-key-file=${join(dir, 'sa.pub')}`,
    `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
    '--service-cluster-ip-range=10.96.0.0/16',
    '--kubelet-preferred-address-types=InternalIP',
    '--disable-admission-plugins=ServiceAccount',
    '--allow-privileged=true',
    '--profiling=false',
  ];
}

/**
 * Starts etcd, kube-apiserver and kube-controller-manager (role aggregation, garbage collection,
 * namespace deletion) on 127.0.0.1 with fresh PKI and token users, and waits until they are ready;
 * with `simulation`, also the controllers, scheduler, fake nodes and notebook controller that make
 * notebooks run. The processes outlive this call; `stopControlPlane` ends them.
 */
export async function startControlPlane(
  dir: string,
  log: (msg: string) => void = () => {},
  options: ControlPlaneOptions = {},
): Promise<ControlPlaneInfo> {
  ensureBinaries();
  mkdirSync(dir, { recursive: true });
  log('generating PKI and users');
  generatePki(dir);
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const server = `https://127.0.0.1:${apiPort}`;
  const caFile = join(dir, 'ca.crt');

  const users = {} as Record<UserName, SandboxUser>;
  const tokenLines: string[] = [];
  for (const [name, spec] of Object.entries(USER_SPECS) as [UserName, (typeof USER_SPECS)[UserName]][]) {
    const token = randomBytes(24).toString('hex');
    const kubeconfig = join(dir, `${name}.kubeconfig`);
    writeKubeconfig(kubeconfig, server, caFile, spec.user, token);
    users[name] = { user: spec.user, groups: [...spec.groups], token, kubeconfig };
    const groups = spec.groups.length ? `,"${spec.groups.join(',')}"` : '';
    tokenLines.push(`${token},${spec.user},uid-${name}${groups}`);
  }
  writeFileSync(join(dir, 'tokens.csv'), tokenLines.join('\n') + '\n', { mode: 0o600 });

  const pids: Record<string, number> = {};
  const info: ControlPlaneInfo = { dir, server, apiPort, etcdPort, caFile, users, pids };
  writeFileSync(join(dir, 'control-plane.json'), JSON.stringify(info, null, 2), { mode: 0o600 });
  try {
    log(`starting etcd on 127.0.0.1:${etcdPort}`);
    pids.etcd = startProcess(dir, 'etcd', BINARIES.etcd, [
      '--name=sandbox',
      `--data-dir=${join(dir, 'etcd-data')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=sandbox=http://127.0.0.1:${peerPort}`,
      '--unsafe-no-fsync=true',
      '--watch-progress-notify-interval=5s',
      '--log-level=warn',
    ]);
    writeFileSync(join(dir, 'control-plane.json'), JSON.stringify(info, null, 2), { mode: 0o600 });
    await waitFor(
      'etcd',
      30_000,
      async () => {
        const res = await request(`http://127.0.0.1:${etcdPort}/health`, { signal: AbortSignal.timeout(2000) });
        return (await res.body.text()).includes('"health":"true"');
      },
      () => logTail(dir, 'etcd'),
    );

    log(`starting kube-apiserver on ${server}`);
    pids.apiserver = startProcess(dir, 'kube-apiserver', BINARIES.kubeApiserver, apiServerArgs(info));
    writeFileSync(join(dir, 'control-plane.json'), JSON.stringify(info, null, 2), { mode: 0o600 });
    const admin = new SandboxClient(server, caFile, users.admin.token);
    try {
      await waitFor(
        'kube-apiserver',
        90_000,
        async () => (await admin.call('GET', '/readyz')).status === 200,
        () => logTail(dir, 'kube-apiserver'),
      );
      await waitFor(
        'the default namespace',
        30_000,
        async () => (await admin.call('GET', '/api/v1/namespaces/default')).status === 200,
        () => logTail(dir, 'kube-apiserver'),
      );
    } finally {
      await admin.close();
    }

    const controllers = [...BASE_CONTROLLERS, ...(options.simulation ? SIMULATION_CONTROLLERS : [])];
    log(`starting kube-controller-manager (${controllers.length} controllers)`);
    pids.controllerManager = startProcess(dir, 'kube-controller-manager', BINARIES.kubeControllerManager, [
      `--kubeconfig=${users.admin.kubeconfig}`,
      '--leader-elect=false',
      '--secure-port=0',
      `--controllers=${controllers.join(',')}`,
      '--use-service-account-credentials=false',
      `--root-ca-file=${caFile}`,
      `--service-account-private-key-file=${join(dir, 'sa.key')}`,
      '--concurrent-gc-syncs=5',
      '--v=1',
    ]);
    writeFileSync(join(dir, 'control-plane.json'), JSON.stringify(info, null, 2), { mode: 0o600 });
    await sleep(500);
    if (!isAlive(pids.controllerManager)) {
      throw new Error(`kube-controller-manager exited\n${logTail(dir, 'kube-controller-manager')}`);
    }
    if (options.simulation) {
      await startSimulation(info, options.simulation, {
        log,
        startProcess: (name, binary, args) => {
          const pid = startProcess(dir, name, binary, args);
          writeFileSync(join(dir, 'control-plane.json'), JSON.stringify(info, null, 2), { mode: 0o600 });
          return pid;
        },
        waitFor: (what, timeoutMs, check, logName) => waitFor(what, timeoutMs, check, () => logTail(dir, logName)),
      });
      writeFileSync(join(dir, 'control-plane.json'), JSON.stringify(info, null, 2), { mode: 0o600 });
    }
    assertListensOnLoopbackOnly(pids);
    return info;
  } catch (err) {
    await stopControlPlane(info);
    throw err;
  }
}

/** SIGTERM each process by its PID (clients first, etcd last), SIGKILL after a grace period. */
export async function stopControlPlane(info: Pick<ControlPlaneInfo, 'pids'>, graceMs = 10_000): Promise<void> {
  const core = ['controllerManager', 'apiserver', 'etcd'];
  const order = [...Object.keys(info.pids).filter((name) => !core.includes(name)), ...core];
  for (const name of order) {
    const pid = info.pids[name];
    if (!pid || !isAlive(pid)) continue;
    try {
      // A process a fault test left paused would not act on SIGTERM.
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGTERM');
    } catch {
      continue;
    }
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

/** The processes a fault test may pause or restart. */
export type FaultTarget = 'apiserver' | 'etcd';

/** Freezes a process (SIGSTOP): its connections stay open and nothing answers. Fault tests only. */
export function pauseProcess(info: Pick<ControlPlaneInfo, 'pids'>, target: FaultTarget): void {
  process.kill(info.pids[target]!, 'SIGSTOP');
}

export function resumeProcess(info: Pick<ControlPlaneInfo, 'pids'>, target: FaultTarget): void {
  process.kill(info.pids[target]!, 'SIGCONT');
}

/** Ends the API server (SIGTERM, or SIGKILL for a crash) and waits until its process is gone. */
export async function stopApiServer(info: ControlPlaneInfo, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  const pid = info.pids.apiserver!;
  if (isAlive(pid)) process.kill(pid, signal);
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
}

/** Starts the API server again with the same flags, data and port, and waits until /readyz answers. */
export async function startApiServer(info: ControlPlaneInfo): Promise<void> {
  info.pids.apiserver = startProcess(info.dir, 'kube-apiserver', BINARIES.kubeApiserver, apiServerArgs(info));
  writeFileSync(join(info.dir, 'control-plane.json'), JSON.stringify(info, null, 2), { mode: 0o600 });
  const admin = new SandboxClient(info.server, info.caFile, info.users.admin.token);
  try {
    await waitFor(
      'kube-apiserver (restart)',
      90_000,
      async () => (await admin.call('GET', '/readyz')).status === 200,
      () => logTail(info.dir, 'kube-apiserver'),
    );
  } finally {
    await admin.close();
  }
}

export function readControlPlaneInfo(dir: string): ControlPlaneInfo | undefined {
  const file = join(dir, 'control-plane.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as ControlPlaneInfo;
}
