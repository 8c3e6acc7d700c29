import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileSummary } from './cpu-profile.ts';
import type { BuildCost, Comparison, SingleRun } from './load.ts';

/**
 * `bench/results/results.md` from every `run-*.json` beside it (the 10,000- and 100,000-notebook
 * runs, and any run of older server code kept for comparison), with the issue's targets checked
 * and the hand-written `notes.md` appended. `node bench/report.ts` rebuilds it alone.
 */
type RouteProfile = ProfileSummary & { path: string; seconds: number; connections: number };

interface Run {
  label: string;
  date: string;
  serverCode: string;
  machine: { cores: number; cpuModel: string; memoryGiB: number; node: string; kernel: string };
  cluster: {
    notebooks: number;
    namespaces: number;
    bigNamespaceNotebooks: number;
    objectsSeeded: number;
    seedSeconds: number;
  };
  load: { rounds: number; durationSeconds: number; connections: number[]; warmupSeconds: number };
  loadAverage: { atServerStart: number[]; afterLoad: number[] };
  startToReadyMs: number;
  /** Each cold start's time to ready, when the run made several (the median is `startToReadyMs`). */
  startToReadyRunsMs?: number[];
  cacheSyncMs: Record<string, number>;
  memory: Record<string, number>;
  relistsDuringRun: number;
  informerRestarts: number;
  comparisons: Comparison[];
  singles: (SingleRun | { name: string; path: string; skipped: string })[];
  buildCosts: BuildCost[];
  quiet?: { minutes: number; relists: number; restarts: number; kubeCalls: Record<string, number> };
  /** Older run files have one profile (the 10-notebook list). */
  profile?: RouteProfile;
  profiles?: RouteProfile[];
  benchMinutes: number;
}

type Measured = Run['comparisons'][number] | Exclude<Run['singles'][number], { skipped: string }>;

/** The runs that measured something (a skipped route has nothing to report). */
function measured(run: Run): Measured[] {
  return [
    ...run.comparisons,
    ...run.singles.filter((s): s is Exclude<typeof s, { skipped: string }> => !('skipped' in s)),
  ];
}

const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : '**MISSED**');
const list = (values: number[]) => values.join(' / ');

/** Calls a read makes besides one SubjectAccessReview per user and TTL and the 60 s node poll. */
function cacheMissCalls(calls: Record<string, number>): number {
  return Object.entries(calls)
    .filter(([call]) => call !== 'create subjectaccessreviews' && call !== 'list nodes')
    .reduce((sum, [, n]) => sum + n, 0);
}

function comparisonTable(run: Run): string {
  const rows = [
    '| route | conn. | ours req/s (median; rounds) | floor req/s (median; rounds) | ratio (rounds) | p99 ms ours / floor (medians) | p99 ratio | CPU ms/req ours (rounds) | CPU ms/req floor (rounds) | K8s calls/req |',
    '|---|---:|---|---|---|---|---:|---|---|---:|',
  ];
  for (const c of run.comparisons) {
    rows.push(
      `| ${c.name} (${c.bodyBytes} B) | ${c.connections} | ${c.serverRps} (${list(c.server.map((r) => r.requestsPerSecond))}) | ` +
        `${c.floorRps} (${list(c.floor.map((r) => r.requestsPerSecond))}) | **${c.throughputRatio}** (${list(c.roundRatios)}) | ` +
        `${c.serverP99Ms} / ${c.floorP99Ms} | **${c.p99Ratio}** | ${list(c.serverCpuMsPerRequest)} | ${list(c.floorCpuMsPerRequest ?? [])} | ${c.kubeCallsPerRequest} |`,
    );
  }
  return rows.join('\n');
}

function singlesTable(run: Run): string {
  const rows = [
    '| route (ours only, one run) | conn. | req/s | p50 ms | p99 ms | body bytes | server CPU ms/req | K8s calls/req |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of run.singles) {
    if ('skipped' in s) rows.push(`| ${s.name} | | skipped: ${s.skipped} | | | | | |`);
    else
      rows.push(
        `| ${s.name} | ${s.connections} | ${s.requestsPerSecond} | ${s.latencyP50Ms} | ${s.latencyP99Ms} | ${s.bodyBytes} | ${s.serverCpuMsPerRequest} | ${s.kubeCallsPerRequest} |`,
      );
  }
  return rows.join('\n');
}

function buildCostTable(run: Run): string {
  const rows = [
    '| answer built on a memo miss | requests | body bytes | mean build ms (server) | mean latency ms (client) | server CPU ms/req |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const b of run.buildCosts) {
    rows.push(
      `| ${b.name} | ${b.requests} | ${b.bodyBytes} | ${b.meanBuildMs} | ${b.meanLatencyMs} | ${b.serverCpuMsPerRequest} |`,
    );
  }
  return rows.join('\n');
}

function profileSection(run: Run): string {
  return (run.profiles ?? (run.profile ? [run.profile] : [])).map(profileTable).join('\n');
}

function profileTable(p: RouteProfile): string {
  return [
    `CPU profile (\`--cpu-prof\`, samples of the ${p.seconds} s load run only, ${p.connections} connections on \`${p.path}\`; ` +
      `${p.busyMs} ms busy). Self time by where the code lives:`,
    '',
    '| where | share of busy CPU |',
    '|---|---:|',
    ...p.categories.map((c) => `| ${c.category} | ${c.percent}% |`),
    '',
    '<details><summary>Functions with the most self time</summary>',
    '',
    '| function | share |',
    '|---|---:|',
    ...p.top.map((f) => `| \`${f.fn.replace(/\|/g, '\\|')}\` | ${f.percent}% |`),
    '',
    '</details>',
    '',
  ].join('\n');
}

function runSection(run: Run): string {
  const m = run.memory;
  const calls = measured(run)
    .filter((r) => Object.keys(r.kubeCalls).length > 0)
    .map((r) => `${r.name}${'connections' in r ? ` @${r.connections}` : ''}: ${JSON.stringify(r.kubeCalls)}`);
  return [
    `## Run \`${run.label}\` (${run.date.slice(0, 16).replace('T', ' ')} UTC, server code ${run.serverCode})`,
    '',
    `Cluster: ${run.cluster.notebooks} notebooks, each with a pod and an event, in ${run.cluster.namespaces} namespaces; ` +
      `${run.cluster.bigNamespaceNotebooks} in the big namespace; ${run.cluster.objectsSeeded} objects seeded in ${run.cluster.seedSeconds} s. ` +
      `Machine: ${run.machine.cores} cores (${run.machine.cpuModel}), ${run.machine.memoryGiB} GiB, Node ${run.machine.node}. ` +
      `Load average (1, 5, 15 min) when the server started: ${run.loadAverage.atServerStart.join(', ')}; after the load runs: ` +
      `${run.loadAverage.afterLoad.join(', ')}. The whole run took ${run.benchMinutes} min.`,
    '',
    `Server and floor alternate: ${run.load.rounds} rounds, each one ${run.load.durationSeconds} s run of ours and one of the floor ` +
      `(order flipped every round) after a ${run.load.warmupSeconds} s warm-up of each; medians over the rounds. ` +
      'The floor is a bare `node:http` server answering the same headers and body.',
    '',
    comparisonTable(run),
    '',
    singlesTable(run),
    '',
    buildCostTable(run),
    '',
    `- Start to ready (spawn to \`/healthz/readiness\` 200, every cache synced): **${run.startToReadyMs} ms**${run.startToReadyRunsMs && run.startToReadyRunsMs.length > 1 ? ` (median of ${run.startToReadyRunsMs.length} cold starts: ${run.startToReadyRunsMs.join(' / ')} ms)` : ''}; caches synced after (ms, last start): ${JSON.stringify(run.cacheSyncMs)}`,
    `- RSS after sync: **${m.rssMiBAfterSync} MiB** (V8 heap used ${m.heapUsedMiBAfterSync} of ${m.heapTotalMiBAfterSync} MiB, external ${m.externalMiBAfterSync} MiB); ` +
      `after load ${m.rssMiBAfterLoad} MiB (heap used ${m.heapUsedMiBAfterLoad}); 20 s later ${m.rssMiBSettled} MiB (heap used ${m.heapUsedMiBSettled})`,
    `- Kubernetes calls during the load runs (besides watches and the API-server ping): ${calls.join('; ') || 'none'}`,
    `- Relists during the run: ${run.relistsDuringRun}; watch restarts after errors: ${run.informerRestarts}` +
      (run.quiet
        ? `; quiet run of ${run.quiet.minutes} min afterwards: **${run.quiet.relists} relists**, ${run.quiet.restarts} restarts, calls ${JSON.stringify(run.quiet.kubeCalls)}`
        : ''),
    '',
    profileSection(run),
  ].join('\n');
}

function targets(runs: Run[]): string {
  const ten = runs.find((r) => r.label === 'notebooks-10000');
  const hundred = runs.find((r) => r.label === 'notebooks-100000');
  const quiet = runs.find((r) => r.quiet && r.quiet.minutes >= 30);
  const rows = ['| target | goal | measured | |', '|---|---|---|---|'];
  const row = (target: string, goal: string, measured: string, ok: boolean | undefined) =>
    rows.push(`| ${target} | ${goal} | ${measured} | ${verdict(ok)} |`);
  for (const c of ten?.comparisons ?? []) {
    const small = !c.name.includes('(1000)');
    const goal = small ? 0.5 : 0.8;
    row(
      `${c.name} @${c.connections} conn.: throughput vs the same-bytes floor`,
      `≥ ${goal}`,
      `${c.throughputRatio} (rounds ${list(c.roundRatios)})`,
      c.throughputRatio >= goal,
    );
    row(
      `${c.name} @${c.connections} conn.: p99 vs the floor's`,
      '≤ 1.5×',
      `${c.p99Ratio}× (${c.serverP99Ms} / ${c.floorP99Ms} ms)`,
      c.p99Ratio <= 1.5,
    );
  }
  if (ten) {
    const reads = measured(ten);
    const miss = Math.max(...reads.map((r) => cacheMissCalls(r.kubeCalls)));
    row('10,000 notebooks: start to ready', '≤ 5 s', `${ten.startToReadyMs} ms`, ten.startToReadyMs <= 5000);
    row(
      '10,000 notebooks: RSS after sync',
      '≤ 200 MiB',
      `${ten.memory.rssMiBAfterSync} MiB`,
      ten.memory.rssMiBAfterSync! <= 200,
    );
    row('10,000 notebooks: Kubernetes calls per read, besides one SAR per user and TTL', '0', String(miss), miss === 0);
  }
  row(
    'relists in a 30-minute quiet run',
    '0',
    quiet ? `${quiet.quiet!.relists} in ${quiet.quiet!.minutes} min (run ${quiet.label})` : 'no quiet run yet',
    quiet ? quiet.quiet!.relists === 0 : undefined,
  );
  if (hundred) {
    const reads = measured(hundred);
    const miss = Math.max(...reads.map((r) => cacheMissCalls(r.kubeCalls)));
    const build100 = hundred.buildCosts.find((b) => b.name.includes('(1000)'))?.meanBuildMs;
    const build10 = ten?.buildCosts.find((b) => b.name.includes('(1000)'))?.meanBuildMs;
    row(
      '100,000 notebooks: RSS after sync',
      '≤ 1 GiB',
      `${hundred.memory.rssMiBAfterSync} MiB`,
      hundred.memory.rssMiBAfterSync! <= 1024,
    );
    row(
      '100,000 notebooks: start to ready',
      '≤ 30 s',
      `${hundred.startToReadyMs} ms`,
      hundred.startToReadyMs <= 30_000,
    );
    row(
      '100,000 notebooks: build cost of the 1,000 list vs the 10,000 run',
      'unchanged (≤ 1.25×)',
      build100 !== undefined && build10 !== undefined
        ? `${build100} ms vs ${build10} ms (${Math.round((build100 / build10) * 100) / 100}×)`
        : 'n/a',
      build100 !== undefined && build10 !== undefined ? build100 / build10 <= 1.25 : undefined,
    );
    row(
      '100,000 notebooks: Kubernetes calls per read, besides one SAR per user and TTL',
      '0',
      String(miss),
      miss === 0,
    );
  } else {
    row(
      '100,000 notebooks (RSS ≤ 1 GiB, ready ≤ 30 s, build cost unchanged, 0 calls per read)',
      '',
      'no run yet',
      undefined,
    );
  }
  return rows.join('\n');
}

export function writeReport(dir: string): string {
  const runs = readdirSync(dir)
    .filter((f) => /^run-.*\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Run)
    .sort((a, b) => a.cluster.notebooks - b.cluster.notebooks || a.label.localeCompare(b.label));
  const notesFile = join(dir, 'notes.md');
  const markdown = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` from the `run-*.json` files here (`node bench/report.ts` rebuilds it); the notes at the end are hand-written.',
    '',
    '## Targets (issue 14)',
    '',
    targets(runs),
    '',
    ...runs.map(runSection),
    existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : '',
  ].join('\n');
  writeFileSync(join(dir, 'results.md'), markdown);
  return markdown;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { fileURLToPath } = await import('node:url');
  writeReport(fileURLToPath(new URL('results', import.meta.url)));
}
