import { describe, expect, it } from 'vitest';
import { Readiness } from './readiness.ts';

describe('Readiness', () => {
  it('is ready with no reasons, and lists every failing condition in order', () => {
    const readiness = new Readiness();
    expect(readiness.reason()).toBeUndefined();
    let synced = false;
    let closing = false;
    readiness.add({ name: 'caches', notReadyReason: () => (synced ? undefined : 'cache notebooks not synced') });
    readiness.add({ name: 'shutdown', notReadyReason: () => (closing ? 'shutting down' : undefined) });
    expect(readiness.reasons()).toEqual(['cache notebooks not synced']);
    closing = true;
    expect(readiness.reasons()).toEqual(['cache notebooks not synced', 'shutting down']);
    synced = true;
    closing = false;
    expect(readiness.reason()).toBeUndefined();
  });
});
