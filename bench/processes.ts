import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVER_NODE_FLAGS } from '../backend/src/node-flags.ts';

/** A Node child process of the bench, its output appended to `logFile`. */
export function startNodeProcess(args: string[], cwd: string, logFile: string): ChildProcess {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', out, out] });
  closeSync(out);
  return child;
}

/**
 * The arguments that run the server of a checkout on 127.0.0.1:`port`; with a `user`, in dev mode as that
 * user (without one, requests name their user in the header).
 */
export function serverArgs(kubeconfig: string, port: number, user?: string, extraNodeFlags: string[] = []): string[] {
  return [
    ...SERVER_NODE_FLAGS,
    ...extraNodeFlags,
    'backend/src/main.ts',
    '-kubeconfig',
    kubeconfig,
    '-listen-addr',
    `127.0.0.1:${port}`,
    ...(user ? ['-dev-user', user] : []),
  ];
}

/** SIGTERM, then SIGKILL after 15 s; resolves once the process is gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

export async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  const responseHeaders: Record<string, string> = {};
  res.headers.forEach((value, key) => (responseHeaders[key] = value));
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: responseHeaders };
}

/** Polls `url` every 25 ms until it answers 200; the milliseconds it took, or undefined. */
export async function waitFor200(url: string, limitMs: number): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    try {
      if ((await get(url)).status === 200) return Math.round(performance.now() - started);
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  return undefined;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (10 ms ticks). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const TICK_MS = 10;
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}
