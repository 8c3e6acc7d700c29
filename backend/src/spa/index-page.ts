import { readFileSync } from 'node:fs';

const BASE_HREF = /<base href="[^"]*"\s*\/?>/;

/**
 * An `index.html` with its `<base href>` set to where it is served (`/jupyter/`, `/jupyter/fr/`),
 * so every relative script, stylesheet, asset and API URL of the build resolves under it.
 */
export function indexPage(file: string, baseHref: string): string {
  const html = readFileSync(file, 'utf8');
  const base = `<base href="${baseHref}">`;
  return BASE_HREF.test(html) ? html.replace(BASE_HREF, base) : html.replace('<head>', `<head>${base}`);
}
