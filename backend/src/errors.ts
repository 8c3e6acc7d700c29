/**
 * Errors the domain services throw. They name what went wrong in the user's terms; `http/` decides
 * the HTTP status. KubeError (from k8s/) is the other error type that reaches the HTTP layer.
 */
export interface FieldError {
  field: string;
  message: string;
}

export type AppErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'tooManyRequests'
  | 'unavailable'
  | 'timeout'
  | 'badGateway'
  | 'internal';

export class AppError extends Error {
  readonly kind: AppErrorKind;
  readonly fieldErrors: FieldError[];

  constructor(kind: AppErrorKind, message: string, fieldErrors: FieldError[] = []) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.fieldErrors = fieldErrors;
  }
}

/** A 400 listing every problem; `log` summarises them as the spec words it. */
export function invalidRequest(fieldErrors: FieldError[]): AppError {
  const summary = fieldErrors.map((e) => e.message).join('; ');
  return new AppError('invalid', `Invalid request: ${fieldErrors.length} problem(s): ${summary}`, fieldErrors);
}

export function badRequest(message: string, field = ''): AppError {
  return new AppError('invalid', message, [{ field, message }]);
}

export const notFound = (message: string) => new AppError('notFound', message);
export const conflict = (message: string, fieldErrors: FieldError[] = []) =>
  new AppError('conflict', message, fieldErrors);
export const forbidden = (message: string) => new AppError('forbidden', message);
