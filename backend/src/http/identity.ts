import type { FastifyRequest } from 'fastify';

export interface Identity {
  /** The user id after the prefix is stripped; null when authentication is off or no header came. */
  user: string | null;
  groups: string[];
}

export interface IdentitySettings {
  userHeader: string;
  userPrefix: string;
  /** Empty: groups are not read (the default; a gateway that does not strip the header lets browsers send any). */
  groupsHeader: string;
  /** Authentication and authorization off (BACKEND_MODE=dev without a dev user, APP_DISABLE_AUTH). */
  authDisabled: boolean;
  /** Acts as this user when the request has no user header (local development only). */
  devUser: string | undefined;
}

function headerValues(request: FastifyRequest, name: string): string[] {
  const raw = request.headers[name.toLowerCase()];
  if (raw === undefined) return [];
  return Array.isArray(raw) ? raw : [raw];
}

/**
 * Groups Kubernetes reserves for itself (`system:masters`, `system:serviceaccounts`, …): never taken
 * from a header, whoever sent it, so that no header can make a user an administrator.
 */
export function isReservedGroup(group: string): boolean {
  return group.startsWith('system:');
}

/**
 * The caller's identity from the trusted headers. `onReservedGroup` is told of each `system:` group
 * dropped from the groups header.
 */
export function readIdentity(
  request: FastifyRequest,
  settings: IdentitySettings,
  onReservedGroup?: (group: string) => void,
): Identity {
  if (settings.authDisabled) return { user: null, groups: [] };
  let user = (headerValues(request, settings.userHeader)[0] ?? '').trim();
  if (user && settings.userPrefix && user.startsWith(settings.userPrefix)) {
    user = user.slice(settings.userPrefix.length);
  }
  if (!user && settings.devUser) user = settings.devUser;
  const groups = settings.groupsHeader
    ? headerValues(request, settings.groupsHeader)
        .flatMap((v) => v.split(','))
        .map((g) => g.trim())
        .filter((g) => {
          if (!isReservedGroup(g)) return g.length > 0;
          onReservedGroup?.(g);
          return false;
        })
    : [];
  return { user: user || null, groups };
}
