import type { FastifyInstance, RouteOptions } from 'fastify';
import type { RouteDocs } from '../http/route-docs.ts';

export interface CatalogRoute {
  method: string;
  url: string;
  docs?: RouteDocs;
  isPublic: boolean;
}

interface Pattern {
  url: string;
  regex: RegExp;
  methods: Set<string>;
}

function patternRegex(url: string): RegExp {
  const source = url
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * Every route the app registers, collected with an onRoute hook: the OpenAPI document is built from
 * it, the not-found handler asks it which methods a path has (405 with `Allow`), and /info reads
 * which optional routes exist. Must be created before any route is registered.
 */
export class RouteCatalog {
  readonly routes: CatalogRoute[] = [];
  private readonly patterns = new Map<string, Pattern>();

  static attach(app: FastifyInstance): RouteCatalog {
    const catalog = new RouteCatalog();
    app.addHook('onRoute', (route) => catalog.add(route));
    return catalog;
  }

  add(route: RouteOptions): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = route.config?.access;
    for (const method of methods) {
      this.routes.push({ method, url: route.url, docs: route.config?.docs, isPublic: !!access && 'public' in access });
      let pattern = this.patterns.get(route.url);
      if (!pattern) {
        pattern = { url: route.url, regex: patternRegex(route.url), methods: new Set() };
        this.patterns.set(route.url, pattern);
      }
      pattern.methods.add(method);
    }
  }

  has(method: string, url: string): boolean {
    return this.patterns.get(url)?.methods.has(method) ?? false;
  }

  /** Methods some route answers on this concrete path, sorted; [] when no route matches it. */
  methodsFor(path: string): string[] {
    const methods = new Set<string>();
    for (const pattern of this.patterns.values()) {
      if (pattern.regex.test(path)) for (const m of pattern.methods) methods.add(m);
    }
    return [...methods].sort();
  }
}
