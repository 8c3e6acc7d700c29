import { setTimeout as sleep } from 'node:timers/promises';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface ReceivedEvent {
  event: string;
  id: string | undefined;
  data: any;
}

export interface OpenOptions {
  user?: string | null;
  groups?: string[];
  lastEventId?: string;
  headers?: Record<string, string>;
}

/**
 * A test client of the live stream over real HTTP: it records every event (data parsed as JSON),
 * comment and `retry`, and whether the server ended the stream. Waits are bounded.
 */
export class SseTestClient {
  readonly status: number;
  readonly headers: Headers;
  /** JSON body of a refused stream (the error envelope). */
  readonly error: any;
  readonly events: ReceivedEvent[] = [];
  comments = 0;
  retryMs: number | undefined;
  ended = false;
  private readonly controller: AbortController;
  private readonly done: Promise<void>;

  private constructor(response: Response, controller: AbortController, error: any) {
    this.status = response.status;
    this.headers = response.headers;
    this.error = error;
    this.controller = controller;
    const parser = createParser({
      onEvent: (message: EventSourceMessage) =>
        this.events.push({ event: message.event ?? 'message', id: message.id, data: JSON.parse(message.data) }),
      onComment: () => this.comments++,
      onRetry: (ms) => (this.retryMs = ms),
    });
    this.done =
      response.ok && response.body
        ? (async () => {
            const decoder = new TextDecoder();
            try {
              for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
                parser.feed(decoder.decode(chunk, { stream: true }));
              }
            } catch {
              // aborted by close() or reset by the server
            }
            this.ended = true;
          })()
        : Promise.resolve();
  }

  static async open(base: string, path: string, options: OpenOptions = {}): Promise<SseTestClient> {
    const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
    if (options.user !== null) headers['kubeflow-userid'] = options.user ?? 'alice@example.com';
    if (options.groups) headers['kubeflow-groups'] = options.groups.join(',');
    if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
    const controller = new AbortController();
    const response = await fetch(base + path, { headers, signal: controller.signal });
    const error = response.ok ? undefined : await response.json();
    return new SseTestClient(response, controller, error);
  }

  /** Waits (bounded) for an event after the first `from` events that `match` accepts, and returns it. */
  async next(match: (e: ReceivedEvent) => boolean, what: string, from = 0, attempts = 400): Promise<ReceivedEvent> {
    for (let i = 0; i < attempts; i++) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      if (this.ended) break;
      await sleep(25);
    }
    throw new Error(`no ${what} on the stream; got ${this.events.map((e) => e.event).join(', ') || 'nothing'}`);
  }

  /** Waits (bounded) until the server ends the stream. */
  async closedByServer(attempts = 1200): Promise<void> {
    for (let i = 0; i < attempts && !this.ended; i++) await sleep(25);
    if (!this.ended) throw new Error('the server did not end the stream');
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}
