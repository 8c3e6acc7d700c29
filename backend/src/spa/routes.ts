import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../http/envelope.ts';
import { setCsrfCookie, type CsrfSettings } from '../http/csrf.ts';

export interface SpaSettings {
  staticDir: string;
  appPrefix: string;
  csrf: CsrfSettings;
  /** Methods the app's routes answer on a path, so a wrong method gets 405 rather than 404. */
  allowedMethods?: (path: string) => string[];
}

const NOT_SPA = /^\/(api|healthz|metrics|info)(\/|$)/;

/** index.html with `<base href>` set to the app prefix, read once. */
function loadIndex(staticDir: string, appPrefix: string): string | undefined {
  const file = join(staticDir, 'index.html');
  if (!existsSync(file)) return undefined;
  const base = appPrefix === '/' ? '/' : `${appPrefix}/`;
  const html = readFileSync(file, 'utf8');
  return /<base href="[^"]*"\s*\/?>/.test(html)
    ? html.replace(/<base href="[^"]*"\s*\/?>/, `<base href="${base}">`)
    : html.replace('<head>', `<head><base href="${base}">`);
}

/**
 * The built UI: `/static/*` assets (hashed names cached for a year), and index.html for every other
 * GET that is not an API path. A missing file with an extension is a plain 404, never index.html,
 * so the UI can tell that `/dashboard_lib.bundle.js` (the central dashboard's script) is absent.
 */
export async function registerSpa(app: FastifyInstance, settings: SpaSettings): Promise<void> {
  const staticDir = resolve(settings.staticDir);
  const index = loadIndex(staticDir, settings.appPrefix);
  if (existsSync(join(staticDir, 'static'))) {
    await app.register(fastifyStatic, {
      root: join(staticDir, 'static'),
      prefix: '/static/',
      decorateReply: false,
      index: false,
      // The build writes .br and .gz siblings (frontend/vite.config.ts); sent by Accept-Encoding, with Vary.
      preCompressed: true,
      setHeaders(reply, path) {
        const hashed = /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2?|svg|png)$/.test(path);
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
      },
    });
  }
  app.setNotFoundHandler({}, async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = settings.allowedMethods?.(path) ?? [];
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(errorBody(405, `Method ${request.method} not allowed.`, request.identity?.user ?? null));
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply
        .code(404)
        .send(errorBody(404, 'The requested resource could not be found.', request.identity?.user ?? null));
    }
    if (NOT_SPA.test(path) || path.startsWith('/static/')) {
      return reply
        .code(404)
        .send(errorBody(404, 'The requested resource could not be found.', request.identity?.user ?? null));
    }
    if (extname(path) !== '') return reply.code(404).type('text/plain').send('Not found\n');
    if (!index) return reply.code(404).type('text/plain').send('The UI is not built: run npm run build\n');
    setCsrfCookie(reply, settings.csrf);
    return reply
      .header('cache-control', 'no-cache, no-store, must-revalidate, max-age=0')
      .type('text/html; charset=utf-8')
      .send(index);
  });
}
