import { extname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../http/envelope.ts';
import { setCsrfCookie, type CsrfSettings } from '../http/csrf.ts';
import { assetFile } from './asset-path.ts';
import { indexPage } from './index-page.ts';
import type { StaticLayout } from './static-layout.ts';
import { preferredLanguage } from './ui-language.ts';

export interface SpaSettings {
  layout: StaticLayout;
  appPrefix: string;
  csrf: CsrfSettings;
}

const NOT_SPA = /^\/(api|healthz|metrics|info)(\/|$)/;
/** A content hash in the name (`main.3f2a9c1d0b7e6a54.js`, `index-BcD3xY9z.js`): cached for good. */
const HASHED = /[.-](?=[A-Za-z0-9_]*\d)[A-Za-z0-9_]{8,}\.(js|mjs|css|woff2?|ttf|eot|svg|png|jpe?g|gif|webp|ico)$/;
const NO_STORE = 'no-cache, no-store, must-revalidate, max-age=0';

/** One servable tree: a flat build, or one locale folder of a localized build, with its index. */
interface UiTree {
  root: string;
  index: string;
}

/**
 * The built UI from `-static-dir`, in whichever layout the build wrote (static-layout.ts): files by
 * their path (`/static/x` also finds `x` next to index.html), pre-compressed `.br`/`.gz` siblings by
 * content negotiation (`Vary: Accept-Encoding`), and index.html, never cached, with `<base href>` set
 * to the prefix (plus the locale), for every other GET outside the API (client-side routes). A missing
 * file whose name has an extension is a plain 404, never index.html, so the UI can tell that
 * `/dashboard_lib.bundle.js` (the central dashboard's script) is absent.
 */
export async function registerSpa(app: FastifyInstance, settings: SpaSettings): Promise<void> {
  const { layout } = settings;
  const prefix = settings.appPrefix === '/' ? '' : settings.appPrefix;
  const trees = new Map<string, UiTree>();
  if (layout.kind === 'flat') {
    trees.set('', { root: layout.root, index: indexPage(join(layout.root, 'index.html'), `${prefix}/`) });
  } else if (layout.kind === 'localized') {
    for (const language of layout.languages) {
      const root = join(layout.root, language);
      trees.set(language, { root, index: indexPage(join(root, 'index.html'), `${prefix}/${language}/`) });
    }
  }

  await app.register(fastifyStatic, {
    serve: false,
    preCompressed: true,
    index: false,
    dotfiles: 'ignore',
    setHeaders(reply, path) {
      // `path` is the file sent: `main.<hash>.js.br` is as immutable as `main.<hash>.js`.
      const hashed = HASHED.test(path.replace(/\.(br|gz)$/, ''));
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    },
  });

  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    reply.code(404).send(errorBody(404, 'The requested resource could not be found.', request.identity?.user ?? null));

  app.setNotFoundHandler({}, async (request, reply) => {
    const [path = '/', query] = splitQuery(request.url);
    if ((request.method !== 'GET' && request.method !== 'HEAD') || NOT_SPA.test(path)) return notFound(request, reply);
    if (layout.kind === 'missing') {
      return reply.code(404).type('text/plain').send('The UI is not built: run npm run build\n');
    }

    let tree: UiTree;
    let rest = path;
    if (layout.kind === 'localized') {
      const segment = path.split('/')[1]!;
      const localized = trees.get(segment);
      if (localized) {
        tree = localized;
        rest = path.slice(segment.length + 1) || '/';
      } else {
        const language = preferredLanguage(
          request.headers['accept-language'],
          layout.languages,
          layout.defaultLanguage,
        );
        if (extname(path) === '') {
          // Each locale's index has its own base href: send the browser there, keeping the route.
          return reply
            .header('cache-control', NO_STORE)
            .header('vary', 'Accept-Language')
            .redirect(`${prefix}/${language}${path}${query}`, 302);
        }
        tree = trees.get(language)!;
      }
    } else {
      tree = trees.get('')!;
    }

    const file = rest === '/index.html' ? undefined : assetFile(tree.root, rest);
    if (file) return reply.sendFile(`/${file}`, tree.root);
    if (rest.startsWith('/static/') || (extname(rest) !== '' && rest !== '/index.html')) {
      return reply.code(404).type('text/plain').send('Not found\n');
    }
    setCsrfCookie(reply, settings.csrf);
    return reply.header('cache-control', NO_STORE).type('text/html; charset=utf-8').send(tree.index);
  });
}

function splitQuery(url: string): [string, string] {
  const at = url.indexOf('?');
  return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at)];
}
