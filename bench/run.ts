import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { bootstrapCluster, adminClient } from '../sandbox/src/bootstrap.ts';
import { startControlPlane, stopControlPlane } from '../sandbox/src/control-plane.ts';
import { freePort } from '../sandbox/src/free-port.ts';
import { sumMetric } from './prometheus-text.ts';
import { BENCH_USER, BIG_NAMESPACE, SMALL_NAMESPACE, seedCluster, type ClusterSize } from './seed.ts';
import { SERVER_NODE_FLAGS } from '../backend/src/node-flags.ts';
import { runStreamBench, STREAM_BENCH_DEFAULTS } from './stream.ts';

/**
 * `npm run bench`: a real control plane seeded with a realistic cluster, the real server as its own
 * process (reads served from watch caches), autocannon from here, and a bare node:http floor.
 * Everything listens on 127.0.0.1 and every load run is bounded in time.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    notebooks: { type: 'string', default: '10000' },
    namespaces: { type: 'string', default: '200' },
    'big-namespace': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '24' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
    /** `stream`: only the live-stream scenarios (bench/stream.ts). */
    only: { type: 'string' },
  },
});
const size: ClusterSize = {
  notebooks: Number(flags.notebooks),
  namespaces: Number(flags.namespaces),
  bigNamespaceNotebooks: Number(flags['big-namespace']),
  smallNamespaceNotebooks: 10,
  concurrency: Number(flags.concurrency),
};
const DURATION = Number(flags.duration);
const CONNECTIONS = Number(flags.connections);

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

interface Scenario {
  name: string;
  path: string;
  headers?: Record<string, string>;
  /** Served by the floor server instead of ours. */
  floor?: boolean;
}

interface ScenarioResult {
  name: string;
  path: string;
  skipped?: string;
  requestsPerSecond?: number;
  latencyP50Ms?: number;
  latencyP99Ms?: number;
  megabytesPerSecond?: number;
  requests?: number;
  statuses?: Record<string, number>;
  errors?: number;
  bodyBytes?: number;
  kubeCallsPerRequest?: number;
  kubeCalls?: Record<string, number>;
  /** Server process CPU (user + system) per request during the run. */
  serverCpuMsPerRequest?: number;
}

/** Answers built on a memo miss: a unique query parameter per request, one request at a time. */
interface BuildCostResult {
  name: string;
  path: string;
  requests: number;
  bodyBytes: number;
  /** Server-side build time (jwa_response_build_seconds): access checks done → serialised bytes. */
  meanBuildMs: number;
  /** What the client waited per request, HTTP and all. */
  meanLatencyMs: number;
  serverCpuMsPerRequest: number;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), etag: res.headers.get('etag') };
}

/** Non-watch Kubernetes calls by verb and resource, to say which calls a run made. */
function callsByLabels(text: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^jwa_k8s_requests_total\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!m || m[1]!.includes('verb="watch"') || m[1]!.includes('resource="readyz"')) continue;
    const verb = /verb="([^"]*)"/.exec(m[1]!)?.[1];
    const resource = /resource="([^"]*)"/.exec(m[1]!)?.[1];
    const key = `${verb} ${resource}`;
    calls.set(key, (calls.get(key) ?? 0) + Number(m[2]));
  }
  return calls;
}

function callDelta(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [key, value] of after) if (value - (before.get(key) ?? 0) > 0) delta[key] = value - (before.get(key) ?? 0);
  return delta;
}

async function metricsOf(base: string) {
  const text = (await get(`${base}/metrics`)).body.toString('utf8');
  return {
    // Watches and the periodic API-server ping are background work, not caused by reads.
    kubeCalls: sumMetric(
      text,
      'jwa_k8s_requests_total',
      (labels) => !labels.includes('verb="watch"') && !labels.includes('resource="readyz"'),
    ),
    watches: sumMetric(text, 'jwa_k8s_requests_total', (labels) => labels.includes('verb="watch"')),
    rssBytes: sumMetric(text, 'process_resident_memory_bytes'),
    heapUsedBytes: sumMetric(text, 'nodejs_heap_size_used_bytes'),
    heapTotalBytes: sumMetric(text, 'nodejs_heap_size_total_bytes'),
    externalBytes: sumMetric(text, 'nodejs_external_memory_bytes'),
    calls: callsByLabels(text),
    restarts: sumMetric(text, 'jwa_informer_restarts_total'),
    cpuSeconds: sumMetric(text, 'process_cpu_seconds_total'),
    buildSeconds: sumMetric(text, 'jwa_response_build_seconds_sum'),
    builds: sumMetric(text, 'jwa_response_build_seconds_count'),
  };
}

function startProcess(args: string[], logFile: string): ChildProcess {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', out, out] });
  closeSync(out);
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** A browser that loaded the UI once sends its XSRF cookie with every poll. */
const BROWSER_COOKIE = { cookie: 'XSRF-TOKEN=bench-csrf-token-0123456789abcdefghijklmnop' };

async function load(url: string, headers: Record<string, string>, duration: number) {
  return autocannon({
    url,
    headers: { ...BROWSER_COOKIE, ...headers },
    connections: CONNECTIONS,
    duration,
    pipelining: 1,
  });
}

/** Per-cache sync times from the server's log (`cache synced` lines). */
function cacheSyncTimes(logFile: string): Record<string, number> {
  const times: Record<string, number> = {};
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('"cache synced"')) continue;
    try {
      const entry = JSON.parse(line) as { cache: string; ms: number };
      times[entry.cache] = entry.ms;
    } catch {
      // not a JSON log line
    }
  }
  return times;
}

async function runScenario(base: string, floorBase: string, scenario: Scenario): Promise<ScenarioResult> {
  const target = (scenario.floor ? floorBase : base) + scenario.path;
  const probe = await get(target, scenario.headers);
  if (probe.status !== 200 && probe.status !== 304) {
    return { name: scenario.name, path: scenario.path, skipped: `GET answered ${probe.status}` };
  }
  await load(target, scenario.headers ?? {}, 2); // warm-up: JIT, SAR cache, memo
  const before = await metricsOf(base);
  const result = await load(target, scenario.headers ?? {}, DURATION);
  const after = await metricsOf(base);
  const requests = result.requests.total;
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat?.count ?? 0;
  return {
    name: scenario.name,
    path: scenario.path,
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    megabytesPerSecond: Math.round((result.throughput.average / 1e6) * 10) / 10,
    requests,
    statuses,
    errors: result.errors + result.timeouts,
    bodyBytes: probe.body.length,
    kubeCallsPerRequest: scenario.floor
      ? undefined
      : requests
        ? Math.round(((after.kubeCalls - before.kubeCalls) / requests) * 1e6) / 1e6
        : 0,
    kubeCalls: scenario.floor ? undefined : callDelta(before.calls, after.calls),
    serverCpuMsPerRequest:
      scenario.floor || !requests ? undefined : round3(((after.cpuSeconds - before.cpuSeconds) * 1000) / requests),
  };
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

const BUILD_COST_REQUESTS = 300;
const BUILD_COST_WARMUP = 30;

/**
 * What an answer costs to build, without the fixed cost of serving any request: every request
 * carries a query parameter no request had before, so the memo never answers it. Sequential, so
 * the server-side time is the build alone and not time spent queued behind other requests.
 */
async function measureBuildCost(base: string, name: string, path: string): Promise<BuildCostResult> {
  const url = (i: number) => `${base}${path}?bench-miss=${i}`;
  for (let i = 0; i < BUILD_COST_WARMUP; i++) await get(url(-1 - i), BROWSER_COOKIE);
  const before = await metricsOf(base);
  let bodyBytes = 0;
  const started = performance.now();
  for (let i = 0; i < BUILD_COST_REQUESTS; i++) {
    const res = await get(url(i), BROWSER_COOKIE);
    if (res.status !== 200) throw new Error(`${name}: GET ${path} answered ${res.status}`);
    bodyBytes = res.body.length;
  }
  const elapsedMs = performance.now() - started;
  const after = await metricsOf(base);
  const builds = after.builds - before.builds;
  return {
    name,
    path,
    requests: BUILD_COST_REQUESTS,
    bodyBytes,
    meanBuildMs: builds ? round3(((after.buildSeconds - before.buildSeconds) * 1000) / builds) : NaN,
    meanLatencyMs: round3(elapsedMs / BUILD_COST_REQUESTS),
    serverCpuMsPerRequest: round3(((after.cpuSeconds - before.cpuSeconds) * 1000) / BUILD_COST_REQUESTS),
  };
}

function buildCostTable(results: BuildCostResult[]): string {
  const rows = [
    '| answer built on a memo miss | requests | body bytes | mean build ms (server) | mean latency ms (client) | server CPU ms/request |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    rows.push(
      `| ${r.name} | ${r.requests} | ${r.bodyBytes} | ${r.meanBuildMs} | ${r.meanLatencyMs} | ${r.serverCpuMsPerRequest} |`,
    );
  }
  return rows.join('\n');
}

function table(results: ScenarioResult[]): string {
  const rows = [
    '| scenario | req/s | p50 ms | p99 ms | MB/s | body bytes | K8s calls/request | server CPU ms/request |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    if (r.skipped) rows.push(`| ${r.name} | skipped: ${r.skipped} | | | | | | |`);
    else
      rows.push(
        `| ${r.name} | ${r.requestsPerSecond} | ${r.latencyP50Ms} | ${r.latencyP99Ms} | ${r.megabytesPerSecond} | ${r.bodyBytes} | ${r.kubeCallsPerRequest ?? '—'} | ${r.serverCpuMsPerRequest ?? '—'} |`,
      );
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  const machine = {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: release(),
  };
  log(`machine: ${JSON.stringify(machine)}`);
  const dir = mkdtempSync(join(tmpdir(), 'jupyter-apis-bench-'));
  const info = await startControlPlane(dir, log);
  const children: ChildProcess[] = [];
  try {
    await bootstrapCluster(info, log);
    const admin = adminClient(info);
    log(`seeding ${size.notebooks} notebooks in ${size.namespaces} namespaces (concurrency ${size.concurrency})`);
    const seedStarted = performance.now();
    const { objects } = await seedCluster(admin, size, log);
    const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
    await admin.close();
    log(`seeded ${objects} objects in ${seedSeconds} s`);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const serverStarted = performance.now();
    const server = startProcess(
      [
        ...SERVER_NODE_FLAGS,
        'backend/src/main.ts',
        '-kubeconfig',
        info.users.backend.kubeconfig,
        '-listen-addr',
        `127.0.0.1:${port}`,
        '-dev-user',
        BENCH_USER,
      ],
      join(dir, 'server.log'),
    );
    children.push(server);
    let startToReadyMs: number | undefined;
    for (let i = 0; i < 1200 && startToReadyMs === undefined; i++) {
      try {
        if ((await get(`${base}/healthz/readiness`)).status === 200) {
          startToReadyMs = Math.round(performance.now() - serverStarted);
        }
      } catch {
        // not listening yet
      }
      if (startToReadyMs === undefined) await sleep(25);
    }
    if (startToReadyMs === undefined) throw new Error(`server never became ready; see ${join(dir, 'server.log')}`);
    const syncTimes = cacheSyncTimes(join(dir, 'server.log'));
    log(`server ready in ${startToReadyMs} ms; caches synced after (ms): ${JSON.stringify(syncTimes)}`);
    const afterSync = await metricsOf(base);

    const big = await get(`${base}/api/namespaces/${BIG_NAMESPACE}/notebooks`);
    const bodyFile = join(dir, 'floor-body.json');
    const floorPort = await freePort();
    const floorBase = `http://127.0.0.1:${floorPort}`;
    let floorAvailable = big.status === 200;
    if (floorAvailable) {
      writeFileSync(bodyFile, big.body);
      children.push(startProcess(['bench/floor-server.ts', bodyFile, String(floorPort)], join(dir, 'floor.log')));
      floorAvailable = false;
      for (let i = 0; i < 200 && !floorAvailable; i++) {
        try {
          floorAvailable = (await get(floorBase)).status === 200;
        } catch {
          await sleep(25);
        }
      }
    }

    const scenarios: Scenario[] = [
      { name: 'floor: node:http, same bytes as the 1,000 list', path: '/', floor: true },
      { name: `list notebooks (${size.bigNamespaceNotebooks})`, path: `/api/namespaces/${BIG_NAMESPACE}/notebooks` },
      {
        name: `list notebooks (${size.bigNamespaceNotebooks}), If-None-Match`,
        path: `/api/namespaces/${BIG_NAMESPACE}/notebooks`,
        headers: big.etag ? { 'if-none-match': big.etag } : undefined,
      },
      {
        name: `list notebooks (${size.smallNamespaceNotebooks})`,
        path: `/api/namespaces/${SMALL_NAMESPACE}/notebooks`,
      },
      { name: 'get notebook', path: `/api/namespaces/${BIG_NAMESPACE}/notebooks/nb-0001` },
      { name: `list PVCs (${size.bigNamespaceNotebooks})`, path: `/api/namespaces/${BIG_NAMESPACE}/pvcs` },
      { name: 'list PodDefaults', path: `/api/namespaces/${BIG_NAMESPACE}/poddefaults` },
      { name: 'config', path: '/api/config' },
    ];
    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      if (scenario.floor && !floorAvailable) {
        results.push({ name: scenario.name, path: scenario.path, skipped: 'no notebooks list to copy' });
        continue;
      }
      log(`load: ${scenario.name}`);
      results.push(await runScenario(base, floorBase, scenario));
    }
    const buildCosts: BuildCostResult[] = [];
    for (const [count, namespace] of [
      [size.bigNamespaceNotebooks, BIG_NAMESPACE],
      [size.smallNamespaceNotebooks, SMALL_NAMESPACE],
    ] as const) {
      const name = `list notebooks (${count})`;
      log(`build cost: ${name}`);
      buildCosts.push(await measureBuildCost(base, name, `/api/namespaces/${namespace}/notebooks`));
    }
    const afterLoad = await metricsOf(base);
    const loadAverage = loadavg().map((l) => Math.round(l * 10) / 10);
    // V8 gives memory back once allocation calms down: also sample after a quiet spell.
    await sleep(20_000);
    const settled = await metricsOf(base);

    const byName = (prefix: string) => results.find((r) => r.name.startsWith(prefix) && !r.skipped);
    const floor = byName('floor');
    const bigList = results.find((r) => r.name === `list notebooks (${size.bigNamespaceNotebooks})` && !r.skipped);
    const smallList = byName(`list notebooks (${size.smallNamespaceNotebooks})`);
    const reads = results.filter((r) => !r.skipped && r.kubeCallsPerRequest !== undefined);
    const bigBuild = buildCosts.find((r) => r.name === `list notebooks (${size.bigNamespaceNotebooks})`);
    const smallBuild = buildCosts.find((r) => r.name === `list notebooks (${size.smallNamespaceNotebooks})`);
    const ratio = (big: number | undefined, small: number | undefined) =>
      big !== undefined && small ? Math.round((big / small) * 10) / 10 : null;
    const summary = {
      date: new Date().toISOString(),
      machine,
      cluster: { ...size, objectsSeeded: objects, seedSeconds },
      load: { durationSeconds: DURATION, connections: CONNECTIONS, loadAverageAfterRuns: loadAverage },
      startToReadyMs,
      cacheSyncMs: syncTimes,
      rssMiBAfterSync: Math.round(afterSync.rssBytes / 2 ** 20),
      rssMiBAfterLoad: Math.round(afterLoad.rssBytes / 2 ** 20),
      heapUsedMiBAfterSync: Math.round(afterSync.heapUsedBytes / 2 ** 20),
      heapTotalMiBAfterSync: Math.round(afterSync.heapTotalBytes / 2 ** 20),
      externalMiBAfterSync: Math.round(afterSync.externalBytes / 2 ** 20),
      heapUsedMiBAfterLoad: Math.round(afterLoad.heapUsedBytes / 2 ** 20),
      rssMiBSettled: Math.round(settled.rssBytes / 2 ** 20),
      heapUsedMiBSettled: Math.round(settled.heapUsedBytes / 2 ** 20),
      informerRestarts: afterLoad.restarts,
      scenarios: results,
      buildCosts,
      targets: {
        listVsFloor:
          floor && bigList ? Math.round((bigList.requestsPerSecond! / floor.requestsPerSecond!) * 100) / 100 : null,
        listP99Ms: bigList?.latencyP99Ms ?? null,
        maxKubeCallsPerRead: reads.length ? Math.max(...reads.map((r) => r.kubeCallsPerRequest!)) : null,
        // What reads cost besides the SubjectAccessReview each user's decision needs once per cache TTL
        // and the 60 s node poll (list without watch): the watch caches' own share.
        maxCacheMissCallsPerRead: reads.length
          ? Math.max(
              ...reads.map((r) => {
                const other = Object.entries(r.kubeCalls ?? {})
                  .filter(([call]) => call !== 'create subjectaccessreviews' && call !== 'list nodes')
                  .reduce((sum, [, n]) => sum + n, 0);
                return r.requests ? other / r.requests : 0;
              }),
            )
          : null,
        smallVsBigListThroughput:
          smallList && bigList
            ? Math.round((smallList.requestsPerSecond! / bigList.requestsPerSecond!) * 10) / 10
            : null,
        bigVsSmallListBuildCost: ratio(bigBuild?.meanBuildMs, smallBuild?.meanBuildMs),
        bigVsSmallListCpuOnMiss: ratio(bigBuild?.serverCpuMsPerRequest, smallBuild?.serverCpuMsPerRequest),
      },
    };
    const t = summary.targets;
    const verdict = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : 'MISSED');
    const markdown = [
      `# Benchmark results (${summary.date.slice(0, 10)})`,
      '',
      `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, Linux ${machine.kernel}. ` +
        'The control plane, the server, the floor and autocannon share these cores.',
      '',
      `Cluster: ${size.notebooks} notebooks (each with a pod and an event) in ${size.namespaces} namespaces; ` +
        `${size.bigNamespaceNotebooks} in \`${BIG_NAMESPACE}\` and ${size.smallNamespaceNotebooks} in \`${SMALL_NAMESPACE}\` ` +
        `(those also have PVCs and statuses); ${objects} objects seeded in ${seedSeconds} s.`,
      '',
      `Load: autocannon, ${CONNECTIONS} connections, ${DURATION} s per scenario after a 2 s warm-up, on 127.0.0.1. ` +
        `Machine load average (1, 5, 15 min) after the runs: ${loadAverage.join(', ')} (other work shares the machine).`,
      '',
      table(results),
      '',
      `Answers built on a memo miss (the cost that follows the answer): ${BUILD_COST_REQUESTS} requests one at a time, each with a ` +
        `query parameter no request had before, after ${BUILD_COST_WARMUP} such warm-up requests. Build time is the server's ` +
        "`jwa_response_build_seconds` (access checks done → serialised bytes); CPU is the server process's " +
        '`process_cpu_seconds_total` over the same requests.',
      '',
      buildCostTable(buildCosts),
      '',
      `- Start to ready (spawn to \`/healthz/readiness\` 200, all caches synced): ${startToReadyMs} ms; ` +
        `each cache synced after (ms from starting the caches): ${JSON.stringify(syncTimes)}`,
      `- RSS after sync: ${summary.rssMiBAfterSync} MiB (V8 heap used ${summary.heapUsedMiBAfterSync} MiB of ${summary.heapTotalMiBAfterSync} MiB, external ${summary.externalMiBAfterSync} MiB); after load: ${summary.rssMiBAfterLoad} MiB (heap used ${summary.heapUsedMiBAfterLoad} MiB); 20 s later: ${summary.rssMiBSettled} MiB (heap used ${summary.heapUsedMiBSettled} MiB)`,
      `- Kubernetes calls during the load runs (besides watches and the API-server ping): ${
        results
          .filter((r) => r.kubeCalls && Object.keys(r.kubeCalls).length > 0)
          .map((r) => `${r.name}: ${JSON.stringify(r.kubeCalls)}`)
          .join('; ') || 'none'
      }`,
      `- Informer restarts during the run: ${afterLoad.restarts}`,
      '',
      '| target | goal | measured | |',
      '|---|---|---|---|',
      `| 1,000 list vs floor throughput | ≥ 0.8 | ${t.listVsFloor ?? 'n/a'} | ${verdict(t.listVsFloor === null ? null : t.listVsFloor >= 0.8)} |`,
      `| 1,000 list p99 at ${CONNECTIONS} connections | ≤ 50 ms | ${t.listP99Ms ?? 'n/a'} ms | ${verdict(t.listP99Ms === null ? null : t.listP99Ms <= 50)} |`,
      `| Kubernetes calls per read, besides one SAR per user and TTL (all calls) | 0 | ${t.maxCacheMissCallsPerRead ?? 'n/a'} (${t.maxKubeCallsPerRead?.toFixed(6) ?? 'n/a'}) | ${verdict(t.maxCacheMissCallsPerRead === null ? null : t.maxCacheMissCallsPerRead === 0)} |`,
      `| RSS with all caches synced (after load; settled) | ≤ 300 MiB | ${summary.rssMiBAfterSync} MiB (${summary.rssMiBAfterLoad}; ${summary.rssMiBSettled}) | ${verdict(summary.rssMiBAfterSync <= 300)} |`,
      `| start to ready | ≤ 5 s | ${startToReadyMs} ms | ${verdict(startToReadyMs <= 5000)} |`,
      `| 10 list vs 1,000 list: cost to build the answer (memo miss, server build time) — the target | ≥ 20× | ${t.bigVsSmallListBuildCost ?? 'n/a'}× | ${verdict(t.bigVsSmallListBuildCost === null ? null : t.bigVsSmallListBuildCost >= 20)} |`,
      `| 10 list vs 1,000 list: server CPU per request on a memo miss (informational) | — | ${t.bigVsSmallListCpuOnMiss ?? 'n/a'}× | |`,
      `| 10 list vs 1,000 list: throughput of memoised answers (bounded by per-request overhead; informational) | — | ${t.smallVsBigListThroughput ?? 'n/a'}× | |`,
      '',
    ].join('\n');
    mkdirSync(flags.out, { recursive: true });
    writeFileSync(join(flags.out, 'results.json'), JSON.stringify(summary, null, 2) + '\n');
    writeFileSync(join(flags.out, 'results.md'), markdown);
    process.stdout.write(`${markdown}\n`);
    log(`results written to ${flags.out}`);
  } finally {
    for (const child of children) await stopProcess(child);
    await stopControlPlane(info);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (flags.only !== 'stream') await main();
await runStreamBench({ ...STREAM_BENCH_DEFAULTS, out: flags.out });
