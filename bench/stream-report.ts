/** What `bench/stream.ts` measured, as written to `results/stream.json`. */
export interface StreamBenchResult {
  date: string;
  machine: { cores: number; cpuModel: string; memoryGiB: number; node: string; kernel: string };
  loadAverage: number[];
  setup: {
    streams: number;
    notebooks: number;
    latencyWrites: number;
    rate: number;
    rateSeconds: number;
    idleSeconds: number;
    parsedStreams: number;
    namespace: string;
    snapshotsOpenedInMs: number;
  };
  idle: {
    withoutStreams: { cpuPercentOfOneCore: number; rssMiB: number };
    withStreams: { cpuPercentOfOneCore: number; rssMiB: number };
    extraRssMiB: number;
    extraCpuPercentOfOneCore: number;
  };
  latencyMs: Record<
    'firstStream' | 'allStreams' | 'everyStream',
    { p50: number; p95: number; max: number; n: number }
  > & {
    writes: number;
    missed: number;
  };
  flow: {
    writes: number;
    writeErrors: number;
    writeSeconds: number;
    achievedWritesPerSecond: number;
    serverCpuPercentOfOneCore: number;
    /** CPU the API server and etcd spent per status write during the flow (they share the machine). */
    apiServerCpuMsPerWrite?: number;
    etcdCpuMsPerWrite?: number;
    /** This process (1,000 streams read, the write driver's thread) over the same time. */
    clientCpuPercentOfOneCore?: number;
    bytesPerStream: { min: number; max: number };
    streamsWithAllBytes: number;
    parsedStreamsMarkersSeen: { min: number; max: number; of: number };
  };
  shutdown: { streams: number; closedByServer: number; withClosingEvent: number; ms: number };
}

const ok = (cond: boolean) => (cond ? 'met' : 'MISSED');

/** The results table of `results/stream.md`, each goal of the issue with its verdict. */
export function renderStreamResults(r: StreamBenchResult): string {
  const { setup: s, latencyMs: l, idle, flow, shutdown } = r;
  const cpuPerChangeMs = (flow.serverCpuPercentOfOneCore * 10) / flow.achievedWritesPerSecond;
  return [
    `# Live stream benchmark (${r.date.slice(0, 10)})`,
    '',
    `Machine: ${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, Node ${r.machine.node}. ` +
      `The control plane, the server and this client (${s.streams} streams) share these cores with other work; ` +
      `load average after the run: ${r.loadAverage.join(', ')}.`,
    '',
    `Setup: ${s.notebooks} notebooks in \`${s.namespace}\`, ${s.streams} streams following its notebook list ` +
      `(all ${s.streams} snapshots received ${s.snapshotsOpenedInMs} ms after the first connect). ` +
      'Server CPU and RSS from /proc (RSS: median of 1 s samples).',
    '',
    '| measure | goal | measured | |',
    '|---|---|---|---|',
    `| status write → event, p50 / p95, first stream (${l.writes} writes) | — | ${l.firstStream.p50} / ${l.firstStream.p95} ms | |`,
    `| status write → event on **every** stream, p50 / p95 (${s.streams} streams) | p95 ≤ 1 s | ${l.allStreams.p50} / ${l.allStreams.p95} ms (max ${l.allStreams.max}) | ${ok(l.allStreams.p95 <= 1000 && l.missed === 0)} |`,
    `| status write → event, all ${l.everyStream.n} (write, stream) pairs, p50 / p95 | — | ${l.everyStream.p50} / ${l.everyStream.p95} ms | |`,
    `| RSS at rest without → with ${s.streams} idle streams | ≤ +50 MiB | ${idle.withoutStreams.rssMiB} → ${idle.withStreams.rssMiB} MiB (+${idle.extraRssMiB}) | ${ok(idle.extraRssMiB <= 50)} |`,
    `| server CPU at rest without → with ${s.streams} idle streams (${s.idleSeconds} s, heartbeats included) | ≤ 2% of a core | ${idle.withoutStreams.cpuPercentOfOneCore}% → ${idle.withStreams.cpuPercentOfOneCore}% | ${ok(idle.withStreams.cpuPercentOfOneCore <= 2)} |`,
    `| status writes per second the driver achieved (admin client, ≤ 8 in flight) | ${s.rate} | ${flow.achievedWritesPerSecond} (${flow.writes} writes in ${flow.writeSeconds} s) | ${ok(flow.achievedWritesPerSecond >= s.rate * 0.95)} |`,
    ...(flow.apiServerCpuMsPerWrite === undefined
      ? []
      : [
          `| that flow: control plane CPU per status write (API server / etcd), the driver's ceiling | — | ${flow.apiServerCpuMsPerWrite} / ${flow.etcdCpuMsPerWrite} ms (${Math.round(1000 / ((flow.apiServerCpuMsPerWrite ?? 0) + (flow.etcdCpuMsPerWrite ?? 0)))} writes/s per free core); this client meanwhile: ${flow.clientCpuPercentOfOneCore}% of a core | |`,
        ]),
    `| that flow: streams that received every event byte (heartbeats aside) | all ${s.streams} | ${flow.streamsWithAllBytes} (bytes per stream ${flow.bytesPerStream.min}–${flow.bytesPerStream.max}) | ${ok(flow.streamsWithAllBytes === s.streams && flow.writeErrors === 0)} |`,
    `| that flow: changes seen by each of the ${s.parsedStreams} fully parsed streams | ${flow.writes} | ${flow.parsedStreamsMarkersSeen.min}–${flow.parsedStreamsMarkersSeen.max} | ${ok(flow.parsedStreamsMarkersSeen.min === flow.writes)} |`,
    `| that flow: server CPU (${Math.round(cpuPerChangeMs * 100) / 100} ms of CPU per change for ${s.streams} streams) | ≤ 100% of a core | ${flow.serverCpuPercentOfOneCore}% | ${ok(flow.serverCpuPercentOfOneCore <= 100)} |`,
    `| SIGTERM: streams ended by the server with a \`closing\` event | all ${s.streams} | ${shutdown.withClosingEvent} (${shutdown.closedByServer} ended) in ${shutdown.ms} ms | ${ok(shutdown.withClosingEvent === s.streams)} |`,
    '',
  ].join('\n');
}
