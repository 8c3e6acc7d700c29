import { describe, expect, it } from 'vitest';
import { SeenVersions } from './seen-versions.ts';

const answer = (value: string | null) => new Headers(value === null ? {} : { 'x-resource-version': value });

describe('versions seen in write answers', () => {
  it('sends nothing before a write, then the highest version of each resource per namespace', () => {
    const seen = new SeenVersions();
    expect(seen.headersFor('api/namespaces/team-a/notebooks')).toEqual({});
    seen.remember('api/namespaces/team-a/notebooks', answer('notebooks=120,persistentvolumeclaims=118'));
    seen.remember('api/namespaces/team-a/notebooks/nb', answer('notebooks=99'));
    seen.remember('api/namespaces/team-a/pvcs', answer('persistentvolumeclaims=1005'));
    expect(seen.headersFor('api/namespaces/team-a/pvcs')).toEqual({
      'x-min-resource-version': 'notebooks=120,persistentvolumeclaims=1005',
    });
    expect(seen.headersFor('api/namespaces/team-a/stream?kinds=notebooks')).toEqual({
      'x-min-resource-version': 'notebooks=120,persistentvolumeclaims=1005',
    });
    // Another namespace has its own (none yet), and so has a path outside any namespace.
    expect(seen.headersFor('api/namespaces/team-b/notebooks')).toEqual({});
    expect(seen.headersFor('api/config')).toEqual({});
  });

  it('ignores answers without the header or with a malformed one', () => {
    const seen = new SeenVersions();
    seen.remember('api/namespaces/ns/notebooks', answer(null));
    seen.remember('api/namespaces/ns/notebooks', answer('notebooks=abc'));
    seen.remember('api/config', answer('notebooks=5'));
    expect(seen.headersFor('api/namespaces/ns/notebooks')).toEqual({});
  });

  it('reads the namespace from an encoded path under a prefix', () => {
    const seen = new SeenVersions();
    seen.remember('/jupyter/api/namespaces/my%2Dns/pvcs', answer('persistentvolumeclaims=7'));
    expect(seen.headersFor('api/namespaces/my-ns/pvcs')).toEqual({
      'x-min-resource-version': 'persistentvolumeclaims=7',
    });
  });
});
