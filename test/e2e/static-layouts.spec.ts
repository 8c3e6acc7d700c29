import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Response } from '@playwright/test';
import {
  writeAngularBuild,
  writePreCompressed,
  type AngularBuild,
  type WrittenBuild,
} from '../support/angular-builds.ts';
import { watchConsole } from './csp-console.ts';
import { E2E } from './support/e2e-env.ts';
import { startStaticDirBackend, type StaticDirBackend } from './support/static-dir-backend.ts';

/**
 * The two Angular frontends' production layouts (generated stand-ins with the same files, base hrefs
 * and relative URLs), each served with `-static-dir <the build's own folder>` by a real backend
 * process, at APP_PREFIX=/jupyter and at /, and loaded in Chromium.
 */
const CONTENT_TYPES: Record<string, RegExp> = {
  js: /^(text|application)\/javascript/,
  css: /^text\/css/,
  svg: /^image\/svg\+xml/,
  woff2: /^font\/woff2/,
  ico: /^image\/(x-icon|vnd\.microsoft\.icon)/,
};

const PRESETS: Record<AngularBuild, string> = {
  upstream: 'upstream',
  statcan: 'statcan',
  'statcan-localized': 'statcan-aaw2',
};

function writeBuild(kind: AngularBuild): WrittenBuild {
  const build = writeAngularBuild(kind, mkdtempSync(join(tmpdir(), `e2e-${kind}-`)));
  if (kind === 'upstream') {
    // A build-time compression step (as our own Vite build has) leaves .gz/.br next to the files.
    const main = build.assets.en!.find((a) => a.startsWith('static/main.'))!;
    const file = join(build.staticDir, main.slice('static/'.length));
    writePreCompressed(file, readFileSync(file));
  }
  return build;
}

/** Loads `entry`, waits for the page to render, and checks every file it loaded. */
async function loadAndCheck(
  browser: Browser,
  backend: StaticDirBackend,
  build: WrittenBuild,
  options: { locale: string; browserLocale: string; prefix: string },
) {
  const context = await browser.newContext({ locale: options.browserLocale });
  const page = await context.newPage();
  const responses: Response[] = [];
  page.on('response', (r) => responses.push(r));
  const consoleWatch = watchConsole(page);
  await page.goto(backend.url);

  const base = build.assets.fr ? `${backend.url}${options.locale}/` : backend.url;
  expect(page.url()).toBe(base);
  const app = page.locator('#app');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText(build.heading[options.locale]!);
  await expect(page.locator('html')).toHaveAttribute('lang', options.locale);
  await expect(app).toHaveAttribute('data-image', /jupyter/);
  await expect(app).toHaveAttribute('data-namespaces', new RegExp(`(^|,)${E2E.namespace}(,|$)`));
  await expect(app).toHaveAttribute('data-editor', '200');
  await expect(app).toHaveAttribute('data-xsrf', 'yes');

  // Every file of the page: 200 with its content type (the font loads once text uses it).
  // Headless Chromium asks for no favicon; the integration test covers it.
  const expected = build.assets[options.locale]!.filter((a) => a !== 'favicon.ico').map((asset) => `${base}${asset}`);
  await expect
    .poll(() => expected.filter((url) => !responses.some((r) => r.url() === url)), { timeout: 15_000 })
    .toEqual([]);
  for (const url of expected) {
    const response = responses.find((r) => r.url() === url)!;
    expect(response.status(), url).toBe(200);
    const type = CONTENT_TYPES[url.split('.').pop()!]!;
    expect((await response.allHeaders())['content-type'], url).toMatch(type);
  }
  const dashboardLib = responses.find((r) => r.url() === `${backend.origin}/dashboard_lib.bundle.js`);
  expect(dashboardLib?.status()).toBe(404);
  const failed = responses
    .filter((r) => r.status() >= 400 && r !== dashboardLib)
    .map((r) => `${r.status()} ${r.url()}`);
  expect(failed).toEqual([]);

  const cookie = (await context.cookies()).find((c) => c.name === 'XSRF-TOKEN');
  expect(cookie?.path).toBe(options.prefix);
  expect(consoleWatch.csp).toEqual([]);
  return { context, responses };
}

for (const prefix of ['/jupyter', '/'] as const) {
  for (const kind of ['upstream', 'statcan', 'statcan-localized'] as const) {
    test.describe(`${kind} build at ${prefix}`, () => {
      let backend: StaticDirBackend;
      let build: WrittenBuild;
      test.beforeAll(async () => {
        build = writeBuild(kind);
        backend = await startStaticDirBackend({ staticDir: build.staticDir, appPrefix: prefix, preset: PRESETS[kind] });
      });
      test.afterAll(async () => backend?.stop());

      test('renders from its API calls; every file 200 with its content type; XSRF-TOKEN set', async ({ browser }) => {
        const { context, responses } = await loadAndCheck(browser, backend, build, {
          locale: 'en',
          browserLocale: 'en-US',
          prefix,
        });
        if (kind === 'upstream') {
          const main = responses.find((r) => /\/static\/main\.[0-9a-f]{20}\.js$/.test(r.url()))!;
          expect(['gzip', 'br']).toContain((await main.allHeaders())['content-encoding']);
        }
        if (kind !== 'upstream') {
          const config = await (await context.request.get(`${backend.url}api/config`)).json();
          expect(config.config.cpu.limitValue).toBeDefined();
        }
        await context.close();
      });

      if (kind === 'statcan-localized') {
        test('chooses French from Accept-Language and serves both locales explicitly', async ({ browser }) => {
          const { context } = await loadAndCheck(browser, backend, build, {
            locale: 'fr',
            browserLocale: 'fr-CA',
            prefix,
          });
          const page = await context.newPage();
          await page.goto(`${backend.url}en/new`);
          await expect(page.locator('#app').getByRole('heading', { level: 1 })).toHaveText('Notebooks');
          await page.goto(`${backend.url}fr/`);
          await expect(page.locator('#app').getByRole('heading', { level: 1 })).toHaveText('Blocs-notes');
          await context.close();
        });
      }
    });
  }
}
