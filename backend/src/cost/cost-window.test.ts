import { describe, expect, it } from 'vitest';
import { isValidCostWindow } from './cost-window.ts';
import { allocationSummaryUrl } from './kubecost-client.ts';

describe('isValidCostWindow', () => {
  it.each([
    'today',
    'lastmonth',
    '30m',
    '24h',
    '7d',
    '2w',
    '2024-05-01T00:00:00Z,2024-05-02T00:00:00+02:00',
    '1714521600,1714608000',
  ])('accepts %s', (w) => expect(isValidCostWindow(w)).toBe(true));
  it.each([
    '',
    'Today',
    '7',
    '7y',
    'd',
    '2024-05-01,2024-05-02',
    '1,2,3',
    'today,yesterday',
    '1714521600',
    '../x',
    '7d&x=1',
  ])('refuses %s', (w) => expect(isValidCostWindow(w)).toBe(false));
});

describe('allocationSummaryUrl', () => {
  const settings = (baseUrl: string, shareNamespaces: string[] = []) => ({ baseUrl, timeoutMs: 1000, shareNamespaces });

  it('keeps the base path with or without a trailing slash', () => {
    expect(allocationSummaryUrl(settings('http://kubecost.example/base'), 'ns', 'today').pathname).toBe(
      '/base/model/allocation/summary',
    );
    expect(allocationSummaryUrl(settings('http://kubecost.example/base/'), 'ns', 'today').pathname).toBe(
      '/base/model/allocation/summary',
    );
  });

  it('encodes input as query values only', () => {
    const url = allocationSummaryUrl(settings('http://kubecost.example', ['a', 'b']), 'ns', '7d&aggregate=cluster#x');
    expect(url.pathname).toBe('/model/allocation/summary');
    expect(url.hash).toBe('');
    expect(url.searchParams.getAll('aggregate')).toEqual(['namespace']);
    expect(url.searchParams.get('window')).toBe('7d&aggregate=cluster#x');
    expect(url.searchParams.get('shareNamespaces')).toBe('a,b');
  });
});
