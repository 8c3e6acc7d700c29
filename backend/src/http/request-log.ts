import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';
import { logsInfo, type AccessLineWriter } from './access-lines.ts';
import { routeOf } from './route-of.ts';

export interface RequestLogOptions {
  /**
   * Where the access lines go. The line has fixed fields and never carries headers or tokens, so it
   * skips the logger and its redaction (most of what a line cost). Default: the request's own logger.
   */
  accessLines?: AccessLineWriter;
  /** Share of successful (< 400) requests that get a line; failures always do. Default 1: every request. */
  sample?: number;
  random?: () => number;
}

/**
 * One structured line per request, written once the answer is sent, instead of Fastify's two
 * ("incoming request" and "request completed"): a poll costs one log write, and the line says
 * everything at once. Error lines (the error handler's, stream errors) go through the request's
 * logger and its redaction as before.
 */
export class OneLineRequestLog extends LogController {
  private readonly accessLines: AccessLineWriter | undefined;
  private readonly sample: number;
  private readonly random: () => number;

  constructor(options: RequestLogOptions = {}) {
    super();
    this.accessLines = options.accessLines;
    this.sample = options.sample ?? 1;
    this.random = options.random ?? Math.random;
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const status = reply.statusCode;
    if (!error && status < 400 && this.sample < 1 && this.random() >= this.sample) return;
    const line = {
      method: request.method,
      route: routeOf(request).url ?? null,
      url: request.originalUrl,
      status,
      ms: Math.round(reply.elapsedTime * 100) / 100,
      user: request.identity?.user ?? null,
    };
    if (error) {
      reply.log.error({ ...line, err: error }, 'request errored');
    } else if (this.accessLines) {
      // Routes may log less (`logLevel: 'warn'` on /metrics): honour it without the request's logger.
      if (!logsInfo(routeOf(request).logLevel)) return;
      this.accessLines.write({ reqId: String(request.id), ...line });
    } else {
      reply.log.info(line, 'request completed');
    }
  }
}

type LogArgs = Parameters<FastifyBaseLogger['info']>;

/**
 * A request's logger, made only when something logs through it. Most requests log nothing but the
 * access line (which has its own logger), so most never pay for a pino child and the redaction of
 * its bindings.
 */
class LazyChildLogger implements FastifyBaseLogger {
  private made: FastifyBaseLogger | undefined;
  private readonly parent: FastifyBaseLogger;
  private readonly bindings: Bindings;
  private readonly options: ChildLoggerOptions;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions) {
    this.parent = parent;
    this.bindings = bindings;
    this.options = options;
  }

  private get logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.logger.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  fatal(...args: LogArgs): void {
    this.logger.fatal(...args);
  }
  error(...args: LogArgs): void {
    this.logger.error(...args);
  }
  warn(...args: LogArgs): void {
    this.logger.warn(...args);
  }
  info(...args: LogArgs): void {
    this.logger.info(...args);
  }
  debug(...args: LogArgs): void {
    this.logger.debug(...args);
  }
  trace(...args: LogArgs): void {
    this.logger.trace(...args);
  }
  silent(...args: LogArgs): void {
    this.logger.silent(...args);
  }
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: request loggers made on first use (see LazyChildLogger). */
export function lazyRequestLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new LazyChildLogger(logger, bindings, options);
}
