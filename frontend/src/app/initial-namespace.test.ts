import { describe, expect, it } from 'vitest';
import { initialNamespace } from './initial-namespace.ts';

describe('initialNamespace', () => {
  it('takes ?ns=, then the saved value if still listed, then the first listed, then kubeflow-user', () => {
    expect(initialNamespace('?ns=team-b', 'team-a', ['team-a'])).toBe('team-b');
    expect(initialNamespace('', 'team-a', ['team-a', 'team-c'])).toBe('team-a');
    expect(initialNamespace('', 'gone', ['team-c', 'team-d'])).toBe('team-c');
    expect(initialNamespace('', 'saved', [])).toBe('saved');
    expect(initialNamespace('', null, [])).toBe('kubeflow-user');
  });
});
