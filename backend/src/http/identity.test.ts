import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { readIdentity, type IdentitySettings } from './identity.ts';

const SETTINGS: IdentitySettings = {
  userHeader: 'kubeflow-userid',
  userPrefix: 'accounts.google.com:',
  groupsHeader: 'kubeflow-groups',
  authDisabled: false,
  devUser: undefined,
};

function requestWith(headers: Record<string, string | string[]>): FastifyRequest {
  return { headers } as unknown as FastifyRequest;
}

describe('readIdentity', () => {
  it('strips USERID_PREFIX only when it leads the value', () => {
    expect(readIdentity(requestWith({ 'kubeflow-userid': 'accounts.google.com:a@b.c' }), SETTINGS).user).toBe('a@b.c');
    expect(readIdentity(requestWith({ 'kubeflow-userid': 'x-accounts.google.com:a@b.c' }), SETTINGS).user).toBe(
      'x-accounts.google.com:a@b.c',
    );
    // Only the leading occurrence goes (upstream removes every occurrence).
    expect(
      readIdentity(requestWith({ 'kubeflow-userid': 'accounts.google.com:accounts.google.com:a' }), SETTINGS).user,
    ).toBe('accounts.google.com:a');
  });

  it('reads the configured header name, case-insensitively', () => {
    const custom = { ...SETTINGS, userHeader: 'x-goog-authenticated-user-email', userPrefix: '' };
    expect(readIdentity(requestWith({ 'x-goog-authenticated-user-email': 'u@x.y' }), custom).user).toBe('u@x.y');
    expect(readIdentity(requestWith({ 'kubeflow-userid': 'u@x.y' }), custom).user).toBeNull();
  });

  it('treats a missing or blank header as no user', () => {
    expect(readIdentity(requestWith({}), SETTINGS)).toEqual({ user: null, groups: [] });
    expect(readIdentity(requestWith({ 'kubeflow-userid': '   ' }), SETTINGS).user).toBeNull();
    // A value that is nothing but the prefix names nobody.
    expect(readIdentity(requestWith({ 'kubeflow-userid': 'accounts.google.com:' }), SETTINGS).user).toBeNull();
  });

  it('splits groups on commas across repeated headers, trims them and drops empty ones', () => {
    const identity = readIdentity(
      requestWith({ 'kubeflow-userid': 'a@b.c', 'kubeflow-groups': [' team-a, ,team-b ', 'team-c,,'] }),
      SETTINGS,
    );
    expect(identity.groups).toEqual(['team-a', 'team-b', 'team-c']);
  });

  it('drops system: groups, telling the caller of each', () => {
    const dropped: string[] = [];
    const identity = readIdentity(
      requestWith({ 'kubeflow-userid': 'a@b.c', 'kubeflow-groups': 'system:masters, team-a,system:serviceaccounts' }),
      SETTINGS,
      (g) => dropped.push(g),
    );
    expect(identity.groups).toEqual(['team-a']);
    expect(dropped).toEqual(['system:masters', 'system:serviceaccounts']);
  });

  it('ignores groups when the groups header is disabled', () => {
    const identity = readIdentity(requestWith({ 'kubeflow-userid': 'a@b.c', 'kubeflow-groups': 'team-a' }), {
      ...SETTINGS,
      groupsHeader: '',
    });
    expect(identity.groups).toEqual([]);
  });

  it('acts as the dev user only when no header came', () => {
    const dev = { ...SETTINGS, devUser: 'dev@local' };
    expect(readIdentity(requestWith({}), dev).user).toBe('dev@local');
    expect(readIdentity(requestWith({ 'kubeflow-userid': 'accounts.google.com:a@b.c' }), dev).user).toBe('a@b.c');
  });

  it('has no user at all when authentication is off', () => {
    const off = { ...SETTINGS, authDisabled: true };
    expect(readIdentity(requestWith({ 'kubeflow-userid': 'a@b.c', 'kubeflow-groups': 'g' }), off)).toEqual({
      user: null,
      groups: [],
    });
  });
});
