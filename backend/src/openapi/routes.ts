import type { FastifyInstance } from 'fastify';
import { renderDocsPage } from './docs-page.ts';
import { buildOpenApiDocument } from './openapi-document.ts';
import type { RouteCatalog } from './route-catalog.ts';

export interface OpenApiRoutesDeps {
  catalog: RouteCatalog;
  title: string;
  version: string;
  userHeader: string;
  /** The human-readable page is for development only. */
  docsPage: boolean;
}

export function registerOpenApiRoutes(app: FastifyInstance, deps: OpenApiRoutesDeps): void {
  let document: Record<string, unknown> | undefined;
  // Built on first use: by then every module has registered its routes.
  const current = () =>
    (document ??= buildOpenApiDocument(deps.catalog.routes, {
      title: deps.title,
      version: deps.version,
      userHeader: deps.userHeader,
    }));

  app.get(
    '/api/openapi.json',
    {
      config: {
        access: { public: true },
        docs: { summary: 'This OpenAPI document', tags: ['meta'], kubernetes: false },
      },
    },
    async (_request, reply) => reply.type('application/json; charset=utf-8').send(current()),
  );
  if (deps.docsPage) {
    app.get(
      '/api/docs',
      {
        config: {
          access: { public: true },
          docs: { summary: 'The API documentation page (development)', tags: ['meta'], kubernetes: false },
        },
      },
      async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderDocsPage(current())),
    );
  }
}
