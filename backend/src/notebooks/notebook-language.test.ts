import { describe, expect, it } from 'vitest';
import { notebookLanguage } from './notebook-language.ts';

describe('notebookLanguage', () => {
  it('keeps the ll and ll_CC forms', () => {
    expect(notebookLanguage('en')).toBe('en');
    expect(notebookLanguage('fr')).toBe('fr');
    expect(notebookLanguage('en_US')).toBe('en_US');
  });

  it("normalises BCP 47 tags such as Angular's LOCALE_ID to ll_CC", () => {
    expect(notebookLanguage('en-US')).toBe('en_US');
    expect(notebookLanguage('fr-CA')).toBe('fr_CA');
    expect(notebookLanguage('EN-us')).toBe('en_US');
    expect(notebookLanguage('fr_ca')).toBe('fr_CA');
    expect(notebookLanguage(' en-GB ')).toBe('en_GB');
  });

  it('refuses what KF_LANG cannot carry', () => {
    for (const value of ['english', 'en-', 'e', 'zh-Hant-TW', 'es-419', 'en US', 'en-US-x-private', '', '12']) {
      expect(notebookLanguage(value), value).toBeUndefined();
    }
  });
});
