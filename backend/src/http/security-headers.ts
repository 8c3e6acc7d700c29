import type { FastifyInstance } from 'fastify';

/**
 * The one inline script the upstream and StatCan Angular production builds (served with -static-dir)
 * contain: the `onload="this.media='all'"` that Angular's critical-CSS inlining puts on the
 * stylesheet link. Allowed by its hash only, so no other inline script or handler runs.
 */
export const ANGULAR_STYLESHEET_ONLOAD_HASH = "'sha256-MhtPZXr7+LpJUY5qtMutB+qWfQtMaPccfe7QXtCcEYc='";

/**
 * The Content-Security-Policy every response carries. The UI loads only its own scripts; PatternFly
 * and Monaco set inline styles; Monaco starts its workers from blob: URLs. The central dashboard
 * frames the app from the same origin, hence frame-ancestors 'self'.
 */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'unsafe-hashes'", ANGULAR_STYLESHEET_ONLOAD_HASH],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'frame-ancestors': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** HSTS only means something when the app is reached over HTTPS (APP_SECURE_COOKIES=true). */
const HSTS_MAX_AGE_SECONDS = 15552000;

/**
 * The hardening headers of every response, the set helmet's defaults give with our policy: same-origin
 * framing (the Kubeflow central dashboard frames the app), same-origin referrers, no cross-origin
 * embedder policy (the Angular builds' crossorigin="use-credentials" scripts are same-origin).
 */
export function securityHeaders(options: { https: boolean }): Readonly<Record<string, string>> {
  const csp = Object.entries(CONTENT_SECURITY_POLICY)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join(';');
  return Object.freeze({
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'same-origin',
    ...(options.https ? { 'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}` } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  });
}

/** The header set is built once here; each request only copies it onto the reply. */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
