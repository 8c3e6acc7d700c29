import fastifyHelmet from '@fastify/helmet';
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

export async function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // Same-origin framing by the Kubeflow central dashboard must keep working.
    frameguard: { action: 'sameorigin' },
    // crossorigin="use-credentials" script tags of the Angular builds are same-origin: no CORP/COEP needed.
    crossOriginEmbedderPolicy: false,
    // HSTS only means something when the app is reached over HTTPS (APP_SECURE_COOKIES=true).
    strictTransportSecurity: options.https ? { maxAge: 15552000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
}
