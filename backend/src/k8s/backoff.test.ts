import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 1000 };
  it('doubles per attempt up to the cap, with jitter between half and the full value', () => {
    expect(backoffDelay(1, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 1)).toBe(400);
    expect(backoffDelay(3, options, () => 0)).toBe(200);
    expect(backoffDelay(30, options, () => 1)).toBe(1000);
    expect(backoffDelay(30, options, () => 0)).toBe(500);
  });
});
