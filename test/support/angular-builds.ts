import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/**
 * Stand-ins for the production builds of the two Angular frontends, laid out exactly as their builds
 * write them (same file names, base hrefs, deploy-url and relative URLs), with tiny scripts instead of
 * Angular: `main` calls `api/config` (relative to the base, as the apps do) and the absolute
 * `/api/namespaces` (their namespace selector), then renders what it got into `#app`, and loads the
 * icons and editor files the real apps load.
 *
 * - `upstream`: the Kubeflow JWA image's static folder. One flat folder, `<base href="/jupyter/">`,
 *   files loaded as `static/<file>` (deploy-url), the editor under `assets/monaco-editor/`.
 * - `statcan`: StatCan's non-localized build. The same, plus a real `static/assets/monaco-editor/`
 *   folder, and server-type icons requested as `assets/logos/<type>-icon.svg` (no `static/`).
 * - `statcan-localized`: what StatCan's Dockerfile ships: `en/` and `fr/`, each with its own
 *   index.html (`<base href="/en/">`, `/fr/`), no deploy-url, `main-es2015.<hash>.js`.
 */
export type AngularBuild = 'upstream' | 'statcan' | 'statcan-localized';

export interface WrittenBuild {
  /** What to pass as -static-dir: the build's own output folder. */
  staticDir: string;
  /** URL paths relative to the served base (`<prefix>/` or `<prefix>/<lang>/`) the page loads, by locale. */
  assets: Record<string, string[]>;
  /** The text `main` renders in `#app` once both API calls answered, by locale. */
  heading: Record<string, string>;
}

const HEADINGS: Record<string, string> = { en: 'Notebooks', fr: 'Blocs-notes' };

function hashOf(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 20);
}

function write(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

const svg = (label: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><title>${label}</title><rect width="16" height="16"/></svg>\n`;

/** `main`: both API calls, then the rendering, the icons and the editor loader, like the real app. */
function mainScript(locale: string, iconUrls: string[], editorUrl: string): string {
  return `// ${locale}
(async () => {
  const app = document.getElementById('app');
  try {
    const config = await (await fetch('api/config', { credentials: 'same-origin' })).json();
    const namespaces = await (await fetch('/api/namespaces', { credentials: 'same-origin' })).json();
    const editor = await fetch(${JSON.stringify(editorUrl)});
    for (const url of ${JSON.stringify(iconUrls)}) {
      const img = document.createElement('img');
      img.src = url;
      img.alt = url;
      document.body.appendChild(img);
    }
    const heading = document.createElement('h1');
    heading.textContent = ${JSON.stringify(HEADINGS[locale] ?? locale)};
    app.replaceChildren(heading);
    app.dataset.image = config.config.image.value;
    app.dataset.cpuLimit = String(config.config.cpu.limitValue ?? '');
    app.dataset.namespaces = namespaces.namespaces.join(',');
    app.dataset.editor = String(editor.status);
    app.dataset.xsrf = document.cookie.includes('XSRF-TOKEN=') ? 'yes' : 'no';
  } catch (err) {
    app.textContent = 'failed: ' + err;
  }
})();
`;
}

interface LocaleFiles {
  index: string;
  assets: string[];
}

/** One Angular output folder. `deployUrl` is `static/` for the flat builds, '' for the localized one. */
function writeAppFolder(
  dir: string,
  options: { locale: string; baseHref: string; deployUrl: string; es2015: boolean; icons: string[]; editor: string },
): LocaleFiles {
  const { deployUrl } = options;
  const suffix = options.es2015 ? '-es2015' : '';
  const files: Record<string, string | Buffer> = {};
  const font = Buffer.from(`wOF2 stand-in font ${options.locale}`);
  const fontName = `MaterialIcons-Regular.${hashOf(font)}.woff2`;
  files[fontName] = font;
  // Relative to the stylesheet, as Angular writes it: the font lands next to styles.css.
  const styles = `@font-face{font-family:"Material Icons";src:url(${fontName}) format("woff2")}\nbody{font-family:"Material Icons",sans-serif}\n`;
  const named = (base: string, content: string) => `${base}.${hashOf(content)}.${base === 'styles' ? 'css' : 'js'}`;
  const runtime = `// runtime ${options.locale}\n`;
  const polyfills = `// polyfills ${options.locale}\n`;
  const main = mainScript(options.locale, options.icons, options.editor);
  const runtimeName = named(`runtime${suffix}`, runtime);
  const polyfillsName = named(`polyfills${suffix}`, polyfills);
  const mainName = named(`main${suffix}`, main);
  const stylesName = named('styles', styles);
  Object.assign(files, {
    [runtimeName]: runtime,
    [polyfillsName]: polyfills,
    [mainName]: main,
    [stylesName]: styles,
    'favicon.ico': Buffer.from([0, 0, 1, 0]),
  });
  for (const [name, content] of Object.entries(files)) write(join(dir, name), content);
  const index = `<!doctype html>
<html lang="${options.locale}">
<head>
  <meta charset="utf-8">
  <title>Jupyter</title>
  <base href="${options.baseHref}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" type="image/x-icon" href="favicon.ico">
  <link rel="stylesheet" href="${deployUrl}${stylesName}" media="print" onload="this.media='all'">
  <noscript><link rel="stylesheet" href="${deployUrl}${stylesName}"></noscript>
</head>
<body>
  <app-root id="app">Loading</app-root>
  <script src="/dashboard_lib.bundle.js"></script>
  <script src="${deployUrl}${runtimeName}" type="module" crossorigin="use-credentials"></script>
  <script src="${deployUrl}${polyfillsName}" type="module" crossorigin="use-credentials"></script>
  <script src="${deployUrl}${mainName}" type="module" crossorigin="use-credentials"></script>
</body>
</html>
`;
  write(join(dir, 'index.html'), index);
  return {
    index,
    assets: [
      'favicon.ico',
      `${deployUrl}${stylesName}`,
      `${deployUrl}${fontName}`,
      `${deployUrl}${runtimeName}`,
      `${deployUrl}${polyfillsName}`,
      `${deployUrl}${mainName}`,
      ...options.icons,
      options.editor,
    ],
  };
}

const SERVER_TYPES = ['jupyter', 'group-one', 'group-two', 'group-three'];

/** Writes `kind` under `root` and returns the folder to pass as -static-dir. */
export function writeAngularBuild(kind: AngularBuild, root: string): WrittenBuild {
  if (kind === 'statcan-localized') {
    const staticDir = join(root, 'frontend');
    const assets: Record<string, string[]> = {};
    for (const locale of ['en', 'fr']) {
      const dir = join(staticDir, locale);
      const icons = SERVER_TYPES.map((t) => `assets/logos/${t}-icon.svg`);
      for (const icon of icons) write(join(dir, icon), svg(`${locale} ${icon}`));
      write(join(dir, 'assets/monaco-editor/min/vs/loader.js'), `// monaco loader ${locale}\n`);
      assets[locale] = writeAppFolder(dir, {
        locale,
        baseHref: `/${locale}/`,
        deployUrl: '',
        es2015: true,
        icons,
        editor: 'assets/monaco-editor/min/vs/loader.js',
      }).assets;
    }
    return { staticDir, assets, heading: { en: HEADINGS.en!, fr: HEADINGS.fr! } };
  }
  const staticDir = join(root, kind === 'upstream' ? 'static' : 'dist');
  let icons: string[];
  if (kind === 'upstream') {
    // Upstream's code asks for its logos through the deploy-url; they sit in assets/ next to index.html.
    icons = ['static/assets/logos/jupyter-icon.svg', 'static/assets/logos/group-one-icon.svg'];
    for (const icon of icons) write(join(staticDir, icon.slice('static/'.length)), svg(icon));
    write(join(staticDir, 'assets/monaco-editor/min/vs/loader.js'), '// monaco loader\n');
  } else {
    // StatCan's server-type icons are relative to the base; its editor sits in a real static/ folder.
    icons = SERVER_TYPES.map((t) => `assets/logos/${t}-icon.svg`);
    for (const icon of icons) write(join(staticDir, icon), svg(icon));
    write(join(staticDir, 'static/assets/monaco-editor/min/vs/loader.js'), '// monaco loader\n');
  }
  const files = writeAppFolder(staticDir, {
    locale: 'en',
    baseHref: '/jupyter/',
    deployUrl: 'static/',
    es2015: false,
    icons,
    editor: 'static/assets/monaco-editor/min/vs/loader.js',
  });
  return { staticDir, assets: { en: files.assets }, heading: { en: HEADINGS.en! } };
}

/** Writes `<file>.br` and `<file>.gz` next to a file, as a build-time compression step would. */
export function writePreCompressed(file: string, content: string | Buffer): void {
  writeFileSync(`${file}.br`, brotliCompressSync(content));
  writeFileSync(`${file}.gz`, gzipSync(content));
}
