import { isAbortError } from './api-error.ts';
import { pollDelay, POLL_DELAY_CAP_MS, sameJson } from './backoff.ts';

export interface PollerHooks<T> {
  fetch: (signal: AbortSignal) => Promise<T>;
  onData: (data: T) => void;
  onError: (err: unknown) => void;
  /** Fixed interval instead of the backoff (the cost panel polls every 30 s). */
  fixedDelayMs?: number;
  isHidden?: () => boolean;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * One poller: at most one request in flight; backs off while responses stay the same and returns
 * to 1 s on a change or a user action (`refresh`); skips polls while the page is hidden; `stop`
 * aborts the pending request.
 */
export class Poller<T> {
  private unchanged = 0;
  private last: { data: T } | undefined;
  private timer: unknown;
  private controller: AbortController | undefined;
  private stopped = false;
  private readonly hooks: PollerHooks<T>;

  constructor(hooks: PollerHooks<T>) {
    this.hooks = hooks;
  }

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
    this.controller?.abort();
    this.controller = undefined;
  }

  /** A user action happened: fetch now and reset the backoff. */
  refresh(): void {
    if (this.stopped) return;
    this.unchanged = 0;
    this.clear();
    this.controller?.abort();
    this.controller = undefined;
    void this.tick();
  }

  /** The page became visible again. */
  resume(): void {
    if (this.stopped || this.controller) return;
    this.clear();
    void this.tick();
  }

  /** Delay until the next poll, for tests and diagnostics. */
  nextDelay(): number {
    return this.hooks.fixedDelayMs ?? pollDelay(this.unchanged);
  }

  private clear(): void {
    if (this.timer !== undefined) (this.hooks.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    const set = this.hooks.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    this.timer = set(() => {
      this.timer = undefined;
      void this.tick();
    }, this.nextDelay());
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.controller) return;
    if (this.hooks.isHidden?.()) {
      // Hidden: wait for resume(); keep a slow timer in case no visibility event arrives.
      this.timer = (this.hooks.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms)))(() => {
        this.timer = undefined;
        void this.tick();
      }, POLL_DELAY_CAP_MS);
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    try {
      const data = await this.hooks.fetch(controller.signal);
      if (controller.signal.aborted) return;
      if (this.last && sameJson(this.last.data, data)) {
        this.unchanged += 1;
      } else {
        this.unchanged = 0;
        this.last = { data };
        this.hooks.onData(data);
      }
    } catch (err) {
      if (controller.signal.aborted || isAbortError(err)) return;
      this.unchanged += 1;
      this.hooks.onError(err);
    } finally {
      if (this.controller === controller) {
        this.controller = undefined;
        this.schedule();
      }
    }
  }
}
