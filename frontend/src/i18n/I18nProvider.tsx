import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import en from './en.json';
import fr from './fr.json';
import { detectLanguage, LANGUAGE_STORAGE_KEY, type Language } from './language.ts';
import { translate, type Catalog, type Params } from './translate.ts';

const CATALOGS: Record<Language, Catalog> = { en, fr };

export interface I18n {
  lang: Language;
  setLang: (lang: Language) => void;
  t: (key: string, params?: Params) => string;
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
  const setLang = useCallback((next: Language) => {
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = lang;
    return { lang, setLang, t: (key, params) => translate(CATALOGS[lang], key, params) };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
