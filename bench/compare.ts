import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { adminClient, bootstrapCluster } from '../sandbox/src/bootstrap.ts';
import { startControlPlane, stopControlPlane } from '../sandbox/src/control-plane.ts';
import { freePort } from '../sandbox/src/free-port.ts';
import { BROWSER_COOKIE, loadRun, median, round, type LoadRun } from './load.ts';
import { get, processCpuMs, serverArgs, startNodeProcess, stopProcess, waitFor200 } from './processes.ts';
import { BENCH_USER, BIG_NAMESPACE, SMALL_NAMESPACE, seedCluster } from './seed.ts';

/**
 * `node bench/compare.ts --dirs a,b[,c…]`: two or more checkouts of the server side by side on one
 * small seeded control plane (the 1,000 and 10 lists, one notebook), in interleaved rounds whose
 * order rotates each round, so that the machine's changing load falls on every checkout alike.
 * Reports medians of throughput, p99 and CPU per request (from /proc) per checkout: the before/after
 * figure for a change to the per-request path. Everything started here is stopped at the end.
 */
const { values: flags } = parseArgs({
  options: {
    dirs: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10,50' },
    /** Which of the routes below to load (`big`, `small`, `one`); all by default. */
    routes: { type: 'string', default: 'big,small,one' },
  },
});
if (!flags.dirs) throw new Error('--dirs a,b: the checkouts to compare');
const DIRS = flags.dirs.split(',').map((d) => resolve(d));
for (const d of DIRS) {
  // Checked before anything starts: a spawn in a missing directory fails outside every cleanup.
  if (!existsSync(join(d, 'backend/src/main.ts'))) throw new Error(`--dirs: ${d} holds no backend/src/main.ts`);
  if (!existsSync(join(d, 'node_modules'))) throw new Error(`--dirs: ${d} has no node_modules`);
}
const ROUNDS = Number(flags.rounds);
const DURATION = Number(flags.duration);
const CONNECTIONS = flags.connections.split(',').map(Number);
const WARMUP_SECONDS = 2;

const log = (msg: string) => process.stderr.write(`[compare ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

interface Contender {
  dir: string;
  base: string;
  child: ChildProcess;
}

async function startServer(dir: string, kubeconfig: string, logFile: string): Promise<Contender> {
  const port = await freePort();
  const child = startNodeProcess(serverArgs(kubeconfig, port, BENCH_USER), dir, logFile);
  return { dir, base: `http://127.0.0.1:${port}`, child };
}

const ROUTES = {
  big: { name: 'list notebooks (1000)', path: `/api/namespaces/${BIG_NAMESPACE}/notebooks` },
  small: { name: 'list notebooks (10)', path: `/api/namespaces/${SMALL_NAMESPACE}/notebooks` },
  one: { name: 'get notebook', path: `/api/namespaces/${BIG_NAMESPACE}/notebooks/nb-0001` },
};
const targets = flags.routes.split(',').map((r) => {
  if (!(r in ROUTES)) throw new Error(`--routes: unknown route ${r} (big, small, one)`);
  return ROUTES[r as keyof typeof ROUTES];
});

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jupyter-apis-compare-'));
  const info = await startControlPlane(dir, log);
  const contenders: Contender[] = [];
  const stopAll = async () => {
    for (const c of contenders) await stopProcess(c.child);
    await stopControlPlane(info);
    rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stopAll().then(() => process.exit(130)));
  }
  try {
    await bootstrapCluster(info, log);
    const admin = adminClient(info);
    const size = { notebooks: 1010, namespaces: 2, bigNamespaceNotebooks: 1000, smallNamespaceNotebooks: 10 };
    await seedCluster(admin, { ...size, concurrency: 24 }, log);
    await admin.close();
    for (const [i, d] of DIRS.entries()) {
      contenders.push(await startServer(d, info.users.backend.kubeconfig, join(dir, `server-${i}.log`)));
    }
    for (const c of contenders) {
      if ((await waitFor200(`${c.base}/healthz/readiness`, 120_000)) === undefined)
        throw new Error(`${c.dir} never became ready`);
    }
    log(
      `load average ${loadavg()
        .map((l) => round(l, 1))
        .join(', ')}; ${ROUNDS} rounds × ${DURATION} s`,
    );
    for (const target of targets) {
      for (const connections of CONNECTIONS) {
        const runs = contenders.map(() => [] as { run: LoadRun; cpuMs: number }[]);
        for (const c of contenders) {
          const probe = await get(c.base + target.path, BROWSER_COOKIE);
          if (probe.status !== 200) throw new Error(`${c.dir}: GET ${target.path} answered ${probe.status}`);
          await loadRun(c.base + target.path, {}, connections, WARMUP_SECONDS);
        }
        for (let r = 0; r < ROUNDS; r++) {
          // Rotate who goes first, so no checkout always runs on the warmest or coolest machine.
          for (let k = 0; k < contenders.length; k++) {
            const i = (k + r) % contenders.length;
            const c = contenders[i]!;
            const before = processCpuMs(c.child.pid!);
            const run = await loadRun(c.base + target.path, {}, connections, DURATION);
            runs[i]!.push({ run, cpuMs: run.requests ? (processCpuMs(c.child.pid!) - before) / run.requests : 0 });
          }
        }
        const line = contenders
          .map((c, i) => {
            const rs = runs[i]!;
            const rps = median(rs.map((x) => x.run.requestsPerSecond));
            const p99 = median(rs.map((x) => x.run.latencyP99Ms));
            const cpu = round(median(rs.map((x) => x.cpuMs)), 3);
            const errors = rs.reduce((n, x) => n + x.run.errors + x.run.non2xx, 0);
            const each = rs.map((x) => x.run.requestsPerSecond).join('/');
            return `${basename(c.dir)}: ${rps} req/s (${each}) p99 ${p99} ms cpu ${cpu} ms/req${errors ? ` errors ${errors}` : ''}`;
          })
          .join(' | ');
        process.stdout.write(`${target.name} @${connections}: ${line}\n`);
      }
    }
    log(
      `load average ${loadavg()
        .map((l) => round(l, 1))
        .join(', ')} at the end`,
    );
  } finally {
    await stopAll();
  }
}

await main();
