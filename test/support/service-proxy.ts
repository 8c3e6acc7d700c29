import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
}

interface Backend {
  name: string;
  port: number;
  /** In the rotation: its last readiness probe answered 200 (as a ready endpoint of a Service). */
  ready: boolean;
  agent: Agent;
}

/** An answer the proxy had to make itself: no ready backend, or the backend failed the request. */
export interface ProxyFailure {
  backend: string | undefined;
  method: string;
  url: string;
  reason: string;
}

/**
 * A stand-in for a Kubernetes Service in front of the replicas, on 127.0.0.1. It keeps in its
 * rotation only the backends whose readiness probe passed last time (as the endpoints of a Service
 * hold only ready pods, with the kubelet probing every `probeIntervalMs`), sends requests round
 * robin over them on keep-alive connections (as a client or an Envoy sidecar keeps them), and never
 * retries: a request the chosen replica does not answer is a failure, counted in `failures`. Every
 * answer names the replica that served it in `x-served-by`.
 */
export class ServiceProxy {
  readonly failures: ProxyFailure[] = [];
  readonly servedBy = new Map<string, number>();
  private readonly backends = new Map<string, Backend>();
  private readonly server: Server;
  private readonly probeIntervalMs: number;
  private probing: NodeJS.Timeout | undefined;
  private next = 0;

  private constructor(server: Server, probeIntervalMs: number) {
    this.server = server;
    this.probeIntervalMs = probeIntervalMs;
  }

  static async start(options: { probeIntervalMs: number }): Promise<ServiceProxy> {
    const server = createServer({ keepAlive: true });
    const proxy = new ServiceProxy(server, options.probeIntervalMs);
    server.on('request', (req, res) => proxy.forward(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy.probing = setInterval(() => void proxy.probeAll(), options.probeIntervalMs);
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Adds a replica, out of the rotation until its readiness probe passes. */
  add(name: string, port: number): void {
    this.backends.set(name, { name, port, ready: false, agent: new Agent({ keepAlive: true, maxSockets: 64 }) });
  }

  /** Removes a replica (its pod is gone). */
  remove(name: string): void {
    const backend = this.backends.get(name);
    this.backends.delete(name);
    backend?.agent.destroy();
  }

  inRotation(): string[] {
    return [...this.backends.values()].filter((b) => b.ready).map((b) => b.name);
  }

  /** Waits (bounded) until `name` is in the rotation (`true`) or out of it (`false`). */
  async until(name: string, inRotation: boolean, limitMs = 60_000): Promise<void> {
    const started = performance.now();
    while (this.inRotation().includes(name) !== inRotation) {
      if (performance.now() - started > limitMs) {
        throw new Error(`${name} still ${inRotation ? 'out of' : 'in'} the rotation after ${limitMs} ms`);
      }
      await sleep(this.probeIntervalMs / 4);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.probing);
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    for (const backend of this.backends.values()) backend.agent.destroy();
  }

  private async probeAll(): Promise<void> {
    await Promise.all([...this.backends.values()].map((b) => this.probe(b)));
  }

  private probe(backend: Backend): Promise<void> {
    return new Promise((resolve) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: backend.port, path: '/healthz/readiness', agent: false, timeout: 1000 },
        (res) => {
          res.resume();
          backend.ready = res.statusCode === 200;
          resolve();
        },
      );
      req.on('timeout', () => req.destroy(new Error('probe timed out')));
      req.on('error', () => {
        backend.ready = false;
        resolve();
      });
      req.end();
    });
  }

  private pick(): Backend | undefined {
    const ready = [...this.backends.values()].filter((b) => b.ready);
    if (ready.length === 0) return undefined;
    return ready[this.next++ % ready.length];
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const backend = this.pick();
    const fail = (reason: string) => {
      this.failures.push({ backend: backend?.name, method: req.method ?? '', url: req.url ?? '', reason });
      if (!res.headersSent) {
        res.writeHead(reason === 'no ready backend' ? 503 : 502, { 'content-type': 'text/plain' });
        res.end(reason);
      } else res.destroy();
    };
    if (!backend) return fail('no ready backend');
    let clientGone = false;
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: backend.port,
        method: req.method,
        path: req.url,
        headers: endToEnd(req.headers),
        agent: backend.agent,
      },
      (answer) => {
        this.servedBy.set(backend.name, (this.servedBy.get(backend.name) ?? 0) + 1);
        res.writeHead(answer.statusCode ?? 502, { ...endToEnd(answer.headers), 'x-served-by': backend.name });
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (err) => {
      // The client went away first (a stream it closed): not the replica's failure.
      if (!clientGone) fail(`${backend.name}: ${(err as NodeJS.ErrnoException).code ?? err.message}`);
    });
    res.on('close', () => {
      if (res.writableFinished) return;
      clientGone = true;
      upstream.destroy();
    });
    req.pipe(upstream);
  }
}
