import { describe, expect, it } from 'vitest';
import { Formats } from './format.ts';
import { createI18n } from './i18n.ts';

const en = new Formats(createI18n('en'), 'en');
const fr = new Formats(createI18n('fr'), 'fr');

describe('Formats', () => {
  it('shows memory in binary units with one decimal, the same from a quantity and from GiB', () => {
    expect(en.memory('2Gi')).toBe('2 GiB');
    expect(en.memory('1.5Gi')).toBe('1.5 GiB');
    expect(en.memory('512Mi')).toBe('512 MiB');
    expect(en.memory('1G')).toBe('954 MiB');
    expect(en.memory('1229Mi')).toBe('1.2 GiB');
    // formatted_resources (details page) and the list give the same text for the same limit.
    expect(en.gib('1.2001953125')).toBe(en.memory('1229Mi'));
    expect(en.memory('')).toBe('');
    expect(en.memory('lots')).toBe('lots');
  });

  it('uses French decimal commas and unit symbols', () => {
    expect(fr.memory('1.5Gi')).toBe('1,5 Gio');
    expect(fr.gib('1.2001953125')).toBe('1,2 Gio');
    expect(fr.cpu('500m')).toBe('0,5');
    expect(fr.number(1234.5)).toMatch(/^1\s234,5$/);
    expect(fr.currency(3.5)).toMatch(/^3,50\s\$$/);
    expect(fr.relativeTime('2026-11-30T09:00:00Z', Date.parse('2026-11-30T12:00:00Z'))).toBe('il y a 3 heures');
  });

  it('formats CPU in cores, money in dollars and times relative to now', () => {
    expect(en.cpu('500m')).toBe('0.5');
    expect(en.cpu('4')).toBe('4');
    expect(en.cpu('weird')).toBe('weird');
    expect(en.currency(3.5)).toBe('$3.50');
    expect(en.relativeTime('2026-11-30T11:59:00Z', Date.parse('2026-11-30T12:00:00Z'))).toBe('1 minute ago');
    expect(en.utcTime('2026-11-30T12:00:00Z')).toBe('Nov 30, 2026, 12:00:00 PM UTC');
    expect(en.relativeTime('not a date', 0)).toBe('');
  });
});
