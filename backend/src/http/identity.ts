import type { FastifyRequest } from 'fastify';

export interface Identity {
  /** The user id after the prefix is stripped; null when authentication is off or no header came. */
  user: string | null;
  groups: string[];
}

export interface IdentitySettings {
  userHeader: string;
  userPrefix: string;
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

export function readIdentity(request: FastifyRequest, settings: IdentitySettings): Identity {
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
        .filter((g) => g.length > 0)
    : [];
  return { user: user || null, groups };
}
