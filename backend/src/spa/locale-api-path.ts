import type { StaticLayout } from './static-layout.ts';

/**
 * A localized build's `<base href>` is `<prefix>/<lang>/`, so its relative API calls arrive as
 * `<prefix>/fr/api/...`. Those answer as `/api/...` (and likewise `/info`, `/healthz`, `/metrics`);
 * every other URL is left alone. Identity for the other layouts.
 */
export function localeApiPathStripper(layout: StaticLayout): (url: string) => string {
  if (layout.kind !== 'localized') return (url) => url;
  const alternatives = layout.languages.map((l) => l.replace(/[^A-Za-z0-9-]/g, '')).join('|');
  const localeApiPath = new RegExp(`^/(?:${alternatives})(?=/(?:api|info|healthz|metrics)(?:[/?]|$))`);
  return (url) => url.replace(localeApiPath, '');
}
