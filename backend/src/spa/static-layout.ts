import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * How a `-static-dir` is laid out, read from its contents (no flag):
 * - `flat`: `index.html` at the root. Our UI (assets under `static/`), the upstream JWA build and the
 *   StatCan non-localized build (one folder with `main.<hash>.js`… next to `index.html`, loaded as
 *   `static/main.<hash>.js` through Angular's deploy-url).
 * - `localized`: no root `index.html`, one folder per locale with its own (`en/index.html`,
 *   `fr/index.html`): the StatCan localized build.
 * - `missing`: neither (the UI is not built).
 */
export type StaticLayout =
  | { kind: 'flat'; root: string }
  | { kind: 'localized'; root: string; languages: string[]; defaultLanguage: string }
  | { kind: 'missing'; root: string };

/** Angular names each localized output folder after its locale id: `en`, `fr`, `fr-CA`. */
const LOCALE_FOLDER = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function detectStaticLayout(staticDir: string): StaticLayout {
  const root = resolve(staticDir);
  if (isFile(join(root, 'index.html'))) return { kind: 'flat', root };
  const languages = existsSync(root)
    ? readdirSync(root, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && LOCALE_FOLDER.test(entry.name))
        .map((entry) => entry.name)
        .filter((name) => isFile(join(root, name, 'index.html')))
        .sort()
    : [];
  if (languages.length === 0) return { kind: 'missing', root };
  const defaultLanguage =
    languages.find((l) => l === 'en') ?? languages.find((l) => l.startsWith('en-')) ?? languages[0]!;
  return { kind: 'localized', root, languages, defaultLanguage };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
