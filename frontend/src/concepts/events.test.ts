import { describe, expect, it } from 'vitest';
import type { KubeEvent } from '../api/types.ts';
import { eventMessage, newestFirst } from './events.ts';

const event = (name: string, lastTimestamp: string | null, message = ''): KubeEvent => ({
  metadata: { name, creationTimestamp: '2024-01-01T00:00:00Z' },
  lastTimestamp,
  message,
});

describe('events', () => {
  it('strips the controller prefix', () => {
    expect(eventMessage(event('a', null, 'Reissued from pod/x-0: Pulled image'))).toBe('pod/x-0: Pulled image');
    expect(eventMessage(event('a', null, 'Created'))).toBe('Created');
  });
  it('orders newest first, falling back to creationTimestamp', () => {
    const sorted = newestFirst([
      event('old', '2024-01-02T00:00:00Z'),
      event('none', null),
      event('new', '2024-01-03T00:00:00Z'),
    ]);
    expect(sorted.map((e) => e.metadata.name)).toEqual(['new', 'old', 'none']);
  });
});
