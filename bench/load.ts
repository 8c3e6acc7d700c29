import { loadavg } from 'node:os';
import autocannon from 'autocannon';

/** One bounded autocannon run against one URL. */
export interface LoadRun {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** The machine's 1-minute load average when the run ended. */
  loadAverage1m: number;
}

/** A browser that loaded the UI once sends its XSRF cookie with every poll. */
export const BROWSER_COOKIE = { cookie: 'XSRF-TOKEN=bench-csrf-token-0123456789abcdefghijklmnop' };

export async function loadRun(
  url: string,
  headers: Record<string, string>,
  connections: number,
  durationSeconds: number,
): Promise<LoadRun> {
  const result = await autocannon({
    url,
    headers: { ...BROWSER_COOKIE, ...headers },
    connections,
    duration: durationSeconds,
    pipelining: 1,
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    loadAverage1m: round(loadavg()[0]!, 2),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Our server and the floor answering the same bytes, measured in alternating runs. */
export interface Comparison {
  name: string;
  path: string;
  bodyBytes: number;
  connections: number;
  server: LoadRun[];
  floor: LoadRun[];
  /** Server CPU milliseconds per request in each of our runs. */
  serverCpuMsPerRequest: number[];
  /** The floor's CPU milliseconds per request in each of its runs. */
  floorCpuMsPerRequest: number[];
  /** Kubernetes calls (besides watches and the health ping) per request over our runs. */
  kubeCallsPerRequest: number;
  kubeCalls: Record<string, number>;
  /** Medians over the rounds. */
  serverRps: number;
  floorRps: number;
  serverP99Ms: number;
  floorP99Ms: number;
  /** serverRps / floorRps of the medians, and of each round (the spread). */
  throughputRatio: number;
  roundRatios: number[];
  /** serverP99Ms / floorP99Ms of the medians. */
  p99Ratio: number;
}

export function summariseComparison(
  c: Omit<
    Comparison,
    'serverRps' | 'floorRps' | 'serverP99Ms' | 'floorP99Ms' | 'throughputRatio' | 'roundRatios' | 'p99Ratio'
  >,
): Comparison {
  const serverRps = median(c.server.map((r) => r.requestsPerSecond));
  const floorRps = median(c.floor.map((r) => r.requestsPerSecond));
  const serverP99Ms = median(c.server.map((r) => r.latencyP99Ms));
  const floorP99Ms = median(c.floor.map((r) => r.latencyP99Ms));
  return {
    ...c,
    serverRps,
    floorRps,
    serverP99Ms,
    floorP99Ms,
    throughputRatio: round(serverRps / floorRps, 2),
    roundRatios: c.server.map((s, i) => round(s.requestsPerSecond / c.floor[i]!.requestsPerSecond, 2)),
    p99Ratio: round(serverP99Ms / Math.max(floorP99Ms, 1), 2),
  };
}

/** A single run of our server for the routes that have no floor to compare with. */
export interface SingleRun extends LoadRun {
  name: string;
  path: string;
  connections: number;
  bodyBytes: number;
  kubeCallsPerRequest: number;
  kubeCalls: Record<string, number>;
  serverCpuMsPerRequest: number;
}

/** Answers built on a memo miss: a unique query parameter per request, one request at a time. */
export interface BuildCost {
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
