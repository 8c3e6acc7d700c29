import { ErrorEnvelopeSchema } from '@jupyter-apis/contract';
import { z, type ZodType } from 'zod';
import { MIN_RESOURCE_VERSION_HEADER, RESOURCE_VERSION_HEADER } from '@jupyter-apis/contract';
import { CACHE_AGE_HEADER } from '../http/cache-age.ts';
import { PATH_PARAM_SCHEMAS } from '../http/path-params.ts';
import type { CatalogRoute } from './route-catalog.ts';

type JsonSchema = Record<string, unknown>;

const STANDARD_ERRORS: Record<number, string> = {
  304: 'Not modified: If-None-Match matched the ETag',
  400: 'Invalid request (every problem listed in errors)',
  401: 'No user detected',
  403: 'Not authorized, or CSRF check failed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request body too large',
  414: 'A path parameter longer than the router takes',
  429: 'Too many requests (a limit per user or per server; retry later)',
  500: 'Internal error',
  502: 'Upstream service (Kubecost, Prometheus) unavailable',
  503: 'Kubernetes API unavailable, or the caches not synced yet',
  504: 'Upstream request timed out',
};

/** Paths the document covers: the API and the public operational endpoints, not the SPA. */
function isDocumented(url: string): boolean {
  return /^\/(api|info$|healthz|metrics$)/.test(url);
}

function jsonSchema(schema: ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function pathParameters(url: string): JsonSchema[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: PATH_PARAM_SCHEMAS[m[1]!] ?? { type: 'string' },
  }));
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every status a route can answer besides 200, from what it is: the hooks each kind of route passes. */
function errorStatusesOf(route: CatalogRoute): Set<number> {
  const statuses = new Set<number>(route.docs?.errors ?? []);
  const isApi = route.url.startsWith('/api');
  const add = (...list: number[]) => list.forEach((s) => statuses.add(s));
  // Path parameters are checked (400) and bounded by the router (414).
  if (route.url.includes(':')) add(400, 414);
  if (route.docs?.body || route.docs?.query) add(400);
  // CSRF (403), JSON-only bodies (400, 413), the per-user rate limit (429).
  if (!SAFE_METHODS.has(route.method)) add(400, 403, 413, 429);
  // A malformed X-Min-Resource-Version.
  if (isApi) add(400);
  if (isApi && !route.isPublic) add(401, 403);
  if (isApi && route.method === 'GET') add(304);
  if (isApi && route.docs?.kubernetes !== false) add(503, 504);
  add(500);
  return statuses;
}

function queryParameters(schema: ZodType | undefined): JsonSchema[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, prop]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(typeof prop.description === 'string' ? { description: prop.description } : {}),
    schema: prop,
  }));
}

/**
 * A Server-Sent Events answer: OpenAPI 3.0 has no notation for a sequence of events, so the schema
 * is one of the events, each `{event, data}` with its data's schema, and the description names them.
 */
function streamResponse(events: Record<string, ZodType>): JsonSchema {
  const names = Object.keys(events);
  return {
    description: `An event stream (text/event-stream). Events: ${names.join(', ')}; each \`data\` is one JSON object.`,
    content: {
      'text/event-stream': {
        schema: {
          oneOf: names.map((name) => ({
            type: 'object',
            required: ['event', 'data'],
            properties: {
              event: { type: 'string', enum: [name] },
              id: { type: 'string' },
              data: jsonSchema(events[name]!, 'output'),
            },
          })),
        },
      },
    },
  };
}

/** `x-resource-version` as headers are usually written: `X-Resource-Version`. */
const headerName = (name: string) => name.replace(/\b\w/g, (c) => c.toUpperCase());

/** Read-your-writes across replicas (docs/decisions/0016-consistent-reads-across-replicas.md). */
const MIN_RESOURCE_VERSION_PARAMETER: JsonSchema = {
  name: headerName(MIN_RESOURCE_VERSION_HEADER),
  in: 'header',
  required: false,
  description:
    'The highest resourceVersions this client has seen written in the namespace (X-Resource-Version of its writes), e.g. `notebooks=1207,persistentvolumeclaims=1204`: a replica whose caches are behind them waits for its watches (bounded), then reads from the Kubernetes API',
  schema: { type: 'string' },
};

function operation(route: CatalogRoute): JsonSchema {
  const docs = route.docs;
  const writtenVersions =
    !SAFE_METHODS.has(route.method) && route.url.startsWith('/api/')
      ? {
          [headerName(RESOURCE_VERSION_HEADER)]: {
            description:
              'The new resourceVersion of each Kubernetes resource this request wrote, e.g. `notebooks=1207`: send the highest seen as X-Min-Resource-Version on the next requests to the namespace',
            schema: { type: 'string' },
          },
        }
      : undefined;
  const cacheAge =
    route.method === 'GET' && route.url.startsWith('/api')
      ? {
          headers: {
            [headerName(CACHE_AGE_HEADER)]: {
              description:
                'Present while the data may be behind the Kubernetes API (it does not answer, or a watch is down): seconds since the caches were last known current',
              schema: { type: 'integer', minimum: 0 },
            },
          },
        }
      : {};
  const responses: Record<string, JsonSchema> = {
    200: docs?.stream
      ? streamResponse(docs.stream)
      : {
          description: 'Success',
          ...cacheAge,
          ...(writtenVersions ? { headers: writtenVersions } : {}),
          ...(docs?.response
            ? { content: { 'application/json': { schema: jsonSchema(docs.response, 'output') } } }
            : {}),
        },
  };
  const errorSchema = jsonSchema(docs?.errorBody ?? ErrorEnvelopeSchema, 'output');
  for (const status of [...errorStatusesOf(route)].sort((a, b) => a - b)) {
    responses[status] =
      status === 304
        ? { description: STANDARD_ERRORS[status], ...cacheAge }
        : {
            description: STANDARD_ERRORS[status] ?? 'Error',
            content: { 'application/json': { schema: errorSchema } },
          };
  }
  const op: JsonSchema = {
    summary: docs?.summary ?? `${route.method} ${route.url}`,
    operationId: `${route.method.toLowerCase()}${openApiPath(route.url).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    parameters: [
      ...pathParameters(route.url),
      ...queryParameters(docs?.query),
      ...(route.url.startsWith('/api/') ? [MIN_RESOURCE_VERSION_PARAMETER] : []),
    ],
    responses,
  };
  if (docs?.tags) op.tags = docs.tags;
  // Visible in the document, and a test fails on it for /api routes.
  if (!docs) op['x-missing-docs'] = true;
  if (!route.isPublic) op.security = [{ userHeader: [] }];
  if (docs?.body) {
    op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(docs.body, 'input') } } };
  }
  return op;
}

/** The OpenAPI 3.0 description of every registered API route, from its `config.docs` zod schemas. */
export function buildOpenApiDocument(
  routes: readonly CatalogRoute[],
  info: { title: string; version: string; userHeader: string },
): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const documented = routes
    .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && isDocumented(r.url) && !r.url.includes('*'))
    .sort((a, b) => (a.url === b.url ? a.method.localeCompare(b.method) : a.url.localeCompare(b.url)));
  for (const route of documented) {
    const path = openApiPath(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.0.3',
    info: {
      title: info.title,
      version: info.version,
      description:
        'Kubeflow notebook servers and volumes. Every JSON answer is the v1 envelope; mutating calls need the XSRF-TOKEN cookie and an equal X-XSRF-TOKEN header.',
    },
    components: {
      securitySchemes: { userHeader: { type: 'apiKey', in: 'header', name: info.userHeader } },
    },
    paths,
  };
}
