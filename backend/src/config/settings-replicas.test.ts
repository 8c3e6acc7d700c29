import { describe, expect, it } from 'vitest';
import { settingsProblems as problemsOf } from '../../../test/support/settings-problems.ts';
import { loadSettings } from './settings.ts';

describe('settings: several replicas', () => {
  it('drains 5 s after SIGTERM and waits up to 2 s for the caches by default', () => {
    const s = loadSettings([], {});
    expect(s.shutdownDrainMs).toBe(5000);
    expect(s.cacheCatchUpMs).toBe(2000);
  });

  it('reads the drain from -shutdown-drain-seconds or SHUTDOWN_DRAIN_SECONDS, the wait from CACHE_CATCH_UP_SECONDS', () => {
    expect(loadSettings(['-shutdown-drain-seconds', '12'], {}).shutdownDrainMs).toBe(12_000);
    expect(loadSettings([], { SHUTDOWN_DRAIN_SECONDS: '0' }).shutdownDrainMs).toBe(0);
    expect(loadSettings([], { CACHE_CATCH_UP_SECONDS: '0.5' }).cacheCatchUpMs).toBe(500);
  });

  it('refuses values out of range, naming each', () => {
    expect(problemsOf([], { SHUTDOWN_DRAIN_SECONDS: '-1', CACHE_CATCH_UP_SECONDS: 'soon' })).toEqual([
      "CACHE_CATCH_UP_SECONDS must be a number from 0 to 10, got 'soon'",
      "-shutdown-drain-seconds must be a number from 0 to 300, got '-1'",
    ]);
  });
});
