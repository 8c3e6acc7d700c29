/**
 * The `language` of a create body as the `ll` or `ll_CC` form that becomes `KF_LANG`. StatCan's UI
 * sends its own codes (`en`, `fr`), its non-localized build sends Angular's LOCALE_ID, a BCP 47 tag
 * (`en-US`): both are accepted, case and separator normalised (`en-us` → `en_US`). Anything else
 * (scripts, numeric regions, free text) is undefined.
 */
export function notebookLanguage(value: string): string | undefined {
  let canonical: string | undefined;
  try {
    [canonical] = Intl.getCanonicalLocales(value.trim().replaceAll('_', '-'));
  } catch {
    return undefined;
  }
  const match = /^([a-z]{2})(?:-([A-Z]{2}))?$/.exec(canonical ?? '');
  if (!match) return undefined;
  return match[2] ? `${match[1]}_${match[2]}` : match[1];
}
