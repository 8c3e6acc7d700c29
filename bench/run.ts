import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bootstrapCluster, adminClient } from '../sandbox/src/bootstrap.ts';
import { startControlPlane, stopControlPlane } from '../sandbox/src/control-plane.ts';
import { freePort } from '../sandbox/src/free-port.ts';
import { summariseCpuProfile, type ProfileSummary } from './cpu-profile.ts';
import { EtcdWriter } from './etcd-writer.ts';
import {
  BROWSER_COOKIE,
  loadRun,
  round,
  summariseComparison,
  type BuildCost,
  type Comparison,
  type LoadRun,
  type SingleRun,
  median,
} from './load.ts';
import { get, processCpuMs, serverArgs, startNodeProcess, stopProcess, waitFor200 } from './processes.ts';
import { sumMetric } from './prometheus-text.ts';
import { writeReport } from './report.ts';
import { BENCH_USER, BIG_NAMESPACE, SMALL_NAMESPACE, seedCluster, type ClusterSize } from './seed.ts';
import { runStreamBench, STREAM_BENCH_DEFAULTS } from './stream.ts';

/**
 * `npm run bench`: a real control plane seeded with a realistic cluster, the real server as its own
 * process (reads served from watch caches), autocannon from here, and a bare node:http floor that
 * answers the same bytes. Server and floor runs alternate, round after round, so that the machine's
 * changing load falls on both. Everything listens on 127.0.0.1, every run is bounded in time, and
 * everything started here is stopped at the end.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    notebooks: { type: 'string', default: '10000' },
    /** Default: 50 notebooks per namespace. */
    namespaces: { type: 'string' },
    'big-namespace': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '24' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10,50' },
    'quiet-minutes': { type: 'string', default: '0' },
    /** Server starts timed to ready (each from a cold process; the median is reported, the last start is measured on). */
    starts: { type: 'string', default: '3' },
    /** How other teams' objects are written: through the API server, or straight to etcd (default above 10,000). */
    'seed-via': { type: 'string' },
    profile: { type: 'boolean', default: false },
    'server-dir': { type: 'string', default: ROOT },
    label: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
    /** `stream`: only the live-stream scenarios (bench/stream.ts); `load`: everything but them. */
    only: { type: 'string' },
  },
});
const notebooks = Number(flags.notebooks);
const size: ClusterSize = {
  notebooks,
  namespaces: Number(flags.namespaces ?? Math.max(2, Math.round(notebooks / 50))),
  bigNamespaceNotebooks: Number(flags['big-namespace']),
  smallNamespaceNotebooks: 10,
  concurrency: Number(flags.concurrency),
};
const ROUNDS = Number(flags.rounds);
const DURATION = Number(flags.duration);
const CONNECTIONS = flags.connections.split(',').map(Number);
const QUIET_MINUTES = Number(flags['quiet-minutes']);
const STARTS = Math.max(1, Number(flags.starts));
const SERVER_DIR = resolve(flags['server-dir']);
const LABEL = flags.label ?? `notebooks-${notebooks}`;
const SEED_VIA = flags['seed-via'] ?? (notebooks > 10_000 ? 'etcd' : 'api');
if (SEED_VIA !== 'etcd' && SEED_VIA !== 'api') throw new Error(`--seed-via must be etcd or api, got ${SEED_VIA}`);
const WARMUP_SECONDS = 2;
const PROFILE_SECONDS = 15;
const BUILD_COST_REQUESTS = 300;
const BUILD_COST_WARMUP = 30;
/** A browser's request as autocannon sends it: fetch alone would ask for gzip. */
const UNCOMPRESSED = { ...BROWSER_COOKIE, 'accept-encoding': 'identity' };

const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const loadAverage = () => loadavg().map((l) => round(l, 1));

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

type Metrics = Awaited<ReturnType<typeof metricsOf>>;

async function metricsOf(base: string) {
  const text = (await get(`${base}/metrics`)).body.toString('utf8');
  return {
    // Watches and the periodic API-server ping are background work, not caused by reads.
    kubeCalls: sumMetric(
      text,
      'jwa_k8s_requests_total',
      (labels) => !labels.includes('verb="watch"') && !labels.includes('resource="readyz"'),
    ),
    rssBytes: sumMetric(text, 'process_resident_memory_bytes'),
    heapUsedBytes: sumMetric(text, 'nodejs_heap_size_used_bytes'),
    heapTotalBytes: sumMetric(text, 'nodejs_heap_size_total_bytes'),
    externalBytes: sumMetric(text, 'nodejs_external_memory_bytes'),
    calls: callsByLabels(text),
    restarts: sumMetric(text, 'jwa_informer_restarts_total'),
    relists: sumMetric(text, 'jwa_informer_relists_total'),
    cpuSeconds: sumMetric(text, 'process_cpu_seconds_total'),
    buildSeconds: sumMetric(text, 'jwa_response_build_seconds_sum'),
    builds: sumMetric(text, 'jwa_response_build_seconds_count'),
  };
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

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

interface Target {
  name: string;
  path: string;
  headers?: Record<string, string>;
}

/** Headers a floor must not replay: they describe the connection or the moment, not the answer. */
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

class Server {
  readonly base: string;
  readonly process: ChildProcess;
  readonly logFile: string;

  private constructor(child: ChildProcess, port: number, logFile: string) {
    this.base = `http://127.0.0.1:${port}`;
    this.process = child;
    this.logFile = logFile;
  }

  static async start(kubeconfig: string, logFile: string, extraNodeFlags: string[] = []) {
    const port = await freePort();
    const child = startNodeProcess(serverArgs(kubeconfig, port, BENCH_USER, extraNodeFlags), SERVER_DIR, logFile);
    return new Server(child, port, logFile);
  }
}

async function measureSingle(
  server: Server,
  target: Target,
  connections: number,
): Promise<SingleRun | { name: string; path: string; skipped: string }> {
  const url = server.base + target.path;
  const probe = await get(url, { ...BROWSER_COOKIE, ...target.headers });
  if (probe.status !== 200 && probe.status !== 304) return { ...target, skipped: `GET answered ${probe.status}` };
  await loadRun(url, target.headers ?? {}, connections, WARMUP_SECONDS);
  const before = await metricsOf(server.base);
  const run = await loadRun(url, target.headers ?? {}, connections, DURATION);
  const after = await metricsOf(server.base);
  return {
    name: target.name,
    path: target.path,
    connections,
    bodyBytes: probe.body.length,
    ...run,
    kubeCallsPerRequest: run.requests ? round((after.kubeCalls - before.kubeCalls) / run.requests, 6) : 0,
    kubeCalls: callDelta(before.calls, after.calls),
    serverCpuMsPerRequest: run.requests ? round(((after.cpuSeconds - before.cpuSeconds) * 1000) / run.requests, 3) : 0,
  };
}

/**
 * Server and floor on the same route and connection count, alternating: R rounds of one run each,
 * the order flipped every round so that neither always runs first.
 */
async function compareInRounds(
  server: Server,
  floorBase: string,
  floorPid: number,
  targets: Target[],
  answers: Map<string, Buffer>,
): Promise<Comparison[]> {
  const pending = targets.flatMap((target) =>
    CONNECTIONS.map((connections) => ({
      target,
      connections,
      server: [] as LoadRun[],
      floor: [] as LoadRun[],
      cpu: [] as number[],
      floorCpu: [] as number[],
      kubeCalls: 0,
      requests: 0,
      calls: {} as Record<string, number>,
    })),
  );
  for (const p of pending) {
    await loadRun(server.base + p.target.path, {}, p.connections, WARMUP_SECONDS);
    await loadRun(floorBase + p.target.path, {}, p.connections, WARMUP_SECONDS);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of pending) {
      const ours = async () => {
        const before = await metricsOf(server.base);
        const run = await loadRun(server.base + p.target.path, {}, p.connections, DURATION);
        const after = await metricsOf(server.base);
        p.server.push(run);
        p.cpu.push(run.requests ? ((after.cpuSeconds - before.cpuSeconds) * 1000) / run.requests : 0);
        p.kubeCalls += after.kubeCalls - before.kubeCalls;
        p.requests += run.requests;
        for (const [k, v] of Object.entries(callDelta(before.calls, after.calls))) p.calls[k] = (p.calls[k] ?? 0) + v;
      };
      const floor = async () => {
        const before = processCpuMs(floorPid);
        const run = await loadRun(floorBase + p.target.path, {}, p.connections, DURATION);
        p.floor.push(run);
        p.floorCpu.push(run.requests ? (processCpuMs(floorPid) - before) / run.requests : 0);
      };
      if (round % 2 === 0) {
        await ours();
        await floor();
      } else {
        await floor();
        await ours();
      }
      log(
        `round ${round + 1}/${ROUNDS} ${p.target.name} @${p.connections}: ours ${p.server.at(-1)!.requestsPerSecond} req/s ` +
          `p99 ${p.server.at(-1)!.latencyP99Ms} ms, floor ${p.floor.at(-1)!.requestsPerSecond} req/s p99 ${p.floor.at(-1)!.latencyP99Ms} ms`,
      );
    }
  }
  return pending.map((p) =>
    summariseComparison({
      name: p.target.name,
      path: p.target.path,
      bodyBytes: answers.get(p.target.path)!.length,
      connections: p.connections,
      server: p.server,
      floor: p.floor,
      serverCpuMsPerRequest: p.cpu.map((c) => round(c, 3)),
      floorCpuMsPerRequest: p.floorCpu.map((c) => round(c, 3)),
      kubeCallsPerRequest: p.requests ? round(p.kubeCalls / p.requests, 6) : 0,
      kubeCalls: p.calls,
    }),
  );
}

/**
 * What an answer costs to build, without the fixed cost of serving any request: every request
 * carries a query parameter no request had before, so the memo never answers it. Sequential, so
 * the server-side time is the build alone and not time spent queued behind other requests.
 */
async function measureBuildCost(base: string, name: string, path: string): Promise<BuildCost> {
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
    meanBuildMs: builds ? round(((after.buildSeconds - before.buildSeconds) * 1000) / builds, 3) : NaN,
    meanLatencyMs: round(elapsedMs / BUILD_COST_REQUESTS, 3),
    serverCpuMsPerRequest: round(((after.cpuSeconds - before.cpuSeconds) * 1000) / BUILD_COST_REQUESTS, 3),
  };
}

type RouteProfile = ProfileSummary & { path: string; seconds: number; connections: number };

/**
 * CPU profiles of the server under load on each of `paths` in turn: a server started with
 * --cpu-prof, its profile cut to the samples taken during each load run (start-up, cache sync and
 * the other route are left out).
 */
async function profileUnderLoad(kubeconfig: string, dir: string, paths: string[]): Promise<RouteProfile[]> {
  const profileDir = join(dir, 'cpu-profile');
  const server = await Server.start(kubeconfig, join(dir, 'server-profiled.log'), [
    '--cpu-prof',
    `--cpu-prof-dir=${profileDir}`,
  ]);
  try {
    if ((await waitFor200(`${server.base}/healthz/readiness`, 300_000)) === undefined) {
      throw new Error('the profiled server never became ready');
    }
    const connections = CONNECTIONS[0]!;
    const windows: { path: string; from: bigint; to: bigint }[] = [];
    for (const path of paths) {
      await loadRun(server.base + path, {}, connections, WARMUP_SECONDS);
      const from = process.hrtime.bigint() / 1000n;
      await loadRun(server.base + path, {}, connections, PROFILE_SECONDS);
      windows.push({ path, from, to: process.hrtime.bigint() / 1000n });
    }
    await stopProcess(server.process);
    const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('no CPU profile written');
    return windows.map(({ path, from, to }) => ({
      path,
      seconds: PROFILE_SECONDS,
      connections,
      ...summariseCpuProfile(join(profileDir, file), { from, to }),
    }));
  } finally {
    await stopProcess(server.process);
  }
}

function gitCommit(dir: string): string {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Whatever is running when the bench is interrupted is stopped too. */
const cleanups: (() => Promise<void>)[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping everything the bench started`);
    void Promise.allSettled(cleanups.map((c) => c())).then(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const machine = {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    kernel: release(),
  };
  log(`machine: ${JSON.stringify(machine)}; load average ${loadAverage().join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'jupyter-apis-bench-'));
  const info = await startControlPlane(dir, log);
  const children: ChildProcess[] = [];
  cleanups.push(async () => {
    for (const child of children) await stopProcess(child);
    await stopControlPlane(info);
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    await bootstrapCluster(info, log);
    const admin = adminClient(info);
    log(
      `seeding ${size.notebooks} notebooks in ${size.namespaces} namespaces (concurrency ${size.concurrency}; ` +
        `other teams' objects through ${SEED_VIA === 'etcd' ? 'etcd directly' : 'the API server'})`,
    );
    const seedStarted = performance.now();
    const bulk = SEED_VIA === 'etcd' ? new EtcdWriter(info.etcdPort) : undefined;
    const { objects } = await seedCluster(admin, size, log, bulk);
    await bulk?.close();
    // Start to ready must measure our server, not the API server still taking in the seed: wait
    // until its watch caches hold etcd's current version (they answer 504 until then).
    const current = (await admin.must('GET', '/api/v1/namespaces?limit=1')).metadata.resourceVersion as string;
    for (const path of ['/api/v1/pods', '/apis/kubeflow.org/v1/notebooks', '/api/v1/namespaces']) {
      const started = performance.now();
      const url = `${path}?limit=1&resourceVersion=${current}&resourceVersionMatch=NotOlderThan`;
      while ((await admin.call('GET', url)).status !== 200) {
        if (performance.now() - started > 20 * 60_000)
          throw new Error(`the API server's ${path} cache never caught up`);
      }
    }
    const seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
    await admin.close();
    log(`seeded ${objects} objects in ${seedSeconds} s`);

    const kubeconfig = info.users.backend.kubeconfig;
    const loadAtStart = loadAverage();
    // Start to ready varies with what the machine does at that moment: several cold starts, the
    // median reported; the last server stays up for the measurements.
    const startToReadyRunsMs: number[] = [];
    let server: Server | undefined;
    let syncTimes: Record<string, number> = {};
    for (let i = 1; i <= STARTS; i++) {
      const started = performance.now();
      const candidate = await Server.start(kubeconfig, join(dir, `server-start-${i}.log`));
      children.push(candidate.process);
      const readyAfter = await waitFor200(`${candidate.base}/healthz/readiness`, 300_000);
      if (readyAfter === undefined) throw new Error(`server never became ready; see ${candidate.logFile}`);
      startToReadyRunsMs.push(Math.round(performance.now() - started));
      syncTimes = cacheSyncTimes(candidate.logFile);
      log(
        `start ${i}/${STARTS}: ready in ${startToReadyRunsMs.at(-1)} ms (load average ${loadAverage().join(', ')}); caches synced after (ms): ${JSON.stringify(syncTimes)}`,
      );
      if (i < STARTS) {
        // SIGINT: no drain, the next start begins at once.
        const exited = new Promise((resolve) => candidate.process.once('exit', resolve));
        candidate.process.kill('SIGINT');
        await exited;
      } else server = candidate;
    }
    if (!server) throw new Error('no server started');
    const startToReadyMs = median(startToReadyRunsMs);
    log(`start to ready: median ${startToReadyMs} ms of ${JSON.stringify(startToReadyRunsMs)}`);
    // The server collects garbage once, 0.5 s after its caches synced (backend/src/server.ts).
    await sleep(2000);
    const afterSync = await metricsOf(server.base);
    log(
      `after sync: RSS ${mib(afterSync.rssBytes)} MiB, heap used ${mib(afterSync.heapUsedBytes)} of ` +
        `${mib(afterSync.heapTotalBytes)} MiB, external ${mib(afterSync.externalBytes)} MiB`,
    );

    const compared: Target[] = [
      { name: `list notebooks (${size.bigNamespaceNotebooks})`, path: `/api/namespaces/${BIG_NAMESPACE}/notebooks` },
      {
        name: `list notebooks (${size.smallNamespaceNotebooks})`,
        path: `/api/namespaces/${SMALL_NAMESPACE}/notebooks`,
      },
      { name: 'get notebook', path: `/api/namespaces/${BIG_NAMESPACE}/notebooks/nb-0001` },
    ];
    // The floor answers exactly what our server answered a browser, headers included. Uncompressed,
    // as autocannon gets it: fetch would decode a compressed body and keep its content-encoding.
    const answers = new Map<string, Buffer>();
    const floorAnswers: Record<string, { headers: Record<string, string>; body: string }> = {};
    for (const target of compared) {
      const res = await get(server.base + target.path, UNCOMPRESSED);
      if (res.status !== 200) throw new Error(`GET ${target.path} answered ${res.status}`);
      answers.set(target.path, res.body);
      const headers = Object.fromEntries(Object.entries(res.headers).filter(([k]) => !HOP_HEADERS.has(k)));
      floorAnswers[target.path] = { headers, body: res.body.toString('base64') };
    }
    const answersFile = join(dir, 'floor-answers.json');
    writeFileSync(answersFile, JSON.stringify(floorAnswers));
    const floorPort = await freePort();
    const floorBase = `http://127.0.0.1:${floorPort}`;
    const floor = startNodeProcess(
      ['bench/floor-server.ts', String(floorPort), answersFile],
      ROOT,
      join(dir, 'floor.log'),
    );
    children.push(floor);
    if ((await waitFor200(floorBase + compared[0]!.path, 30_000)) === undefined) {
      // The temporary directory goes with the control plane: say here what the floor said.
      const said = readFileSync(join(dir, 'floor.log'), 'utf8').slice(-2000);
      throw new Error(`the floor never answered (exit ${floor.exitCode ?? floor.signalCode ?? 'none'}): ${said}`);
    }

    log(
      `interleaved rounds: ${ROUNDS} × ${compared.length} routes × connections ${CONNECTIONS.join(', ')}, ${DURATION} s per run`,
    );
    const comparisons = await compareInRounds(server, floorBase, floor.pid!, compared, answers);

    const big = compared[0]!;
    // Uncompressed like autocannon's requests: a gzip answer's ETag would not match theirs.
    const bigEtag = (await get(server.base + big.path, UNCOMPRESSED)).headers.etag;
    const singles: (SingleRun | { name: string; path: string; skipped: string })[] = [];
    const maxConnections = Math.max(...CONNECTIONS);
    for (const target of [
      { ...big, name: `${big.name}, If-None-Match`, headers: bigEtag ? { 'if-none-match': bigEtag } : undefined },
      { name: `list PVCs (${size.bigNamespaceNotebooks})`, path: `/api/namespaces/${BIG_NAMESPACE}/pvcs` },
      { name: 'list PodDefaults', path: `/api/namespaces/${BIG_NAMESPACE}/poddefaults` },
      { name: 'config', path: '/api/config' },
    ]) {
      log(`load: ${target.name}`);
      singles.push(await measureSingle(server, target, maxConnections));
    }

    const buildCosts: BuildCost[] = [];
    for (const target of compared.slice(0, 2)) {
      log(`build cost: ${target.name}`);
      buildCosts.push(await measureBuildCost(server.base, target.name, target.path));
    }
    const afterLoad = await metricsOf(server.base);
    const loadAtEnd = loadAverage();
    // V8 gives memory back once allocation calms down: also sample after a quiet spell.
    await sleep(20_000);
    const settled = await metricsOf(server.base);

    let quiet: { minutes: number; relists: number; restarts: number; kubeCalls: Record<string, number> } | undefined;
    if (QUIET_MINUTES > 0) {
      log(`quiet run: ${QUIET_MINUTES} minutes without requests (relists counted)`);
      const before = await metricsOf(server.base);
      for (let m = 0; m < QUIET_MINUTES; m++) {
        await sleep(60_000);
        const now: Metrics = await metricsOf(server.base);
        log(
          `  quiet minute ${m + 1}: relists ${now.relists - before.relists}, restarts ${now.restarts - before.restarts}`,
        );
      }
      const after = await metricsOf(server.base);
      quiet = {
        minutes: QUIET_MINUTES,
        relists: after.relists - before.relists,
        restarts: after.restarts - before.restarts,
        kubeCalls: callDelta(before.calls, after.calls),
      };
    }

    await stopProcess(server.process);
    let profiles: RouteProfile[] | undefined;
    if (flags.profile) {
      log(`CPU profiles: ${compared[1]!.name}, then ${compared[0]!.name}, ${PROFILE_SECONDS} s each`);
      profiles = await profileUnderLoad(kubeconfig, dir, [compared[1]!.path, compared[0]!.path]);
    }

    const summary = {
      label: LABEL,
      date: new Date().toISOString(),
      serverCode: gitCommit(SERVER_DIR),
      machine,
      cluster: { ...size, objectsSeeded: objects, seedSeconds, seededVia: SEED_VIA },
      load: { rounds: ROUNDS, durationSeconds: DURATION, connections: CONNECTIONS, warmupSeconds: WARMUP_SECONDS },
      loadAverage: { atServerStart: loadAtStart, afterLoad: loadAtEnd },
      startToReadyMs,
      startToReadyRunsMs,
      cacheSyncMs: syncTimes,
      memory: {
        rssMiBAfterSync: mib(afterSync.rssBytes),
        heapUsedMiBAfterSync: mib(afterSync.heapUsedBytes),
        heapTotalMiBAfterSync: mib(afterSync.heapTotalBytes),
        externalMiBAfterSync: mib(afterSync.externalBytes),
        rssMiBAfterLoad: mib(afterLoad.rssBytes),
        heapUsedMiBAfterLoad: mib(afterLoad.heapUsedBytes),
        rssMiBSettled: mib(settled.rssBytes),
        heapUsedMiBSettled: mib(settled.heapUsedBytes),
      },
      relistsDuringRun: afterLoad.relists,
      informerRestarts: afterLoad.restarts,
      comparisons,
      singles,
      buildCosts,
      quiet,
      profiles,
      benchMinutes: round((performance.now() - benchStarted) / 60_000, 1),
    };
    mkdirSync(flags.out, { recursive: true });
    writeFileSync(join(flags.out, `run-${LABEL}.json`), JSON.stringify(summary, null, 2) + '\n');
    const markdown = writeReport(flags.out);
    process.stdout.write(`${markdown}\n`);
    log(`results written to ${flags.out} (run-${LABEL}.json, results.md) after ${summary.benchMinutes} min`);
  } finally {
    for (const child of children) await stopProcess(child);
    await stopControlPlane(info);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (flags.only !== undefined && flags.only !== 'stream' && flags.only !== 'load') {
  throw new Error(`--only must be stream or load, got ${flags.only}`);
}
if (flags.only !== 'stream') await main();
if (flags.only !== 'load') await runStreamBench({ ...STREAM_BENCH_DEFAULTS, out: flags.out });
