import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './envelope.ts';

/**
 * Errors Fastify and Node raise before any hook runs (a malformed URL, a path parameter longer than
 * the router takes, headers too large, a malformed request line) get the same envelope and security
 * headers as every other answer, never a framework's own body.
 */
export const FRAMEWORK_MESSAGES = {
  badUrl: 'The URL is not valid.',
  uriTooLong: 'The URL is too long.',
  headersTooLarge: 'Request headers too large.',
  requestTimeout: 'The request took too long to arrive.',
  badRequest: 'The request is not valid HTTP.',
};

/** For Fastify's `frameworkErrors` option: bad URLs and over-long path parameters. */
export function frameworkErrorHandler(headers: Readonly<Record<string, string>>) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const [status, log] =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? [414, FRAMEWORK_MESSAGES.uriTooLong]
        : [400, FRAMEWORK_MESSAGES.badUrl];
    void reply
      .code(status)
      .headers(headers)
      .send(errorBody(status, log, null));
  };
}

function clientErrorStatus(code: string | undefined): [number, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, FRAMEWORK_MESSAGES.headersTooLarge];
    case 'HPE_URI_TOO_LONG':
      return [414, FRAMEWORK_MESSAGES.uriTooLong];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, FRAMEWORK_MESSAGES.requestTimeout];
    default:
      return [400, FRAMEWORK_MESSAGES.badRequest];
  }
}

/** For Fastify's `clientErrorHandler` option: what Node's HTTP parser refuses, answered on the raw socket. */
export function clientErrorHandler(headers: Readonly<Record<string, string>>) {
  return function onClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, log] = clientErrorStatus(error.code);
    const body = JSON.stringify(errorBody(status, log, null));
    const lines = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
    ];
    this.log.info({ status, code: error.code }, 'malformed request refused');
    if (socket.writable) socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
    else socket.destroy(error);
  };
}
