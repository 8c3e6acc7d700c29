import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfSettings {
  cookiePath: string;
  sameSite: 'strict' | 'lax' | 'none';
  secure: boolean;
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

export function setCsrfCookie(reply: FastifyReply, settings: CsrfSettings): void {
  reply.setCookie(CSRF_COOKIE, newCsrfToken(), {
    path: settings.cookiePath,
    sameSite: settings.sameSite,
    secure: settings.secure,
    httpOnly: false,
  });
}

function tokensMatch(cookie: string, header: string): boolean {
  const a = Buffer.from(cookie);
  const b = Buffer.from(header);
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of b.
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** The double-submit check on one request; throws 403 with the spec's wording. */
export function checkCsrf(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const cookie = request.cookies[CSRF_COOKIE];
  if (!cookie) throw new AppError('forbidden', `Could not find CSRF cookie ${CSRF_COOKIE} in the request.`);
  const header = request.headers[CSRF_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) throw new AppError('forbidden', 'Could not detect CSRF protection header X-XSRF-TOKEN.');
  if (!tokensMatch(cookie, value)) {
    throw new AppError(
      'forbidden',
      `CSRF check failed. Token in cookie ${CSRF_COOKIE} doesn't match token in header X-XSRF-TOKEN.`,
    );
  }
}

/** Gives a token to clients that come without one (a separately hosted Angular build reads it). */
export function registerCsrfCookieOnGet(app: FastifyInstance, settings: CsrfSettings): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method === 'GET' && reply.statusCode === 200 && !request.cookies[CSRF_COOKIE]) {
      // Never on a publicly cacheable response (static files): a shared cache would hand the token on.
      const cacheable = String(reply.getHeader('cache-control') ?? '').startsWith('public');
      if (!cacheable && !reply.hasHeader('set-cookie')) setCsrfCookie(reply, settings);
    }
    done(null, payload);
  });
}
