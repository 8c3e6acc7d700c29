import { describe, expect, it } from 'vitest';
import { matchesLabels, parseLabelSelector } from './label-selector.ts';

describe('label selectors', () => {
  it('parses equality, set and existence requirements', () => {
    expect(parseLabelSelector('a=b,c==d,e!=f,g in (x, y),h notin (z),i,!j')).toEqual([
      { key: 'a', op: 'in', values: ['b'] },
      { key: 'c', op: 'in', values: ['d'] },
      { key: 'e', op: 'notin', values: ['f'] },
      { key: 'g', op: 'in', values: ['x', 'y'] },
      { key: 'h', op: 'notin', values: ['z'] },
      { key: 'i', op: 'exists' },
      { key: 'j', op: 'doesNotExist' },
    ]);
    expect(parseLabelSelector('example.com/key=value')).toEqual([
      { key: 'example.com/key', op: 'in', values: ['value'] },
    ]);
  });

  it('refuses what it does not understand', () => {
    expect(parseLabelSelector('a=b=c')).toBeUndefined();
    expect(parseLabelSelector('a in x')).toBeUndefined();
  });

  it('matches labels as the API server does', () => {
    const reqs = parseLabelSelector('app=nb,tier!=db,!legacy')!;
    expect(matchesLabels(reqs, { app: 'nb' })).toBe(true);
    expect(matchesLabels(reqs, { app: 'nb', tier: 'db' })).toBe(false);
    expect(matchesLabels(reqs, { app: 'nb', legacy: '' })).toBe(false);
    expect(matchesLabels(reqs, undefined)).toBe(false);
    expect(matchesLabels([], undefined)).toBe(true);
  });
});
