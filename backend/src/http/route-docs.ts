import type { ZodType } from 'zod';

/**
 * What a route tells the OpenAPI document about itself, in its route config next to `access`:
 * the zod schemas come from @jupyter-apis/contract, so docs, backend and frontend share one source.
 */
export interface RouteDocs {
  summary: string;
  tags?: string[];
  body?: ZodType;
  query?: ZodType;
  /** Schema of the 200 response body. */
  response?: ZodType;
  /** A Server-Sent Events response: each event name and the schema of its JSON data. */
  stream?: Record<string, ZodType>;
  /**
   * Non-200 statuses the handler answers on purpose. Those every route of its kind can give (400 and
   * 414 for path parameters, 401/403 without rights, CSRF, 413, 429, 304, 503/504, 500) are added.
   */
  errors?: number[];
  /** Schema of error bodies when they are not the v1 envelope (the health probes answer a bare string). */
  errorBody?: ZodType;
  /** false for routes that never ask Kubernetes (no 503/504 from it). */
  kubernetes?: false;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    docs?: RouteDocs;
  }
}
