import Negotiator from 'negotiator';

/**
 * The locale folder of a localized build that the browser prefers (`Accept-Language`, with its
 * q-values and `fr-CA` → `fr` prefix matching), else the default one.
 */
export function preferredLanguage(
  acceptLanguage: string | undefined,
  languages: readonly string[],
  defaultLanguage: string,
): string {
  if (!acceptLanguage) return defaultLanguage;
  const ordered = [defaultLanguage, ...languages.filter((l) => l !== defaultLanguage)];
  const [best] = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).languages(ordered);
  return best ?? defaultLanguage;
}
