import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRANSLATED_STATUS_KEYS, PREFIXED_STATUS_KEYS } from '../concepts/notebook-status.ts';
import en from './en.json';
import fr from './fr.json';
import { detectLanguage } from './language.ts';
import { createI18n } from './i18n.ts';
import { catalogKeys, lookup } from './translate.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.includes('.test.') ? [path] : [];
  });
}

describe('catalogs', () => {
  it('have exactly the same keys in en and fr', () => {
    expect(catalogKeys(fr).sort()).toEqual(catalogKeys(en).sort());
  });

  it('have no empty texts and the same placeholders', () => {
    for (const key of catalogKeys(en)) {
      const e = lookup(en, key)!;
      const f = lookup(fr, key)!;
      expect(f.trim(), key).not.toBe('');
      expect([...f.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), key).toEqual(
        [...e.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(),
      );
    }
  });

  it('hold every literal key the code asks for', () => {
    const root = join(import.meta.dirname, '..');
    const keys = new Set<string>();
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) keys.add(m[1]!);
      for (const m of text.matchAll(/key: '((?:form|status)\.[a-zA-Z0-9_.]+)'/g)) keys.add(m[1]!);
    }
    const known = new Set(catalogKeys(en));
    expect([...keys].filter((k) => !known.has(k))).toEqual([]);
    for (const k of [...TRANSLATED_STATUS_KEYS, ...PREFIXED_STATUS_KEYS])
      expect(known.has(`status.${k}`), k).toBe(true);
  });

  it('interpolates parameters', () => {
    const i18n = createI18n('en');
    expect(i18n.t('actions.deleteSent', { namespace: 'ns', name: 'nb' })).toBe('ns/nb: Delete request was sent.');
    expect(i18n.t('actions.starting', { name: "it's" })).toBe("Starting Notebook server 'it's'...");
    expect(i18n.getFixedT('fr')('phase.unattached')).toBe('Libre');
    expect(i18n.t('no.such.key')).toBe('no.such.key');
  });
});

describe('detectLanguage', () => {
  it('prefers ?lang=, then the saved choice, then the browser, then English', () => {
    expect(detectLanguage('?lang=fr', 'en', 'en-US')).toBe('fr');
    expect(detectLanguage('?lang=de', 'fr', 'en-US')).toBe('fr');
    expect(detectLanguage('', null, 'fr-CA')).toBe('fr');
    expect(detectLanguage('', null, 'de-DE')).toBe('en');
    expect(detectLanguage('', null, undefined)).toBe('en');
  });
});
