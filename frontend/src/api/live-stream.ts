import {
  LIVE_EVENTS,
  type LiveChanges,
  type LiveClosing,
  type LiveEventName,
  type LiveKind,
  type LiveSnapshot,
  type NotebookListItem,
  type PodDefaultItemJson,
  type PvcItem,
} from '@jupyter-apis/contract';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { seenVersions } from './seen-versions.ts';
import type { KubeEvent } from './types.ts';

/**
 * - `connecting`: no stream yet (first connect, or reconnecting after a drop);
 * - `live`: the stream is open and the callbacks get every change;
 * - `paused`: closed because the tab has been in the background; it resyncs when the tab returns;
 * - `unavailable`: the server refused the stream for good (no permission, an old server, live
 *   updates off) or ended it because access was revoked.
 * Callers poll the list routes whenever the status is not `live`.
 */
export type LiveStatus = 'connecting' | 'live' | 'paused' | 'unavailable';

export interface LiveChangeMap {
  notebooks: LiveChanges<NotebookListItem>;
  pvcs: LiveChanges<PvcItem>;
  poddefaults: LiveChanges<PodDefaultItemJson>;
  events: LiveChanges<KubeEvent>;
}

export interface PageVisibility {
  hidden(): boolean;
  /** Calls `listener` on every visibility change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export interface LiveStreamOptions {
  namespace: string;
  /** Lists to follow (default: all). */
  kinds?: readonly LiveKind[];
  /** The details page whose events to follow. */
  details?: { notebook: string } | { pvc: string };
  /** Replaces the lists it carries (and the details events when present). */
  onSnapshot: (snapshot: LiveSnapshot) => void;
  onChanges: <K extends keyof LiveChangeMap>(kind: K, changes: LiveChangeMap[K]) => void;
  onStatus?: (status: LiveStatus, reason?: string) => void;
  /** Close the stream after the tab has been hidden this long (default 60 s). */
  hiddenCloseMs?: number;
  /** Reconnect delays: doubled from `initialMs` to `maxMs`, with jitter (defaults 1 s and 30 s). */
  backoff?: { initialMs: number; maxMs: number };
  fetch?: typeof fetch;
  visibility?: PageVisibility;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  random?: () => number;
}

/** Statuses after which retrying cannot help: fall back to polling for this page. */
const FINAL_STATUSES = new Set([400, 401, 403, 404, 405, 406, 410, 501]);

const documentVisibility: PageVisibility = {
  hidden: () => typeof document !== 'undefined' && document.visibilityState === 'hidden',
  subscribe: (listener) => {
    if (typeof document === 'undefined') return () => {};
    document.addEventListener('visibilitychange', listener);
    return () => document.removeEventListener('visibilitychange', listener);
  },
};

/** The stream's URL, relative to <base href> like every API call of the UI. */
export function liveStreamPath(options: Pick<LiveStreamOptions, 'namespace' | 'kinds' | 'details'>): string {
  const query = new URLSearchParams();
  if (options.kinds) query.set('kinds', options.kinds.join(','));
  if (options.details && 'notebook' in options.details) query.set('notebook', options.details.notebook);
  if (options.details && 'pvc' in options.details) query.set('pvc', options.details.pvc);
  const q = query.toString();
  return `api/namespaces/${encodeURIComponent(options.namespace)}/stream${q ? `?${q}` : ''}`;
}

/**
 * The live stream of a namespace, for any UI framework: fetch + eventsource-parser (EventSource
 * cannot tell a 403 from a network error), events checked against the contract's schemas,
 * reconnects with back-off and Last-Event-ID (the server resumes when it still has the history,
 * else it sends a snapshot), closes after a while in a background tab and resyncs on return, and
 * reports its status so the caller can poll while it is not live.
 */
export class LiveStream {
  private readonly options: LiveStreamOptions;
  private readonly fetcher: typeof fetch;
  private readonly visibility: PageVisibility;
  private current: LiveStatus = 'connecting';
  private controller: AbortController | undefined;
  private lastEventId: string | undefined;
  private failures = 0;
  private retryMs: number | undefined;
  private timer: unknown;
  private hiddenTimer: unknown;
  private unsubscribe: (() => void) | undefined;
  private running = false;

  constructor(options: LiveStreamOptions) {
    this.options = options;
    this.fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.visibility = options.visibility ?? documentVisibility;
  }

  get status(): LiveStatus {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.visibility.subscribe(() => this.visibilityChanged());
    if (this.visibility.hidden()) this.pauseLater();
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.clear('timer');
    this.clear('hiddenTimer');
    this.controller?.abort();
    this.controller = undefined;
  }

  private setStatus(status: LiveStatus, reason?: string): void {
    if (status === this.current && reason === undefined) return;
    this.current = status;
    this.options.onStatus?.(status, reason);
  }

  private clear(which: 'timer' | 'hiddenTimer'): void {
    if (this[which] !== undefined) (this.options.clearTimer ?? ((h) => clearTimeout(h as number)))(this[which]);
    this[which] = undefined;
  }

  private later(which: 'timer' | 'hiddenTimer', fn: () => void, ms: number): void {
    this.clear(which);
    const set = this.options.setTimer ?? ((f: () => void, delay: number) => setTimeout(f, delay));
    this[which] = set(() => {
      this[which] = undefined;
      fn();
    }, ms);
  }

  private visibilityChanged(): void {
    if (!this.running) return;
    if (this.visibility.hidden()) {
      this.pauseLater();
      return;
    }
    this.clear('hiddenTimer');
    if (this.current === 'paused') {
      this.failures = 0;
      void this.connect();
    }
  }

  private pauseLater(): void {
    this.later(
      'hiddenTimer',
      () => {
        if (!this.running || this.current === 'unavailable') return;
        this.clear('timer');
        this.controller?.abort();
        this.controller = undefined;
        this.setStatus('paused');
      },
      this.options.hiddenCloseMs ?? 60_000,
    );
  }

  private reconnectLater(): void {
    if (!this.running) return;
    this.setStatus('connecting');
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 1000, maxMs: 30_000 };
    let delay: number;
    if (this.retryMs !== undefined) {
      delay = this.retryMs;
      this.retryMs = undefined;
    } else {
      const base = Math.min(maxMs, initialMs * 2 ** Math.min(this.failures, 16));
      delay = base / 2 + (this.options.random ?? Math.random)() * (base / 2);
      this.failures++;
    }
    this.later('timer', () => void this.connect(), delay);
  }

  private giveUp(reason: string): void {
    this.controller?.abort();
    this.controller = undefined;
    this.clear('timer');
    this.setStatus('unavailable', reason);
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const path = liveStreamPath(this.options);
    // The snapshot includes this tab's own writes, whichever replica serves the stream.
    const headers: Record<string, string> = { accept: 'text/event-stream', ...seenVersions.headersFor(path) };
    if (this.lastEventId) headers['last-event-id'] = this.lastEventId;
    let response: Response;
    try {
      response = await this.fetcher(path, {
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch {
      if (this.controller === controller) this.reconnectLater();
      return;
    }
    if (this.controller !== controller) return;
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !type.startsWith('text/event-stream') || !response.body) {
      const reason = await this.refusal(response);
      if (this.controller !== controller) return;
      if (FINAL_STATUSES.has(response.status) || (response.ok && !type.startsWith('text/event-stream'))) {
        this.giveUp(reason);
      } else {
        this.setStatus('connecting', reason);
        this.reconnectLater();
      }
      return;
    }
    this.failures = 0;
    this.setStatus('live');
    const ended = await this.read(response.body, controller);
    if (this.controller !== controller || ended === 'final') return;
    this.controller = undefined;
    this.reconnectLater();
  }

  private async refusal(response: Response): Promise<string> {
    if (response.ok) {
      void response.body?.cancel().catch(() => {});
      return `${response.status}: not an event stream`;
    }
    try {
      const body = (await response.json()) as { log?: unknown };
      if (typeof body?.log === 'string') return `${response.status}: ${body.log}`;
    } catch {
      // not our envelope
    }
    return `${response.status}`;
  }

  /** Reads until the stream ends; 'final' when the server said not to come back. */
  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<'ended' | 'final'> {
    let outcome: 'ended' | 'final' = 'ended';
    const parser = createParser({
      onEvent: (message) => {
        if (controller.signal.aborted) return;
        if (this.dispatch(message) === 'final') {
          outcome = 'final';
          controller.abort();
        }
      },
      onRetry: (ms) => (this.retryMs = ms),
    });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // aborted, or the connection dropped
    } finally {
      reader.releaseLock();
    }
    return outcome;
  }

  private dispatch(message: EventSourceMessage): 'final' | undefined {
    const name = message.event as LiveEventName | undefined;
    const schema = name ? LIVE_EVENTS[name] : undefined;
    if (!schema) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return undefined;
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) return undefined;
    if (message.id) this.lastEventId = message.id;
    switch (name) {
      case 'snapshot':
        this.options.onSnapshot(parsed.data as LiveSnapshot);
        return undefined;
      case 'closing': {
        const closing = parsed.data as LiveClosing;
        if (closing.reason === 'forbidden') {
          this.giveUp(closing.message);
          return 'final';
        }
        // shutdown: the stream ends next; reconnect after the server's retry hint.
        return undefined;
      }
      default:
        this.options.onChanges(name as keyof LiveChangeMap, parsed.data as never);
        return undefined;
    }
  }
}
