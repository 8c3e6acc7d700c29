import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type AppErrorKind, type FieldError } from '../errors.ts';
import { KubeError } from '../k8s/kube-error.ts';
import { errorBody } from './envelope.ts';

const APP_STATUS: Record<AppErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  tooManyRequests: 429,
  badGateway: 502,
  unavailable: 503,
  timeout: 504,
  internal: 500,
};

export const MESSAGES = {
  internal: 'An internal error occurred.',
  unavailable: 'Kubernetes API unavailable, try again later.',
  timeout: 'Upstream request timed out.',
  notFound: 'The requested resource could not be found.',
  notJson: 'Request is not in JSON format.',
  tooLarge: 'Request body too large.',
  /** The app's own Kubernetes identity was refused: nothing the user can fix, and nothing to tell them about it. */
  ownIdentity: 'The service is temporarily unable to reach Kubernetes, try again later.',
};

/**
 * The app makes every Kubernetes call as itself (users are checked with SubjectAccessReviews, never
 * impersonated), so a Kubernetes "User "X" cannot …" denial is about the app's own identity: RBAC
 * not yet loaded after an API server start, or a deployment missing a rule. Other 403s (a quota, a
 * terminating namespace) are about the request.
 */
const OWN_IDENTITY_DENIAL = /\bUser "[^"]*" cannot /;

export interface MappedError {
  status: number;
  log: string;
  errors?: FieldError[];
  /** Logged at error level: a bug or a deployment problem, not the user's doing. */
  severe?: boolean;
}

/** Kubernetes causes name paths in the object we sent; keep them as the field when no better one is known. */
function causesToFieldErrors(err: KubeError): FieldError[] {
  if (err.causes.length === 0) return [{ field: '', message: err.message }];
  return err.causes.map((c) => ({ field: c.field ?? '', message: c.message ?? c.reason ?? err.message }));
}

export function mapKubeError(err: KubeError): MappedError {
  switch (err.kind) {
    case 'invalid':
      return { status: 400, log: err.message, errors: causesToFieldErrors(err) };
    case 'badRequest':
      return { status: 400, log: err.message };
    case 'forbidden':
      if (OWN_IDENTITY_DENIAL.test(err.message)) return { status: 503, log: MESSAGES.ownIdentity, severe: true };
      return { status: 403, log: err.message };
    case 'notFound':
      return { status: 404, log: MESSAGES.notFound };
    case 'alreadyExists':
    case 'conflict':
      return { status: 409, log: err.message };
    case 'timeout':
      return { status: 504, log: MESSAGES.timeout };
    case 'unauthorized':
      // Our credentials were refused (a rotated token not yet re-read, say).
      return { status: 503, log: MESSAGES.ownIdentity, severe: true };
    case 'unsupportedMediaType':
      return { status: 500, log: MESSAGES.internal, severe: true };
    case 'gone':
    case 'tooManyRequests':
    case 'serverError':
    case 'unreachable':
      return { status: 503, log: MESSAGES.unavailable };
  }
}

export function mapError(err: unknown): MappedError {
  if (err instanceof AppError) {
    const status = APP_STATUS[err.kind];
    return {
      status,
      log: status === 500 ? MESSAGES.internal : err.message,
      errors: err.fieldErrors,
      severe: status >= 500,
    };
  }
  if (err instanceof KubeError) return mapKubeError(err);
  const fastifyError = err as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, log: MESSAGES.tooLarge };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 400, log: MESSAGES.notJson };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, log: "Request doesn't have a body." };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, log: 'Request body is not valid JSON.' };
    case 'FST_ERR_HANDLER_TIMEOUT':
      return { status: 504, log: MESSAGES.timeout };
  }
  if (err instanceof SyntaxError && fastifyError.statusCode === 400) {
    return { status: 400, log: 'Request body is not valid JSON.' };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, log: fastifyError.message ?? MESSAGES.notFound };
  }
  return { status: 500, log: MESSAGES.internal, severe: true };
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = mapError(err);
    if (mapped.severe) {
      request.log.error({ err: describeForLog(err) }, 'request failed');
    } else {
      request.log.info({ status: mapped.status, reason: mapped.log }, 'request refused');
    }
    return reply
      .code(mapped.status)
      .send(errorBody(mapped.status, mapped.log, request.identity?.user ?? null, mapped.errors));
  });
}

/** Credentials a message could quote (a client echoing its request): bearer/basic values and JWTs. */
export function scrubCredentials(text: string): string {
  return text
    .replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, '$1 [redacted]')
    .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[redacted]');
}

/** What may be logged of an error: Kubernetes code, reason and message, never bodies or headers. */
function describeForLog(err: unknown): Record<string, unknown> {
  if (err instanceof KubeError) {
    return { type: 'KubeError', code: err.code, reason: err.reason, message: scrubCredentials(err.message) };
  }
  if (err instanceof Error) {
    return { type: err.name, message: scrubCredentials(err.message), stack: scrubCredentials(err.stack ?? '') };
  }
  return { type: typeof err };
}
