import { describe, expect, it } from 'vitest';
import {
  formatResourceVersions,
  isNewerVersion,
  mergeResourceVersions,
  parseResourceVersions,
} from './resource-versions.ts';

describe('resource version headers', () => {
  it('read resource=version pairs, keeping the highest of a resource named twice', () => {
    expect(parseResourceVersions(' notebooks=120 , persistentvolumeclaims=99,notebooks=1003')).toEqual({
      ok: true,
      versions: { notebooks: '1003', persistentvolumeclaims: '99' },
    });
    expect(parseResourceVersions(undefined)).toEqual({ ok: true, versions: {} });
    expect(parseResourceVersions('')).toEqual({ ok: true, versions: {} });
  });

  it('name every malformed pair', () => {
    const parsed = parseResourceVersions('notebooks=12,pvcs,=4,Notebooks=5,pods=007,pods=-1,events=1e3');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((p) => p.split("'")[1])).toEqual([
      'pvcs',
      '=4',
      'Notebooks=5',
      'pods=007',
      'pods=-1',
      'events=1e3',
    ]);
  });

  it('refuse more pairs than any client of ours sends', () => {
    const many = Array.from({ length: 17 }, (_, i) => `r${i}=1`).join(',');
    expect(parseResourceVersions(many)).toEqual({ ok: false, problems: ['at most 16 resource=version pairs, got 17'] });
  });

  it('compare versions as the integers they are, not as text', () => {
    expect(isNewerVersion('1000', '999')).toBe(true);
    expect(isNewerVersion('999', '1000')).toBe(false);
    expect(isNewerVersion('12', '12')).toBe(false);
    expect(
      mergeResourceVersions({ notebooks: '999', pods: '5' }, { notebooks: '1000', persistentvolumeclaims: '7' }),
    ).toEqual({ notebooks: '1000', pods: '5', persistentvolumeclaims: '7' });
    expect(mergeResourceVersions({ notebooks: '1000' }, { notebooks: '999' })).toEqual({ notebooks: '1000' });
  });

  it('format in resource order, so equal sets give equal headers', () => {
    expect(formatResourceVersions({ persistentvolumeclaims: '7', notebooks: '1000' })).toBe(
      'notebooks=1000,persistentvolumeclaims=7',
    );
    expect(formatResourceVersions({})).toBe('');
    const round = parseResourceVersions(formatResourceVersions({ a: '1', b: '22' }));
    expect(round).toEqual({ ok: true, versions: { a: '1', b: '22' } });
  });
});
