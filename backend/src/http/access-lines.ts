/** What the access line of one request says. */
export interface AccessLine {
  reqId: string;
  method: string;
  route: string | null;
  url: string;
  status: number;
  ms: number;
  user: string | null;
}

/** Where access lines go (`JsonAccessLines` in the server; tests may collect them). */
export interface AccessLineWriter {
  write(line: AccessLine): void;
}

const INFO = 30;
/** pino's level numbers, by name. */
export const LOG_LEVELS: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: INFO,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: 100,
};

/** Whether a logger or route at `level` writes info lines (unknown levels count as info). */
export function logsInfo(level: string | undefined): boolean {
  return (LOG_LEVELS[level || 'info'] ?? INFO) <= INFO;
}

/** Lines wait at most this long before they are handed to the destination together. */
const DEFAULT_BATCH_MS = 100;
/** A batch this large is handed over at once. */
const MAX_BATCH_CHARS = 64 * 1024;

/**
 * Access lines in pino's JSON line format (same keys in the same order as the app's other lines:
 * level, time, the base fields, the line's fields, msg), formatted here and handed to the app's log
 * destination in batches. Per line, pino's formatting cost ~6 µs and each hand-over to its
 * asynchronous destination another ~5 µs (one write through the thread pool), a tenth of what a
 * small answer costs (docs/decisions/0018). A line therefore reaches the log up to `batchMs` after
 * the request ended; its `time` is the request's. `flush()` hands over what is pending (shutdown,
 * process exit).
 */
export class JsonAccessLines implements AccessLineWriter {
  private readonly destination: { write(chunk: string): unknown };
  private readonly base: string;
  private readonly enabled: boolean;
  private readonly batchMs: number;
  private pending = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    destination: { write(chunk: string): unknown },
    base: Record<string, string>,
    level: string,
    options: { batchMs?: number } = {},
  ) {
    this.destination = destination;
    const fields = JSON.stringify(base).slice(1, -1);
    this.base = fields ? `,${fields}` : '';
    this.enabled = logsInfo(level);
    this.batchMs = options.batchMs ?? DEFAULT_BATCH_MS;
  }

  write(line: AccessLine): void {
    if (!this.enabled) return;
    this.pending +=
      `{"level":${INFO},"time":${Date.now()}${this.base},"reqId":${JSON.stringify(line.reqId)},` +
      `"method":${JSON.stringify(line.method)},"route":${JSON.stringify(line.route)},` +
      `"url":${JSON.stringify(line.url)},"status":${line.status},"ms":${line.ms},` +
      `"user":${JSON.stringify(line.user)},"msg":"request completed"}\n`;
    if (this.batchMs <= 0 || this.pending.length >= MAX_BATCH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.batchMs).unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === '') return;
    const batch = this.pending;
    this.pending = '';
    this.destination.write(batch);
  }
}
