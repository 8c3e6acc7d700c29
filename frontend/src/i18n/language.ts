export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_STORAGE_KEY = 'jupyter-apis.language';

function asLanguage(value: string | null | undefined): Language | undefined {
  const short = value?.toLowerCase().slice(0, 2);
  return (LANGUAGES as readonly string[]).includes(short ?? '') ? (short as Language) : undefined;
}

/** `?lang=`, then the saved choice, then the browser language, then English (ui.md §8). */
export function detectLanguage(search: string, saved: string | null, navigatorLanguage: string | undefined): Language {
  const fromQuery = new URLSearchParams(search).get('lang');
  return asLanguage(fromQuery) ?? asLanguage(saved) ?? asLanguage(navigatorLanguage) ?? 'en';
}
