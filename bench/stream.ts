import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get as httpGet, type IncomingMessage } from 'node:http';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createParser } from 'eventsource-parser';
import type { SandboxClient } from '../sandbox/src/admin-client.ts';
import { adminClient, bootstrapCluster, createProfileNamespace } from '../sandbox/src/bootstrap.ts';
import { startControlPlane, stopControlPlane } from '../sandbox/src/control-plane.ts';
import { freePort } from '../sandbox/src/free-port.ts';
import { serverArgs } from './processes.ts';
import { BENCH_USER } from './seed.ts';
import { renderStreamResults, type StreamBenchResult } from './stream-report.ts';
import type { WriterInput } from './stream-writer.ts';

/**
 * The live-stream benchmark (`npm run bench -- --only stream`): its own control plane, one
 * namespace of notebooks, the real server as its own process, and N streams open from here.
 *  1. idle cost: server RSS and CPU at rest without streams, then with N idle streams;
 *  2. latency: status writes (admin client) one at a time, time from the write to the event on
 *     every stream;
 *  3. flow: `rate` status writes per second for `seconds`, every change must reach every stream,
 *     server CPU meanwhile;
 *  4. shutdown: SIGTERM must end every stream with a `closing` event.
 * Everything is on 127.0.0.1, bounded in count and time.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NAMESPACE = 'bench-live';
const MERGE = 'application/merge-patch+json';
/** More concurrent writes make this API server slower, not faster (measured: 62/s one at a time, 44/s at 64). */
const MAX_WRITES_IN_FLIGHT = 8;

export interface StreamBenchOptions {
  streams: number;
  notebooks: number;
  latencyWrites: number;
  rate: number;
  rateSeconds: number;
  idleSeconds: number;
  /** Streams whose events are parsed in full (the others only have their bytes counted). */
  parsedStreams: number;
  out: string;
}

export const STREAM_BENCH_DEFAULTS: StreamBenchOptions = {
  streams: 1000,
  notebooks: 100,
  latencyWrites: 200,
  rate: 100,
  rateSeconds: 10,
  idleSeconds: 30,
  parsedStreams: 20,
  out: join(ROOT, 'bench/results'),
};

const log = (msg: string) => process.stderr.write(`[bench:stream] ${msg}\n`);

const HEARTBEAT = Buffer.from(':heartbeat\n\n');

/**
 * Heartbeat comments in `chunk`, `tail` being the previous chunk's last bytes (one split across two
 * chunks counts once).
 */
function heartbeats(tail: Buffer, chunk: Buffer): number {
  let count = 0;
  for (let at = chunk.indexOf(HEARTBEAT); at !== -1; at = chunk.indexOf(HEARTBEAT, at + HEARTBEAT.length)) count++;
  if (tail.length === 0) return count;
  const seam = Buffer.concat([tail, chunk.subarray(0, HEARTBEAT.length - 1)]);
  return seam.includes(HEARTBEAT) ? count + 1 : count;
}

/** One open stream: event bytes received, markers (unique status messages) seen and when. */
class BenchStream {
  /**
   * Bytes received other than heartbeat comments: the same on every stream. (A heartbeat reaches
   * the 1,000 sockets over several reads, so counts taken at one moment may split it.)
   */
  eventBytes = 0;
  private tail: Buffer = Buffer.alloc(0);
  snapshot = false;
  ended = false;
  closingReason: string | undefined;
  private watching: string | undefined;
  private onSeen: ((at: number) => void) | undefined;
  private readonly parse: ((chunk: Buffer) => void) | undefined;
  readonly markersParsed = new Set<string>();

  constructor(response: IncomingMessage, parsed: boolean) {
    if (parsed) {
      const parser = createParser({
        onEvent: (event) => {
          if (event.event === 'closing') this.closingReason = JSON.parse(event.data).reason;
          if (event.event !== 'notebooks') return;
          for (const item of JSON.parse(event.data).changed) this.markersParsed.add(item.status.message);
        },
      });
      const decoder = new TextDecoder();
      this.parse = (chunk) => parser.feed(decoder.decode(chunk, { stream: true }));
    }
    // Buffer searches, no string per chunk: 1,000 streams must not starve this process's write driver.
    response.on('data', (chunk: Buffer) => {
      const at = performance.now();
      this.eventBytes += chunk.length - heartbeats(this.tail, chunk) * HEARTBEAT.length;
      const keep = HEARTBEAT.length - 1;
      this.tail =
        chunk.length >= keep ? chunk.subarray(chunk.length - keep) : Buffer.concat([this.tail, chunk]).subarray(-keep);
      if (!this.snapshot && chunk.includes('event:snapshot')) this.snapshot = true;
      if (this.watching && chunk.includes(this.watching)) {
        this.watching = undefined;
        this.onSeen?.(at);
      }
      if (this.parse) this.parse(chunk);
      else if (chunk.includes('event:closing')) {
        this.closingReason = /"reason":"(\w+)"/.exec(chunk.toString('latin1'))?.[1];
      }
    });
    response.on('end', () => (this.ended = true));
    response.on('close', () => (this.ended = true));
    response.on('error', () => (this.ended = true));
  }

  /** Resolves with the arrival time of the first chunk containing `marker` (bounded by the caller). */
  waitFor(marker: string): Promise<number> {
    return new Promise((resolve) => {
      this.watching = marker;
      this.onSeen = resolve;
    });
  }
}

function openStream(port: number, agent: Agent, parsed: boolean): Promise<BenchStream> {
  return new Promise((resolve, reject) => {
    const req = httpGet(
      {
        host: '127.0.0.1',
        port,
        path: `/api/namespaces/${NAMESPACE}/stream?kinds=notebooks`,
        agent,
        headers: { accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`stream answered ${res.statusCode}`));
          return;
        }
        resolve(new BenchStream(res, parsed));
      },
    );
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error('stream open timed out')));
  });
}

/** User + system CPU seconds and RSS of a process, from /proc. */
function processUsage(pid: number): { cpuSeconds: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssPages = Number(fields[21]);
  return { cpuSeconds: ticks / 100, rssBytes: rssPages * 4096 };
}

/** CPU share of one core and median RSS over `seconds` of rest. */
async function atRest(pid: number, seconds: number) {
  const rss: number[] = [];
  const start = processUsage(pid);
  const started = performance.now();
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    rss.push(processUsage(pid).rssBytes);
  }
  const end = processUsage(pid);
  const elapsed = (performance.now() - started) / 1000;
  rss.sort((a, b) => a - b);
  return {
    cpuPercentOfOneCore: round2(((end.cpuSeconds - start.cpuSeconds) / elapsed) * 100),
    rssMiB: Math.round(rss[Math.floor(rss.length / 2)]! / 2 ** 20),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return round2(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: percentile(sorted, 100), n: sorted.length };
}

function statusPatch(marker: string) {
  return { status: { readyReplicas: 0, containerState: { waiting: { reason: 'ImagePullBackOff', message: marker } } } };
}

async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

async function seed(admin: SandboxClient, notebooks: number): Promise<string[]> {
  await createProfileNamespace(admin, NAMESPACE, { editors: [BENCH_USER] });
  const names = Array.from({ length: notebooks }, (_, i) => `live-${String(i).padStart(4, '0')}`);
  await pool(names, 16, async (name) => {
    await admin.must('POST', `/apis/kubeflow.org/v1/namespaces/${NAMESPACE}/notebooks`, {
      apiVersion: 'kubeflow.org/v1',
      kind: 'Notebook',
      metadata: { name, annotations: { 'notebooks.kubeflow.org/server-type': 'jupyter' } },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name,
                image: 'kubeflownotebookswg/jupyter-scipy:v1.10.0',
                resources: { requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '0.6', memory: '1229Mi' } },
              },
            ],
          },
        },
      },
    });
    await admin.must(
      'PATCH',
      `/apis/kubeflow.org/v1/namespaces/${NAMESPACE}/notebooks/${name}/status`,
      statusPatch('seeded'),
      MERGE,
    );
  });
  return names;
}

function startServer(args: string[], env: Record<string, string>, logFile: string): ChildProcess {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...env },
  });
  closeSync(out);
  return child;
}

export async function runStreamBench(options: StreamBenchOptions = STREAM_BENCH_DEFAULTS): Promise<void> {
  const machine = {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: release(),
  };
  const dir = mkdtempSync(join(tmpdir(), 'jupyter-apis-bench-stream-'));
  const info = await startControlPlane(dir, log);
  let server: ChildProcess | undefined;
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const streams: BenchStream[] = [];
  try {
    await bootstrapCluster(info, log);
    const admin = adminClient(info);
    log(`seeding ${options.notebooks} notebooks in ${NAMESPACE}`);
    const names = await seed(admin, options.notebooks);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = startServer(
      serverArgs(info.users.backend.kubeconfig, port, BENCH_USER),
      {
        STREAM_MAX_PER_USER: String(options.streams + 10),
        STREAM_MAX_TOTAL: String(options.streams + 10),
        LOG_LEVEL: 'warn',
      },
      join(dir, 'server.log'),
    );
    let ready = false;
    for (let i = 0; i < 2400 && !ready; i++) {
      try {
        ready = (await fetch(`${base}/healthz/readiness`)).status === 200;
      } catch {
        // not listening yet
      }
      if (!ready) await sleep(25);
    }
    if (!ready) throw new Error(`server never became ready; see ${join(dir, 'server.log')}`);
    const pid = server.pid!;
    // A first request warms the SubjectAccessReview cache and the code paths, then the server rests.
    await fetch(`${base}/api/namespaces/${NAMESPACE}/notebooks`);
    await sleep(5000);
    log(`idle without streams (${options.idleSeconds} s)`);
    const idleWithout = await atRest(pid, options.idleSeconds);

    log(`opening ${options.streams} streams`);
    const opened = performance.now();
    for (let i = 0; i < options.streams; i += 50) {
      const batch = Array.from({ length: Math.min(50, options.streams - i) }, (_, j) =>
        openStream(port, agent, i + j < options.parsedStreams),
      );
      streams.push(...(await Promise.all(batch)));
    }
    for (let i = 0; i < 2400 && !streams.every((s) => s.snapshot); i++) await sleep(25);
    const snapshotsMs = Math.round(performance.now() - opened);
    if (!streams.every((s) => s.snapshot)) throw new Error('not every stream got its snapshot');
    log(`all snapshots in ${snapshotsMs} ms; resting`);
    await sleep(10_000);
    log(`idle with ${options.streams} streams (${options.idleSeconds} s)`);
    const idleWith = await atRest(pid, options.idleSeconds);

    log(`latency: ${options.latencyWrites} status writes, one at a time`);
    const firstArrival: number[] = [];
    const lastArrival: number[] = [];
    const allArrivals: number[] = [];
    let missed = 0;
    for (let i = 0; i < options.latencyWrites; i++) {
      const marker = `bench-w-${i}"`;
      const waits = streams.map((s) => s.waitFor(marker));
      const written = performance.now();
      await admin.must(
        'PATCH',
        `/apis/kubeflow.org/v1/namespaces/${NAMESPACE}/notebooks/${names[i % names.length]}/status`,
        statusPatch(`bench-w-${i}`),
        MERGE,
      );
      const arrivals = await Promise.race([Promise.all(waits), sleep(10_000).then(() => undefined)]);
      if (!arrivals) {
        missed++;
        continue;
      }
      const delays = arrivals.map((at) => at - written);
      allArrivals.push(...delays);
      firstArrival.push(Math.min(...delays));
      lastArrival.push(Math.max(...delays));
      await sleep(20);
    }

    log(`flow: ${options.rate} status writes per second for ${options.rateSeconds} s`);
    const bytesBefore = streams.map((s) => s.eventBytes);
    const total = options.rate * options.rateSeconds;
    const flowStart = processUsage(pid);
    const apiServerStart = processUsage(info.pids.apiserver!);
    const etcdStart = processUsage(info.pids.etcd!);
    const clientStart = process.cpuUsage();
    const flowStarted = performance.now();
    const writer = new Worker(new URL('./stream-writer.ts', import.meta.url), {
      workerData: {
        server: info.server,
        caFile: info.caFile,
        token: info.users.admin.token,
        namespace: NAMESPACE,
        names,
        rate: options.rate,
        total,
        maxInFlight: MAX_WRITES_IN_FLIGHT,
      } satisfies WriterInput,
    });
    const written = await new Promise<{ errors: number; seconds: number }>((resolve, reject) => {
      writer.once('message', resolve);
      writer.once('error', reject);
    });
    await writer.terminate();
    const writeErrors = written.errors;
    // What one status write costs the control plane: why the driver's rate has a ceiling here.
    const apiServerCpuMsPerWrite = round2(
      ((processUsage(info.pids.apiserver!).cpuSeconds - apiServerStart.cpuSeconds) * 1000) / total,
    );
    const etcdCpuMsPerWrite = round2(
      ((processUsage(info.pids.etcd!).cpuSeconds - etcdStart.cpuSeconds) * 1000) / total,
    );
    const writesDone = flowStarted + written.seconds * 1000;
    const parsed = streams.slice(0, options.parsedStreams);
    const expected = Array.from({ length: total }, (_, i) => `ImagePullBackOff: bench-r-${i}`);
    const markersSeen = () => parsed.map((s) => expected.filter((m) => s.markersParsed.has(m)).length);
    // Writes run concurrently, so the last one written is not the last one delivered: wait for all.
    for (let i = 0; i < 1200 && Math.min(...markersSeen()) < total; i++) await sleep(25);
    // Every stream gets the same events: wait until each has as many bytes as the most advanced one.
    const received = () => streams.map((s, i) => s.eventBytes - bytesBefore[i]!);
    for (let i = 0; i < 1200 && new Set(received()).size > 1; i++) await sleep(25);
    const flowEnd = processUsage(pid);
    const flowSeconds = (performance.now() - flowStarted) / 1000;
    const clientCpu = process.cpuUsage(clientStart);
    const perStream = received();
    const seen = markersSeen();

    log('shutdown: SIGTERM with the streams open');
    const stopping = performance.now();
    server.kill('SIGTERM');
    for (let i = 0; i < 600 && !streams.every((s) => s.ended); i++) await sleep(25);
    const shutdownMs = Math.round(performance.now() - stopping);
    const closedByServer = streams.filter((s) => s.ended).length;
    const withClosingEvent = streams.filter((s) => s.closingReason === 'shutdown').length;
    await admin.close();

    const latency = {
      firstStream: summary(firstArrival),
      allStreams: summary(lastArrival),
      everyStream: summary(allArrivals),
    };
    const result: StreamBenchResult = {
      date: new Date().toISOString(),
      machine,
      loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
      setup: {
        streams: options.streams,
        notebooks: options.notebooks,
        latencyWrites: options.latencyWrites,
        rate: options.rate,
        rateSeconds: options.rateSeconds,
        idleSeconds: options.idleSeconds,
        parsedStreams: options.parsedStreams,
        namespace: NAMESPACE,
        snapshotsOpenedInMs: snapshotsMs,
      },
      idle: {
        withoutStreams: idleWithout,
        withStreams: idleWith,
        extraRssMiB: idleWith.rssMiB - idleWithout.rssMiB,
        extraCpuPercentOfOneCore: round2(idleWith.cpuPercentOfOneCore - idleWithout.cpuPercentOfOneCore),
      },
      latencyMs: { ...latency, writes: options.latencyWrites, missed },
      flow: {
        writes: total,
        writeErrors,
        writeSeconds: round2((writesDone - flowStarted) / 1000),
        achievedWritesPerSecond: round2(total / ((writesDone - flowStarted) / 1000)),
        serverCpuPercentOfOneCore: round2(((flowEnd.cpuSeconds - flowStart.cpuSeconds) / flowSeconds) * 100),
        apiServerCpuMsPerWrite,
        etcdCpuMsPerWrite,
        clientCpuPercentOfOneCore: round2(((clientCpu.user + clientCpu.system) / 1e6 / flowSeconds) * 100),
        bytesPerStream: { min: Math.min(...perStream), max: Math.max(...perStream) },
        streamsWithAllBytes: perStream.filter((b) => b === Math.max(...perStream)).length,
        parsedStreamsMarkersSeen: { min: Math.min(...seen), max: Math.max(...seen), of: total },
      },
      shutdown: { streams: options.streams, closedByServer, withClosingEvent, ms: shutdownMs },
    };
    const md = renderStreamResults(result);
    mkdirSync(options.out, { recursive: true });
    writeFileSync(join(options.out, 'stream.json'), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(options.out, 'stream.md'), md);
    process.stdout.write(`${md}\n`);
    log(`results written to ${options.out}`);
  } finally {
    agent.destroy();
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
    }
    await stopControlPlane(info);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: Object.fromEntries(
      Object.keys(STREAM_BENCH_DEFAULTS).map((key) => [
        key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
        { type: 'string' as const },
      ]),
    ),
  });
  const options = { ...STREAM_BENCH_DEFAULTS };
  for (const key of Object.keys(STREAM_BENCH_DEFAULTS) as (keyof StreamBenchOptions)[]) {
    const value = values[key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)];
    if (typeof value === 'string') (options as Record<string, unknown>)[key] = key === 'out' ? value : Number(value);
  }
  await runStreamBench(options);
}
