import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVER_NODE_FLAGS } from '../../backend/src/node-flags.ts';
import { freePort } from '../../sandbox/src/free-port.ts';
import type { ControlPlaneInfo } from '../../sandbox/src/control-plane.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const logDir = mkdtempSync(join(tmpdir(), 'jupyter-apis-replicas-'));

/**
 * The real server (`node backend/src/main.ts`, the Node flags of the image) as a process of its
 * own, with the backend's identity on the test control plane, on a free loopback port: what a
 * replica of the Deployment is. Its output goes to a log file, shown when something fails.
 */
export class ServerProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly logFile: string;
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(name: string, port: number, child: ChildProcess, logFile: string) {
    this.name = name;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.child = child;
    this.logFile = logFile;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static async start(info: ControlPlaneInfo, name: string, env: Record<string, string> = {}): Promise<ServerProcess> {
    const port = await freePort();
    const logFile = join(logDir, `${name}.log`);
    const out = openSync(logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        ...SERVER_NODE_FLAGS,
        'backend/src/main.ts',
        '-kubeconfig',
        info.users.backend.kubeconfig,
        '-listen-addr',
        `127.0.0.1:${port}`,
      ],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', out, out],
        env: { PATH: process.env.PATH ?? '', HOME: logDir, APP_SECURE_COOKIES: 'false', ...env },
      },
    );
    closeSync(out);
    return new ServerProcess(name, port, child, logFile);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits (bounded) until `/healthz/readiness` answers 200: every watch cache synced. */
  async ready(limitMs = 60_000): Promise<void> {
    const started = performance.now();
    while (performance.now() - started < limitMs) {
      if (!this.running) throw new Error(`${this.name} exited before it was ready:\n${this.log()}`);
      try {
        const res = await fetch(`${this.url}/healthz/readiness`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error(`${this.name} not ready within ${limitMs} ms:\n${this.log()}`);
  }

  /** Sends SIGTERM, as the kubelet does to a pod being replaced. */
  terminate(): void {
    this.child.kill('SIGTERM');
  }

  /** Resolves with how the process ended. */
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exited;
  }

  /** SIGTERM, then SIGKILL when it has not ended within `limitMs`. */
  async stop(limitMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.terminate();
    const ended = await Promise.race([this.exited.then(() => true), sleep(limitMs).then(() => false)]);
    if (!ended) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** The value of one Prometheus series of `/metrics`, 0 when absent. */
  async metric(series: string): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    for (const line of text.split('\n')) {
      if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
    }
    return 0;
  }

  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
