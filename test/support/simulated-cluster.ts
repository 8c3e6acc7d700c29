import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { notebookStatus } from '../../backend/src/notebooks/notebook-status.ts';
import { resourcePath, NOTEBOOKS } from '../../backend/src/k8s/resources.ts';
import type { KubeRestClient } from '../../backend/src/k8s/rest-client.ts';
import type { Notebook } from '../../backend/src/k8s/types.ts';
import { SandboxClient } from '../../sandbox/src/admin-client.ts';
import { type ControlPlaneInfo, isAlive } from '../../sandbox/src/control-plane.ts';

/**
 * Waits (bounded) for real controllers to get somewhere: polls `check` until it returns a value
 * other than undefined/false. Throws with `what` and the last value seen when the bound passes.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
      last = value;
    } catch (err) {
      last = err;
    }
    await sleep(250);
  }
  throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s (last: ${String(last)})`);
}

export interface NotebookOptions {
  image?: string;
  gpus?: number;
  claim?: string;
  stopped?: boolean;
}

/** A Notebook shaped as the app's form builds it (one container named after it, requests and limits). */
export function notebookManifest(name: string, options: NotebookOptions = {}) {
  const limits: Record<string, string> = { cpu: '1', memory: '2Gi' };
  if (options.gpus) limits['nvidia.com/gpu'] = String(options.gpus);
  const annotations: Record<string, string> = {
    'notebooks.kubeflow.org/server-type': 'jupyter',
    'notebooks.kubeflow.org/creator': 'alice@example.com',
  };
  if (options.stopped) annotations['kubeflow-resource-stopped'] = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name, labels: { app: name }, annotations },
    spec: {
      template: {
        spec: {
          serviceAccountName: 'default-editor',
          containers: [
            {
              name,
              image: options.image ?? 'kubeflownotebookswg/jupyter-scipy:v1.10.0',
              imagePullPolicy: 'IfNotPresent',
              resources: { requests: { cpu: '500m', memory: '1Gi' }, limits },
              volumeMounts: [
                { name: 'dshm', mountPath: '/dev/shm' },
                ...(options.claim ? [{ name: options.claim, mountPath: '/home/jovyan' }] : []),
              ],
            },
          ],
          volumes: [
            { name: 'dshm', emptyDir: { medium: 'Memory' } },
            ...(options.claim ? [{ name: options.claim, persistentVolumeClaim: { claimName: options.claim } }] : []),
          ],
        },
      },
    },
  };
}

/** A ReadWriteOnce claim of the default (simulated) StorageClass. */
export function claimManifest(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}

export interface ObservedStatus {
  phase: string;
  key: string;
  message: string;
}

/**
 * Every version of one Notebook from a watch, each with the status the app's algorithm gives it at
 * the moment it was seen (rows that need Events are not in play here). Transient states such as
 * "stopping" appear in this history however fast the controllers are.
 */
export class NotebookHistory {
  readonly seen: ObservedStatus[] = [];
  private readonly stopper = new AbortController();
  private readonly done: Promise<void>;

  private constructor(rest: KubeRestClient, namespace: string, name: string, resourceVersion: string) {
    this.done = rest
      .watch(
        {
          path: resourcePath(NOTEBOOKS, { namespace }),
          query: { fieldSelector: `metadata.name=${name}`, resourceVersion },
          resource: 'notebooks',
          signal: this.stopper.signal,
        },
        (event) => {
          if (event.type !== 'ADDED' && event.type !== 'MODIFIED') return;
          const { phase, key, message } = notebookStatus(event.object as Notebook, [], Date.now());
          const last = this.seen.at(-1);
          if (last?.phase !== phase || last?.key !== key || last?.message !== message) {
            this.seen.push({ phase, key, message });
          }
        },
      )
      .catch(() => {});
  }

  /** Watches the versions written after this call (the Notebook may not exist yet). */
  static async start(rest: KubeRestClient, namespace: string, name: string) {
    const list = await rest.requestJson<{ metadata: { resourceVersion: string } }>({
      method: 'GET',
      path: resourcePath(NOTEBOOKS, { namespace }),
      query: { fieldSelector: `metadata.name=${name}` },
      verb: 'list',
      resource: 'notebooks',
    });
    return new NotebookHistory(rest, namespace, name, list.metadata.resourceVersion);
  }

  keys(): string[] {
    return this.seen.map((s) => `${s.phase}/${s.key}`);
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.done;
  }
}

/** True when `expected` appears in `actual` in this order (other entries may come between). */
export function inOrder(actual: string[], expected: string[]): boolean {
  let i = 0;
  for (const entry of actual) if (entry === expected[i]) i++;
  return i === expected.length;
}

/**
 * Stops the API server (SIGTERM, SIGKILL if it is still draining after 5 s) and starts it again
 * with the same command line, then waits until it is ready: every client has to reconnect.
 */
export async function restartApiServer(info: ControlPlaneInfo): Promise<void> {
  const pid = info.pids.apiserver!;
  const [binary, ...args] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  process.kill(pid, 'SIGTERM');
  // It drains its clients' watches for long: after a few seconds, end it as a crash would.
  try {
    await waitFor('the API server to exit', async () => !isAlive(pid), 5_000);
  } catch {
    process.kill(pid, 'SIGKILL');
    await waitFor('the API server to be killed', async () => !isAlive(pid), 10_000);
  }
  const log = openSync(join(info.dir, 'kube-apiserver.log'), 'a');
  const child = spawn(binary!, args, { cwd: info.dir, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  info.pids.apiserver = child.pid!;
  const admin = new SandboxClient(info.server, info.caFile, info.users.admin.token);
  try {
    await waitFor('the API server to be ready again', async () => (await admin.call('GET', '/readyz')).status === 200);
  } finally {
    await admin.close();
  }
}
