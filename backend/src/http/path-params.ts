import type { FastifyInstance } from 'fastify';
import { badRequest } from '../errors.ts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

const CHECKS: Record<string, (v: string) => boolean> = {
  ns: isDns1123Label,
  nb: isDns1123Subdomain,
  pvc: isDns1123Subdomain,
  pod: isDns1123Subdomain,
  viewer: isDns1123Subdomain,
};

const LABEL_SCHEMA = { type: 'string', minLength: 1, maxLength: 63, pattern: DNS1123_LABEL.source };
const SUBDOMAIN_SCHEMA = { type: 'string', minLength: 1, maxLength: 253, pattern: DNS1123_SUBDOMAIN.source };

/** What the OpenAPI document says of each checked path parameter: exactly what the check enforces. */
export const PATH_PARAM_SCHEMAS: Readonly<Record<string, Record<string, unknown>>> = {
  ns: LABEL_SCHEMA,
  nb: SUBDOMAIN_SCHEMA,
  pvc: SUBDOMAIN_SCHEMA,
  pod: SUBDOMAIN_SCHEMA,
  viewer: SUBDOMAIN_SCHEMA,
  hours: { type: 'string', pattern: '^\\d+$' },
};

/** Path parameters are checked before any Kubernetes call, so selectors built from them stay injection-free. */
export function registerPathParamCheck(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const params = (request.params ?? {}) as Record<string, string>;
    for (const name in params) {
      const valid = CHECKS[name];
      const value = params[name]!;
      if (valid && !valid(value)) return done(badRequest(`Invalid ${name} '${value}'.`, name));
    }
    done();
  });
}
