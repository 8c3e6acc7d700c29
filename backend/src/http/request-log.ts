import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One structured line per request, written once the answer is sent, instead of Fastify's two
 * ("incoming request" and "request completed"): a poll costs one log write, and the line says
 * everything at once. Error lines (the error handler's, stream errors) are unchanged. The line holds
 * no headers, and the logger's redaction still applies to anything else logged with the request.
 */
export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? null,
      url: request.originalUrl,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
      user: request.identity?.user ?? null,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
