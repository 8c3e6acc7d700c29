import { describe, expect, it } from 'vitest';
import { settingsProblems as problemsOf } from '../../../test/support/settings-problems.ts';
import { loadSettings } from './settings.ts';

const LOOPBACK_ONLY =
  "BACKEND_MODE=dev, APP_DISABLE_AUTH and -dev-user are for local development only: listen on 127.0.0.1, not '0.0.0.0'";

describe('settings: authentication modes', () => {
  it('is production with authentication on by default', () => {
    const s = loadSettings([], {});
    expect(s.devMode).toBe(false);
    expect(s.authDisabled).toBe(false);
    expect(s.userHeader).toBe('kubeflow-userid');
    // No groups header unless one is named: a gateway that only sets the user header passes a forged one through.
    expect(s.groupsHeader).toBe('');
    expect(s.secureCookies).toBe(true);
    expect(s.csrfSameSite).toBe('strict');
    expect(s.sarCacheTtlMs).toBe(10_000);
    expect(s.rateLimitPerMinute).toBe(120);
  });

  it('reads groups only from a header named by -groups-header or GROUPS_HEADER', () => {
    expect(loadSettings(['-groups-header', 'kubeflow-groups'], {}).groupsHeader).toBe('kubeflow-groups');
    expect(loadSettings([], { GROUPS_HEADER: 'x-groups' }).groupsHeader).toBe('x-groups');
  });

  it('turns authentication off in dev mode on a loopback address', () => {
    for (const mode of ['dev', 'development', 'DEV']) {
      const s = loadSettings(['-listen-addr', '127.0.0.1:5000'], { BACKEND_MODE: mode });
      expect(s.devMode).toBe(true);
      expect(s.authDisabled).toBe(true);
    }
    expect(loadSettings([], { BACKEND_MODE: 'dev', LISTEN_ADDRESS: 'localhost:5000' }).authDisabled).toBe(true);
    expect(loadSettings([], { BACKEND_MODE: 'dev', LISTEN_ADDRESS: '[::1]:5000' }).authDisabled).toBe(true);
  });

  it('keeps SubjectAccessReviews on in dev mode when a dev user is set', () => {
    const s = loadSettings(['-dev-user', 'me@local'], { BACKEND_MODE: 'dev', LISTEN_ADDRESS: '127.0.0.1:5000' });
    expect(s.authDisabled).toBe(false);
    expect(s.devUser).toBe('me@local');
  });

  it('refuses to start dev mode, APP_DISABLE_AUTH or a dev user on a non-loopback bind, with one clear message', () => {
    expect(problemsOf([], { BACKEND_MODE: 'dev' })).toEqual([LOOPBACK_ONLY]);
    expect(problemsOf([], { APP_DISABLE_AUTH: 'true' })).toEqual([LOOPBACK_ONLY]);
    expect(problemsOf(['--dev-user=me@local'], {})).toEqual([LOOPBACK_ONLY]);
    expect(problemsOf(['-listen-addr', '10.0.0.5:5000'], { BACKEND_MODE: 'development' })).toEqual([
      LOOPBACK_ONLY.replace("'0.0.0.0'", "'10.0.0.5'"),
    ]);
    // An empty host means every interface.
    expect(problemsOf(['-listen-addr', ':5000'], { BACKEND_MODE: 'dev' })).toEqual([LOOPBACK_ONLY]);
  });

  it('fails on an unknown BACKEND_MODE instead of guessing', () => {
    expect(problemsOf([], { BACKEND_MODE: 'staging' })).toEqual([
      "BACKEND_MODE must be prod, production, dev or development, got 'staging'",
    ]);
    expect(loadSettings([], { BACKEND_MODE: 'production' }).authDisabled).toBe(false);
  });

  it('rejects a non-boolean APP_DISABLE_AUTH', () => {
    expect(problemsOf([], { APP_DISABLE_AUTH: 'maybe' })).toEqual([
      "APP_DISABLE_AUTH must be true or false, got 'maybe'",
    ]);
  });

  it('reads cookie, SAR cache and rate-limit settings', () => {
    const s = loadSettings([], {
      APP_SECURE_COOKIES: 'false',
      CSRF_SAMESITE: 'Lax',
      SAR_CACHE_TTL_SECONDS: '0',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    expect(s.secureCookies).toBe(false);
    expect(s.csrfSameSite).toBe('lax');
    expect(s.sarCacheTtlMs).toBe(0);
    expect(s.rateLimitPerMinute).toBe(0);
    expect(loadSettings([], { CSRF_SAMESITE: 'bogus' }).csrfSameSite).toBe('strict');
    expect(problemsOf([], { SAR_CACHE_TTL_SECONDS: '-1' })).toEqual([
      "SAR_CACHE_TTL_SECONDS must be a number from 0, got '-1'",
    ]);
  });

  it('lets the -userid-header flag win over USERID_HEADER', () => {
    const s = loadSettings(['-userid-header', 'X-Email'], { USERID_HEADER: 'x-other', USERID_PREFIX: 'p:' });
    expect(s.userHeader).toBe('x-email');
    expect(s.userPrefix).toBe('p:');
  });
});
