import type { KubeRestClient } from './rest-client.ts';

export interface ApiServerStatusOptions {
  /** How often to ask `/readyz` while the API server answers (a paused server says nothing by itself). */
  probeIntervalMs?: number;
  /** How often to ask while it does not: recovery is noticed within this time. */
  downProbeIntervalMs?: number;
  /** A probe that takes longer than this counts as no answer. */
  probeTimeoutMs?: number;
  onChange?: (reachable: boolean, reason: string | undefined) => void;
}

/** HTTP statuses that say "the API server (or the proxy before it) cannot serve now", not "your request is wrong". */
const UNAVAILABLE_CODES = new Set([0, 502, 503, 504]);

/**
 * Whether the Kubernetes API server answers, as this replica sees it: from every call the app makes
 * and from a `/readyz` probe (every few seconds while it answers, twice a second while it does not).
 * Watch caches wait on `nextRecovery()` instead of sleeping out their backoff, so a change made just
 * after the API server comes back reaches them at once; reads report how old the caches may be from
 * `lastAnswerAt`.
 */
export class ApiServerStatus {
  private readonly rest: KubeRestClient;
  private readonly probeIntervalMs: number;
  private readonly downProbeIntervalMs: number;
  private readonly probeTimeoutMs: number;
  private readonly onChange: ApiServerStatusOptions['onChange'];
  private up = true;
  private reason: string | undefined;
  private answeredAt = Date.now();
  private recoveredAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<boolean> | undefined;
  private stopped = true;
  private readonly recoveryWaiters = new Set<() => void>();

  constructor(rest: KubeRestClient, options: ApiServerStatusOptions = {}) {
    this.rest = rest;
    this.probeIntervalMs = options.probeIntervalMs ?? 5000;
    this.downProbeIntervalMs = options.downProbeIntervalMs ?? 500;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 3000;
    this.onChange = options.onChange;
    rest.addObserver((call) => {
      if (call.verb === 'watch') return;
      if (UNAVAILABLE_CODES.has(call.code)) this.markDown(call.code === 0 ? 'unreachable' : `HTTP ${call.code}`);
      // An answer, but not yet "back": a starting API server answers 403 before its RBAC has loaded.
      else if (call.code < 500) this.answeredAt = Date.now();
    });
  }

  get reachable(): boolean {
    return this.up;
  }

  /** Why the API server counts as unreachable; undefined while it answers. */
  get downReason(): string | undefined {
    return this.up ? undefined : this.reason;
  }

  /** When the API server last answered anything. */
  get lastAnswerAt(): number {
    return this.answeredAt;
  }

  /** The API server serves again: its `/readyz` said so, or a watch opened. */
  markAnswered(): void {
    this.answeredAt = Date.now();
    if (this.up) return;
    this.up = true;
    this.reason = undefined;
    this.recoveredAt = this.answeredAt;
    this.onChange?.(true, undefined);
    for (const resolve of [...this.recoveryWaiters]) resolve();
    this.recoveryWaiters.clear();
    this.schedule();
  }

  private markDown(reason: string): void {
    this.reason = reason;
    if (!this.up) return;
    this.up = false;
    this.onChange?.(false, reason);
    this.schedule();
  }

  /**
   * Whether the API server came back within the last `ms`: for a moment after a restart it may
   * refuse our own identity (its RBAC caches are still loading), which then is no lasting fault.
   */
  recoveredWithin(ms: number): boolean {
    return this.up && Date.now() - this.recoveredAt < ms;
  }

  /**
   * Resolves true the next time the API server answers after it did not, or false once `until` is
   * aborted (a backoff elapsed, the cache stopped), whichever comes first.
   */
  nextRecovery(until: AbortSignal): Promise<boolean> {
    if (until.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const recovered = () => {
        until.removeEventListener('abort', gaveUp);
        resolve(true);
      };
      const gaveUp = () => {
        this.recoveryWaiters.delete(recovered);
        resolve(false);
      };
      this.recoveryWaiters.add(recovered);
      until.addEventListener('abort', gaveUp, { once: true });
    });
  }

  /**
   * Something failed in a way the call observer cannot see (a watch stream broke): probe now rather
   * than at the next tick, so that recovery is noticed from a known "down".
   */
  suspect(): void {
    if (!this.stopped) void this.probe();
  }

  /** Asks `/readyz` once; true when it answered 200. */
  probe(): Promise<boolean> {
    this.probing ??= this.rest
      .requestText({
        method: 'GET',
        path: '/readyz',
        verb: 'get',
        resource: 'readyz',
        timeoutMs: this.probeTimeoutMs,
      })
      .then(
        () => {
          this.markAnswered();
          return true;
        },
        // The call observer has marked it down already; a 500 (a failing check, e.g. etcd) also counts.
        (err: unknown) => {
          this.markDown(err instanceof Error ? err.message : String(err));
          return false;
        },
      )
      .finally(() => {
        this.probing = undefined;
      });
    return this.probing;
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.probe().finally(() => this.schedule());
      },
      this.up ? this.probeIntervalMs : this.downProbeIntervalMs,
    );
    this.timer.unref();
  }
}
