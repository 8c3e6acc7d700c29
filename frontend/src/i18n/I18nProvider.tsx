import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { Formats } from './format.ts';
import { createI18n } from './i18n.ts';
import { detectLanguage, LANGUAGE_STORAGE_KEY, type Language } from './language.ts';

export type Params = Record<string, string | number>;

export interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  t: (key: string, params?: Params) => string;
  /** Locale-aware numbers, quantities, dates and money in the current language. */
  format: Formats;
}

const I18nContext = createContext<I18n | undefined>(undefined);

function savedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(() =>
    detectLanguage(window.location.search, savedLanguage(), navigator.language),
  );
  const [i18n] = useState(() => createI18n(lang));
  const setLang = useCallback(
    (next: Language) => {
      try {
        localStorage.setItem(LANGUAGE_STORAGE_KEY, next);
      } catch {
        // Private mode: the choice lasts for this page only.
      }
      void i18n.changeLanguage(next);
      document.documentElement.lang = next;
      setLangState(next);
    },
    [i18n],
  );
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = lang;
    const t = i18n.getFixedT(lang);
    return { lang, setLang, t: (key, params) => t(key, params ?? {}), format: new Formats(i18n, lang) };
  }, [lang, setLang, i18n]);
  return (
    <I18nextProvider i18n={i18n}>
      <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
    </I18nextProvider>
  );
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
