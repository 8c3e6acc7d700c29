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
  /** Non-200 statuses this route answers on purpose (beyond 401/403/503/504/500). */
  errors?: number[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    docs?: RouteDocs;
  }
}
