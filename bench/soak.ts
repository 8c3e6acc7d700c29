/**
 * `npm run soak`: many concurrent users for a while on the local control plane, with one API server
 * restart in the middle. Prints and writes bench/results/soak.md: the 5xx count, lost or phantom
 * writes (checked against the API server at the end), the readiness timeline, and the server's RSS
 * and open handles before and after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { adminClient, bootstrapCluster, createProfileNamespace } from '../sandbox/src/bootstrap.ts';
import { startApiServer, startControlPlane, stopApiServer, stopControlPlane } from '../sandbox/src/control-plane.ts';
import { freePort } from '../sandbox/src/free-port.ts';
import { serverArgs } from './processes.ts';
import { sumMetric } from './prometheus-text.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NAMESPACE = 'soak';
const USER = 'alice@example.com';
const CSRF = 'soak-csrf-token-0123456789abcdefghijklmnopqrstu';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    duration: { type: 'string', default: '60' },
    out: { type: 'string', default: join(ROOT, 'bench', 'results') },
  },
});
const CLIENTS = Number(values.clients);
const DURATION_MS = Number(values.duration) * 1000;

const log = (msg: string) => console.error(`[soak] ${msg}`);
const dispatcher = new Agent({ connections: CLIENTS + 10, keepAliveTimeout: 30_000 });

type Action = 'list' | 'listPvcs' | 'get' | 'create' | 'stop' | 'start' | 'delete';
const WEIGHTS: [Action, number][] = [
  ['list', 40],
  ['listPvcs', 15],
  ['get', 10],
  ['create', 12],
  ['stop', 8],
  ['start', 7],
  ['delete', 8],
];

interface Outcome {
  action: Action;
  status: number;
  ms: number;
  at: number;
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<number> {
  const headers: Record<string, string> = { 'kubeflow-userid': USER };
  if (method !== 'GET') {
    headers['x-xsrf-token'] = CSRF;
    headers.cookie = `XSRF-TOKEN=${CSRF}`;
    headers['content-type'] = 'application/json';
  }
  try {
    const res = await request(`${base}${path}`, {
      method: method as 'GET',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher,
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
    });
    await res.body.dump();
    return res.statusCode;
  } catch {
    return 0;
  }
}

async function metrics(base: string): Promise<{ rss: number; handles: number }> {
  const res = await request(`${base}/metrics`, { dispatcher });
  const text = await res.body.text();
  return {
    rss: sumMetric(text, 'process_resident_memory_bytes'),
    handles: sumMetric(text, 'nodejs_active_handles_total'),
  };
}

function pick(random: number): Action {
  const total = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  let left = random * total;
  for (const [action, weight] of WEIGHTS) {
    left -= weight;
    if (left < 0) return action;
  }
  return 'list';
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jupyter-apis-soak-'));
  const children: ChildProcess[] = [];
  const info = await startControlPlane(dir, log);
  try {
    await bootstrapCluster(info, log);
    const admin = adminClient(info);
    await createProfileNamespace(admin, NAMESPACE, { editors: [USER] });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const out = openSync(join(dir, 'server.log'), 'a');
    const server = spawn(process.execPath, serverArgs(info.users.backend.kubeconfig, port), {
      cwd: ROOT,
      stdio: ['ignore', out, out],
      env: { ...process.env, RATE_LIMIT_PER_MINUTE: '0', APP_SECURE_COOKIES: 'false', LOG_LEVEL: 'warn' },
    });
    closeSync(out);
    children.push(server);
    for (let i = 0; ; i++) {
      if ((await call(base, 'GET', '/healthz/readiness')) === 200) break;
      if (i > 2400) throw new Error(`server never became ready; see ${join(dir, 'server.log')}`);
      await sleep(50);
    }
    // RBAC for alice, seen by the API server's authorizer.
    for (let i = 0; (await call(base, 'GET', `/api/namespaces/${NAMESPACE}/notebooks`)) !== 200; i++) {
      if (i > 200) throw new Error('alice never got access');
      await sleep(100);
    }
    // Warm up so that "before" is a running server, not a cold one.
    await Promise.all(Array.from({ length: 400 }, () => call(base, 'GET', `/api/namespaces/${NAMESPACE}/notebooks`)));
    const before = await metrics(base);
    log(
      `server ready; RSS ${Math.round(before.rss / 2 ** 20)} MiB, ${before.handles} handles; ${CLIENTS} clients for ${DURATION_MS / 1000} s`,
    );

    const started = Date.now();
    const deadline = started + DURATION_MS;
    const outcomes: Outcome[] = [];
    /** What the API said happened to each notebook: the last successful create/delete. */
    const expected = new Map<string, 'present' | 'absent'>();
    const uncertain = new Set<string>();
    const readiness: { at: number; status: number }[] = [];
    const restart = { killedAt: 0, readyAt: 0 };

    const readinessLoop = (async () => {
      while (Date.now() < deadline + 5000) {
        readiness.push({ at: Date.now() - started, status: await call(base, 'GET', '/healthz/readiness') });
        await sleep(500);
      }
    })();
    const restartLoop = (async () => {
      await sleep(DURATION_MS / 2 - 10_000);
      restart.killedAt = Date.now() - started;
      log(`restarting the API server at ${Math.round(restart.killedAt / 1000)} s`);
      await stopApiServer(info, 'SIGTERM');
      await startApiServer(info);
      restart.readyAt = Date.now() - started;
      log(`API server ready again at ${Math.round(restart.readyAt / 1000)} s`);
    })();

    const client = async (id: number) => {
      const mine: string[] = [];
      let n = 0;
      while (Date.now() < deadline) {
        const action = pick(Math.random());
        const t0 = performance.now();
        let status: number;
        const nbPath = (name: string) => `/api/namespaces/${NAMESPACE}/notebooks/${name}`;
        const target = mine.length > 0 ? mine[Math.floor(Math.random() * mine.length)]! : undefined;
        switch (action) {
          case 'list':
            status = await call(base, 'GET', `/api/namespaces/${NAMESPACE}/notebooks`);
            break;
          case 'listPvcs':
            status = await call(base, 'GET', `/api/namespaces/${NAMESPACE}/pvcs`);
            break;
          case 'get':
            if (!target) continue;
            status = await call(base, 'GET', nbPath(target));
            break;
          case 'create': {
            const name = `s${id}-${n++}`;
            status = await call(base, 'POST', `/api/namespaces/${NAMESPACE}/notebooks`, { name, noWorkspace: true });
            if (status === 200) {
              expected.set(name, 'present');
              mine.push(name);
            } else if (status === 0 || status >= 500) uncertain.add(name);
            break;
          }
          case 'stop':
          case 'start':
            if (!target) continue;
            status = await call(base, 'PATCH', nbPath(target), { stopped: action === 'stop' });
            break;
          case 'delete':
            if (!target) continue;
            status = await call(base, 'DELETE', nbPath(target));
            if (status === 200) {
              expected.set(target, 'absent');
              mine.splice(mine.indexOf(target), 1);
            } else if (status === 0 || status >= 500) uncertain.add(target);
            break;
        }
        outcomes.push({ action, status, ms: performance.now() - t0, at: Date.now() - started });
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    await restartLoop;
    await readinessLoop;

    // Let deletions finish (foreground deletion needs the garbage collector) and the server settle.
    await sleep(10_000);
    const list = await admin.must('GET', `/apis/kubeflow.org/v1/namespaces/${NAMESPACE}/notebooks`);
    const present = new Set<string>(
      list.items.filter((o: any) => !o.metadata.deletionTimestamp).map((o: any) => o.metadata.name as string),
    );
    const lost = [...expected].filter(
      ([name, state]) => state === 'present' && !present.has(name) && !uncertain.has(name),
    );
    const resurrected = [...expected].filter(
      ([name, state]) => state === 'absent' && present.has(name) && !uncertain.has(name),
    );
    const phantom = [...present].filter((name) => !expected.has(name) && !uncertain.has(name));
    const after = await metrics(base);
    await admin.close();

    const byStatus = new Map<string, number>();
    for (const o of outcomes)
      byStatus.set(`${o.action} ${o.status}`, (byStatus.get(`${o.action} ${o.status}`) ?? 0) + 1);
    const fiveXx = outcomes.filter((o) => o.status >= 500 || o.status === 0);
    const fiveXxDuringRestart = fiveXx.filter((o) => o.at >= restart.killedAt && o.at <= restart.readyAt + 5000);
    const readinessChanges = readiness.filter((r, i) => i === 0 || r.status !== readiness[i - 1]!.status);
    const p = (q: number, list: number[]) => list.sort((a, b) => a - b)[Math.floor(q * (list.length - 1))] ?? 0;
    const reads = outcomes.filter((o) => o.action === 'list' || o.action === 'listPvcs' || o.action === 'get');
    const readsDuringRestart = reads.filter((o) => o.at >= restart.killedAt && o.at <= restart.readyAt);
    const mib = (b: number) => Math.round(b / 2 ** 20);

    const lines = [
      '# Soak run',
      '',
      `${CLIENTS} concurrent clients for ${DURATION_MS / 1000} s of mixed reads, creates, stops, starts and deletes (one user, namespace \`${NAMESPACE}\`), against the real server process on the local control plane; the API server restarted (SIGTERM, then started again with the same flags) at ${Math.round(restart.killedAt / 1000)} s and answered again at ${Math.round(restart.readyAt / 1000)} s. Machine: ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)} at the end. \`npm run soak\` (\`--clients\`, \`--duration\`).`,
      '',
      '| What | Result |',
      '|---|---|',
      `| Requests | ${outcomes.length} (${reads.length} reads) |`,
      `| 5xx or no answer | ${fiveXx.length} (${fiveXxDuringRestart.length} of them from the restart until 5 s after the API server answered again) |`,
      `| Reads during the restart window | ${readsDuringRestart.length}, of which ${readsDuringRestart.filter((o) => o.status === 200).length} answered 200 |`,
      `| Read latency p50 / p99 | ${Math.round(
        p(
          0.5,
          reads.map((o) => o.ms),
        ),
      )} ms / ${Math.round(
        p(
          0.99,
          reads.map((o) => o.ms),
        ),
      )} ms |`,
      `| Lost writes (create answered 200, notebook absent at the end) | ${lost.length} |`,
      `| Deleted notebooks back (delete answered 200, present at the end) | ${resurrected.length} |`,
      `| Phantom notebooks (present though no create answered 200 or an unknown outcome) | ${phantom.length} |`,
      `| Writes with an unknown outcome (5xx/no answer), not counted above | ${uncertain.size} |`,
      `| Readiness timeline | ${readinessChanges.map((r) => `${(r.at / 1000).toFixed(1)} s: ${r.status}`).join('; ')} (${readiness.length} samples, ${readiness.filter((r) => r.status !== 200).length} not 200) |`,
      `| RSS before / after | ${mib(before.rss)} MiB / ${mib(after.rss)} MiB |`,
      `| Open handles before / after | ${before.handles} / ${after.handles} |`,
      '',
      '## Answers by action and status',
      '',
      '| Action | Status | Count |',
      '|---|---|---|',
      ...[...byStatus].sort().map(([key, count]) => `| ${key.split(' ')[0]} | ${key.split(' ')[1]} | ${count} |`),
      '',
    ];
    const text = lines.join('\n');
    console.log(text);
    mkdirSync(values.out!, { recursive: true });
    writeFileSync(join(values.out!, 'soak.md'), text);
    if (lost.length + resurrected.length + phantom.length > 0) process.exitCode = 1;
  } finally {
    for (const child of children) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), sleep(15_000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    }
    await stopControlPlane(info);
    await dispatcher.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
