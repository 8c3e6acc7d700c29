import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { groupVersion, type ResourceType } from '../k8s/resources.ts';
import type { ResourceAttributes, SubjectAccessReviewer } from '../k8s/subject-access-review.ts';
import { routeOf } from './route-of.ts';

/**
 * Every route declares who may call it, in its route config:
 *   - `{ public: true }`: no user needed (config, health, static files);
 *   - `{ checks: [...] }`: a user is needed, and each check is a SubjectAccessReview made before the
 *     handler runs. A handler that needs more (e.g. creating PVCs only when the body asks for new
 *     ones) calls `request.authorize(...)` itself.
 * The app refuses to start if an /api route declares neither.
 */
export interface AccessCheck {
  verb: string;
  type: Pick<ResourceType, 'group' | 'version' | 'resource'>;
  subresource?: string;
  /** Path parameter holding the object name (set for routes that target one named object). */
  nameParam?: string;
  /** A cluster-scoped check: no namespace in the review. */
  cluster?: boolean;
}

export type RouteAccess = { public: true } | { checks: AccessCheck[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Runs one more SubjectAccessReview for the caller; throws 403 when denied. */
    authorize(check: Omit<AccessCheck, 'nameParam'> & { name?: string; namespace?: string }): Promise<void>;
  }
}

export function describeDenial(user: string, attrs: ResourceAttributes): string {
  const what = [groupVersion(attrs), attrs.resource, attrs.subresource].filter(Boolean).join('/');
  const where = attrs.namespace ? ` in namespace '${attrs.namespace}'` : '';
  return `User '${user}' is not authorized to ${attrs.verb} ${what}${where}`;
}

function pathParam(request: FastifyRequest, name: string): string | undefined {
  const params = request.params as Record<string, string | undefined>;
  return params[name];
}

export function attributesFor(request: FastifyRequest, check: AccessCheck): ResourceAttributes {
  return {
    namespace: check.cluster ? undefined : pathParam(request, 'ns'),
    verb: check.verb,
    group: check.type.group,
    version: check.type.version,
    resource: check.type.resource,
    subresource: check.subresource,
    name: check.nameParam ? pathParam(request, check.nameParam) : undefined,
  };
}

export function registerRouteAccess(
  app: FastifyInstance,
  reviewer: SubjectAccessReviewer,
  options: { authDisabled: boolean },
): void {
  app.addHook('onRoute', (route) => {
    const isApi = route.url.startsWith('/api');
    if (isApi && !route.config?.access) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
    }
  });

  async function check(request: FastifyRequest, attrs: ResourceAttributes): Promise<void> {
    if (options.authDisabled) return;
    const user = request.identity.user;
    if (!user) throw new AppError('unauthenticated', 'No user detected.');
    const allowed = await reviewer.allowed({ user, groups: request.identity.groups }, attrs);
    if (!allowed) throw new AppError('forbidden', describeDenial(user, attrs));
  }

  app.decorateRequest('authorize', async function authorize(this: FastifyRequest, c) {
    const attrs: ResourceAttributes = {
      namespace: c.cluster ? undefined : (c.namespace ?? pathParam(this, 'ns')),
      verb: c.verb,
      group: c.type.group,
      version: c.type.version,
      resource: c.type.resource,
      subresource: c.subresource,
      name: c.name,
    };
    await check(this, attrs);
  });

  async function checkFrom(request: FastifyRequest, checks: readonly AccessCheck[], first: number): Promise<void> {
    for (let i = first; i < checks.length; i++) await check(request, attributesFor(request, checks[i]!));
  }

  // A callback hook: when every decision is remembered (a poll), the checks finish without a promise.
  app.addHook('preHandler', (request, _reply, done) => {
    const access = routeOf(request).config.access;
    if (!access || 'public' in access || options.authDisabled) return done();
    const user = request.identity.user;
    if (!user) return done(new AppError('unauthenticated', 'No user detected.'));
    const subject = { user, groups: request.identity.groups };
    const { checks } = access;
    for (let i = 0; i < checks.length; i++) {
      const attrs = attributesFor(request, checks[i]!);
      const remembered = reviewer.cachedDecision(subject, attrs);
      if (remembered === true) continue;
      if (remembered === false) return done(new AppError('forbidden', describeDenial(user, attrs)));
      // In order from the first check not remembered, as a review each.
      checkFrom(request, checks, i).then(() => done(), done);
      return;
    }
    done();
  });
}
