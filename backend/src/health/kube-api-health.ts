import type { KubeApis } from '../k8s/kube-apis.ts';
import type { ReadinessCondition } from './readiness.ts';

/**
 * Tracks whether the Kubernetes API answers: a periodic ping, and the outcome of every call the app
 * makes (a connection failure turns readiness off at once; the next success turns it back on).
 */
export class KubeApiHealth implements ReadinessCondition {
  readonly name = 'kubernetes-api';
  private ok = false;
  private lastError = 'Kubernetes API not contacted yet';
  private timer: NodeJS.Timeout | undefined;
  private readonly apis: KubeApis;

  constructor(apis: KubeApis) {
    this.apis = apis;
    apis.rest.addObserver((call) => {
      if (call.verb === 'watch') return;
      if (call.code === 0 || call.code >= 500) this.fail(call.code === 0 ? 'unreachable' : `HTTP ${call.code}`);
      else this.ok = true;
    });
  }

  private fail(reason: string): void {
    this.ok = false;
    this.lastError = `Kubernetes API ${reason}`;
  }

  async probe(): Promise<boolean> {
    try {
      await this.apis.ping();
      this.ok = true;
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err));
    }
    return this.ok;
  }

  start(intervalMs = 10_000): void {
    this.timer = setInterval(() => void this.probe(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  notReadyReason(): string | undefined {
    return this.ok ? undefined : this.lastError;
  }
}
