import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import {
  writeAngularBuild,
  writePreCompressed,
  type AngularBuild,
  type WrittenBuild,
} from '../support/angular-builds.ts';

/** What a browser must get for each kind of file the builds contain. */
const CONTENT_TYPES: Record<string, RegExp> = {
  js: /^(text|application)\/javascript/,
  css: /^text\/css/,
  svg: /^image\/svg\+xml/,
  woff2: /^font\/woff2/,
  ico: /^image\/(x-icon|vnd\.microsoft\.icon)/,
};

function contentTypeFor(path: string): RegExp {
  return CONTENT_TYPES[path.split('.').pop()!]!;
}

const get = (t: TestApp, url: string, headers: Record<string, string> = {}) => requestAs(t.app, null, { url, headers });

/** Base href of the index page a response carries. */
function baseHref(html: string): string | undefined {
  return /<base href="([^"]*)">/.exec(html)?.[1];
}

const root = mkdtempSync(join(tmpdir(), 'static-layouts-'));
const builds = {} as Record<AngularBuild, WrittenBuild>;
for (const kind of ['upstream', 'statcan', 'statcan-localized'] as const) {
  builds[kind] = writeAngularBuild(kind, join(root, kind));
}
// A secret next to (outside) every -static-dir: nothing may ever serve it.
writeFileSync(join(root, 'secret.txt'), 'do not serve\n');
for (const kind of ['upstream', 'statcan'] as const) {
  symlinkSync(join(root, 'secret.txt'), join(builds[kind].staticDir, 'linked-secret.txt'));
}

for (const prefix of ['/jupyter', '/'] as const) {
  const at = (path: string) => (prefix === '/' ? `/${path}` : `${prefix}/${path}`);

  describe(`flat Angular builds served unchanged at ${prefix}`, () => {
    for (const kind of ['upstream', 'statcan'] as const) {
      describe(kind, () => {
        let t: TestApp;
        beforeAll(async () => {
          t = await startTestApp({ staticDir: builds[kind].staticDir, env: { APP_PREFIX: prefix } });
        });
        afterAll(async () => t.close());

        it('serves index.html with <base href> at the prefix, never cached, with the XSRF-TOKEN cookie', async () => {
          for (const url of [at(''), at('new'), at('notebook/details/ns/nb'), at('index.html')]) {
            const res = await get(t, url);
            expect(res.statusCode, url).toBe(200);
            expect(res.headers['content-type']).toMatch(/^text\/html/);
            expect(baseHref(res.body)).toBe(prefix === '/' ? '/' : `${prefix}/`);
            expect(res.headers['cache-control']).toBe('no-cache, no-store, must-revalidate, max-age=0');
            expect(String(res.headers['set-cookie'])).toMatch(/^XSRF-TOKEN=[A-Za-z0-9_-]{43};/);
          }
        });

        it('serves every file the page loads, from the folder as the build wrote it, with its content type', async () => {
          for (const asset of builds[kind].assets.en!) {
            const res = await get(t, at(asset));
            expect(res.statusCode, asset).toBe(200);
            expect(res.headers['content-type'], asset).toMatch(contentTypeFor(asset));
            // Publicly cacheable, so never with the CSRF cookie a shared cache could hand on.
            expect(res.headers['set-cookie'], asset).toBeUndefined();
          }
        });

        it('caches hashed files for good and other files briefly', async () => {
          const main = builds[kind].assets.en!.find((a) => /main\.[0-9a-f]{20}\.js$/.test(a))!;
          expect((await get(t, at(main))).headers['cache-control']).toBe('public, max-age=31536000, immutable');
          expect((await get(t, at('favicon.ico'))).headers['cache-control']).toBe('public, max-age=300');
        });

        it('answers a missing asset with a plain 404 and an unknown API path with the envelope', async () => {
          for (const url of [at('static/main.0000000000.js'), at('assets/missing.svg'), '/dashboard_lib.bundle.js']) {
            const res = await get(t, url);
            expect(res.statusCode, url).toBe(404);
            expect(res.headers['content-type'], url).toMatch(/^text\/plain/);
          }
          const api = await get(t, at('api/nothing-here'));
          expect(api.statusCode).toBe(404);
          expect(api.json()).toMatchObject({ success: false, status: 404 });
        });

        it('never serves anything outside -static-dir', async () => {
          const attempts = [
            '../secret.txt',
            '..%2fsecret.txt',
            '%2e%2e/secret.txt',
            '%2e%2e%2fsecret.txt',
            'static/../../secret.txt',
            'static/%2e%2e/%2e%2e/secret.txt',
            'assets/..%5c..%5csecret.txt',
            '....//secret.txt',
            'static//..//..//secret.txt',
            'linked-secret.txt',
            '%00secret.txt',
            '.hidden',
          ];
          for (const attempt of attempts) {
            const res = await get(t, at(attempt));
            expect(res.body, attempt).not.toContain('do not serve');
            expect(res.statusCode, attempt).not.toBe(500);
          }
        });
      });
    }
  });

  describe(`StatCan localized build (en/, fr/) served unchanged at ${prefix}`, () => {
    let t: TestApp;
    const base = (lang: string) => (prefix === '/' ? `/${lang}/` : `${prefix}/${lang}/`);
    beforeAll(async () => {
      t = await startTestApp({ staticDir: builds['statcan-localized'].staticDir, env: { APP_PREFIX: prefix } });
    });
    afterAll(async () => t.close());

    it('sends the browser to the locale it prefers, English by default, keeping the client route', async () => {
      const cases: [Record<string, string>, string][] = [
        [{}, 'en'],
        [{ 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.8' }, 'fr'],
        [{ 'accept-language': 'en-US,en;q=0.9,fr;q=0.5' }, 'en'],
        [{ 'accept-language': 'de-DE,de;q=0.9' }, 'en'],
        [{ 'accept-language': 'de;q=0.9,fr;q=0.4' }, 'fr'],
      ];
      for (const [headers, lang] of cases) {
        const res = await get(t, at(''), headers);
        expect(res.statusCode, JSON.stringify(headers)).toBe(302);
        expect(res.headers.location).toBe(base(lang));
        expect(res.headers.vary).toMatch(/Accept-Language/i);
        expect(res.headers['cache-control']).toMatch(/no-store/);
      }
      const deep = await get(t, `${at('notebook/details/ns/nb')}?tab=logs`, { 'accept-language': 'fr' });
      expect(deep.headers.location).toBe(`${base('fr')}notebook/details/ns/nb?tab=logs`);
    });

    it("serves each locale's index.html with its base href rewritten to the prefix plus the locale", async () => {
      for (const lang of ['en', 'fr']) {
        for (const url of [base(lang), `${base(lang)}new`, base(lang).slice(0, -1)]) {
          const res = await get(t, url);
          expect(res.statusCode, url).toBe(200);
          expect(baseHref(res.body), url).toBe(base(lang));
          expect(res.body).toContain(`<html lang="${lang}">`);
          expect(String(res.headers['set-cookie'])).toMatch(/^XSRF-TOKEN=/);
        }
      }
    });

    it("serves every file each locale's page loads, from its own folder", async () => {
      for (const lang of ['en', 'fr']) {
        for (const asset of builds['statcan-localized'].assets[lang]!) {
          const res = await get(t, `${base(lang)}${asset}`);
          expect(res.statusCode, `${lang} ${asset}`).toBe(200);
          expect(res.headers['content-type'], asset).toMatch(contentTypeFor(asset));
        }
      }
      const main = builds['statcan-localized'].assets.fr!.find((a) => a.startsWith('main-es2015.'))!;
      expect((await get(t, `${base('fr')}${main}`)).body).toContain('Blocs-notes');
    });

    it('answers the API calls the locale pages make relative to their base', async () => {
      for (const lang of ['en', 'fr']) {
        const res = await get(t, `${base(lang)}api/config`);
        expect(res.statusCode).toBe(200);
        expect(res.json().config.image.value).toMatch(/jupyter/);
      }
      expect((await get(t, `${base('fr')}api/nothing-here`)).json()).toMatchObject({ success: false, status: 404 });
    });

    it('answers a missing asset with a plain 404 and keeps the locale folders closed', async () => {
      for (const url of [
        `${base('fr')}main-es2015.0000.js`,
        `${base('en')}../../secret.txt`,
        `${base('en')}%2e%2e/%2e%2e/secret.txt`,
      ]) {
        const res = await get(t, url);
        expect(res.body, url).not.toContain('do not serve');
        expect([404, 403, 302], url).toContain(res.statusCode);
      }
    });
  });
}

describe('pre-compressed siblings (.br, .gz) by content negotiation', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'precompressed-'));
  const script = `console.log(${JSON.stringify('x'.repeat(2000))});\n`;
  beforeAll(async () => {
    mkdirSync(join(dir, 'static'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><base href="/"></head><body></body></html>');
    writeFileSync(join(dir, 'static', 'index-Bc4dE9fG.js'), script);
    writePreCompressed(join(dir, 'static', 'index-Bc4dE9fG.js'), script);
    writeFileSync(join(dir, 'static', 'plain-Zz9yX8wV.js'), script);
    t = await startTestApp({ staticDir: dir, env: { APP_PREFIX: '/jupyter' } });
  });
  afterAll(async () => t.close());

  it('sends the brotli or gzip file to clients that accept it, with Vary: Accept-Encoding', async () => {
    const url = '/jupyter/static/index-Bc4dE9fG.js';
    const br = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gz = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    const identity = await t.app.inject({ url, headers: { 'accept-encoding': 'identity' } });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toMatch(/accept-encoding/i);
    expect(identity.body).toBe(script);
  });

  it('sends the file itself when there is no compressed sibling', async () => {
    const res = await t.app.inject({
      url: '/jupyter/static/plain-Zz9yX8wV.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe(script);
  });

  it('never serves a .br or .gz file as the page itself', async () => {
    const res = await get(t, '/jupyter/static/index-Bc4dE9fG.js.br');
    // The sibling itself is a file of the build: served as such, but never with a wrong encoding.
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(readFileSync(join(dir, 'static', 'index-Bc4dE9fG.js.br')).equals(res.rawPayload)).toBe(true);
  });
});
