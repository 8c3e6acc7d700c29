import type { FastifyInstance } from 'fastify';
import type { ReadinessCondition } from './readiness.ts';

/**
 * After the drain, how long the server may take to finish the requests it has (each Kubernetes call
 * is bounded by K8S_TIMEOUT_SECONDS) and close; then it exits anyway. The pod's
 * terminationGracePeriodSeconds must exceed the drain plus this.
 */
export const IN_FLIGHT_BUDGET_MS = 15_000;

/**
 * A replica that is stopping (SIGTERM: a rollout, a node drain, a scale-down). From the signal on
 * it is unready, so that it leaves the Service's endpoints, yet keeps serving everything sent to
 * it while the endpoint change reaches every proxy (the drain); each answer then closes its
 * connection, so that clients open their next one to a replica that stays. After the drain the
 * server stops accepting, finishes its requests and closes its live streams with a reconnect hint.
 */
export class Shutdown implements ReadinessCondition {
  readonly name = 'shutdown';
  private startedAt: number | undefined;

  /** Marks the replica as stopping (idempotent). */
  begin(): void {
    this.startedAt ??= Date.now();
  }

  get started(): boolean {
    return this.startedAt !== undefined;
  }

  notReadyReason(): string | undefined {
    return this.started ? 'shutting down' : undefined;
  }
}

/** While the replica is stopping, every answer asks the client to close its connection. */
export function registerConnectionCloseWhileStopping(app: FastifyInstance, shutdown: Shutdown): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (shutdown.started) reply.header('connection', 'close');
    done(null, payload);
  });
}
