/**
 * The one error type the k8s layer throws. It carries what the API server said (parsed from its
 * Status body), never the raw body or the client's exception text. `http/` maps it to our envelope.
 */
export type KubeErrorKind =
  | 'badRequest'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'alreadyExists'
  | 'conflict'
  | 'invalid'
  | 'gone'
  | 'unsupportedMediaType'
  | 'tooManyRequests'
  | 'serverError'
  | 'unreachable'
  | 'timeout';

export interface StatusCause {
  field?: string;
  message?: string;
  reason?: string;
}

export class KubeError extends Error {
  readonly kind: KubeErrorKind;
  readonly code: number;
  readonly reason: string;
  readonly causes: StatusCause[];

  constructor(kind: KubeErrorKind, code: number, reason: string, message: string, causes: StatusCause[] = []) {
    super(message);
    this.name = 'KubeError';
    this.kind = kind;
    this.code = code;
    this.reason = reason;
    this.causes = causes;
  }
}

interface StatusBody {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { causes?: StatusCause[] };
}

function kindOf(code: number, reason: string): KubeErrorKind {
  if (reason === 'AlreadyExists') return 'alreadyExists';
  if (reason === 'Conflict') return 'conflict';
  if (reason === 'Invalid' || code === 422) return 'invalid';
  switch (code) {
    case 400:
      return 'badRequest';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 409:
      return 'conflict';
    case 410:
      return 'gone';
    case 415:
      return 'unsupportedMediaType';
    case 429:
      return 'tooManyRequests';
    case 504:
      return 'timeout';
    default:
      return code >= 500 ? 'serverError' : 'badRequest';
  }
}

/** Builds a KubeError from an HTTP status and the response text, which should be a Status object. */
export function kubeErrorFromResponse(httpStatus: number, bodyText: string): KubeError {
  let status: StatusBody = {};
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (parsed && typeof parsed === 'object') status = parsed as StatusBody;
  } catch {
    // Not a Status body (a proxy's HTML page, say): fall back to the HTTP status alone.
  }
  const code = typeof status.code === 'number' && status.code > 0 ? status.code : httpStatus;
  const reason = typeof status.reason === 'string' ? status.reason : '';
  const message = typeof status.message === 'string' && status.message ? status.message : `HTTP ${httpStatus}`;
  const causes = Array.isArray(status.details?.causes) ? status.details.causes : [];
  return new KubeError(kindOf(code, reason), code, reason, message, causes);
}

export function isKubeError(err: unknown, kind?: KubeErrorKind): err is KubeError {
  return err instanceof KubeError && (kind === undefined || err.kind === kind);
}
