import i18next, { type i18n as I18nInstance } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fr from './fr.json';
import type { Language } from './language.ts';

/**
 * The app's i18next instance: both catalogs bundled (one build, switched at run time), `{name}`
 * placeholders as in the catalogs, and i18next's cached Intl formatters for numbers and dates.
 */
export function createI18n(lang: Language): I18nInstance {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, fr: { translation: fr } },
    lng: lang,
    fallbackLng: 'en',
    initAsync: false,
    returnNull: false,
    cacheInBuiltFormats: true,
    interpolation: { prefix: '{', suffix: '}', escapeValue: false },
  });
  return instance;
}
