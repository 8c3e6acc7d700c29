import {
  MIN_RESOURCE_VERSION_HEADER,
  RESOURCE_VERSION_HEADER,
  formatResourceVersions,
  parseResourceVersions,
  type ResourceVersions,
} from '@jupyter-apis/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidRequest } from '../errors.ts';
import { ConsistencyScope, runInConsistencyScope } from '../k8s/consistency-scope.ts';
import { routeOf } from './route-of.ts';

/** Caches that can tell whether they have reached resource versions, and wait for them. */
export interface CatchUpSource {
  /** The resources whose caches are behind `versions` now. */
  behind(versions: ResourceVersions): string[];
  /** Waits at most `timeoutMs`; resolves with the resources still behind then. */
  catchUp(versions: ResourceVersions, timeoutMs: number): Promise<string[]>;
}

export function isCatchUpSource(value: unknown): value is CatchUpSource {
  const candidate = value as Partial<CatchUpSource> | undefined;
  return typeof candidate?.behind === 'function' && typeof candidate.catchUp === 'function';
}

/**
 * How a request that named versions was served: `current` (the caches had them), `caught_up` (the
 * caches reached them while the request waited), `api_server` (they did not in time: the resources
 * behind were read from the API server).
 */
export type CatchUpOutcome = 'current' | 'caught_up' | 'api_server';

export interface ConsistentReadsOptions {
  /** How long a request waits for the caches before reading from the API server. */
  timeoutMs: number;
  onOutcome?: (outcome: CatchUpOutcome, waitedSeconds: number) => void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const scopes = new WeakMap<FastifyRequest, ConsistencyScope>();

/** True when this request reads some resource from the API server, its caches being behind: no memo. */
export function readsFromApiServer(request: FastifyRequest): boolean {
  return (scopes.get(request)?.readFromApiServer.size ?? 0) > 0;
}

/**
 * Read-your-writes across replicas (docs/decisions/0016-consistent-reads-across-replicas.md):
 * - every answer to an /api request that wrote objects carries `X-Resource-Version` with their new
 *   resourceVersions, per resource;
 * - a request that carries `X-Min-Resource-Version` (the highest versions its client has seen in
 *   this namespace) waits until this replica's caches have reached them, at most `timeoutMs`, then
 *   reads the resources still behind from the API server. The wait is resolved by the watches'
 *   own events, so it costs a promise, not a polling loop.
 * Runs after the access checks (nobody waits on a request that is refused) and before the response
 * memo, which must neither serve nor keep an answer read past the caches.
 */
export function registerConsistentReads(
  app: FastifyInstance,
  source: CatchUpSource | undefined,
  options: ConsistentReadsOptions,
): void {
  // A callback hook: the rest of the request (handler included) runs inside `runInConsistencyScope`.
  // After the body is parsed, so that the scope is not lost to the body stream's callbacks.
  app.addHook('preHandler', (request, _reply, done) => {
    if (!routeOf(request).url?.startsWith('/api/')) return done();
    const header = request.headers[MIN_RESOURCE_VERSION_HEADER];
    if (header === undefined && SAFE_METHODS.has(request.method)) return done();
    const parsed = parseResourceVersions(Array.isArray(header) ? header.join(',') : header);
    if (!parsed.ok) {
      return done(invalidRequest(parsed.problems.map((message) => ({ field: 'X-Min-Resource-Version', message }))));
    }
    const scope = new ConsistencyScope();
    scopes.set(request, scope);
    const proceed = () => runInConsistencyScope(scope, () => done());
    if (!source || Object.keys(parsed.versions).length === 0) return proceed();
    if (source.behind(parsed.versions).length === 0) {
      options.onOutcome?.('current', 0);
      return proceed();
    }
    const started = performance.now();
    source.catchUp(parsed.versions, options.timeoutMs).then(
      (stillBehind) => {
        for (const resource of stillBehind) scope.readFromApiServer.add(resource);
        options.onOutcome?.(stillBehind.length > 0 ? 'api_server' : 'caught_up', (performance.now() - started) / 1000);
        if (stillBehind.length > 0) {
          request.log.info(
            { behind: stillBehind },
            'caches behind the versions the client has seen: read from the API server',
          );
        }
        proceed();
      },
      (err: unknown) => done(err as Error),
    );
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const written = scopes.get(request)?.written;
    if (written && written.size > 0)
      reply.header(RESOURCE_VERSION_HEADER, formatResourceVersions(Object.fromEntries(written)));
    done(null, payload);
  });
}
