import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SettingsError, loadSettings } from './settings.ts';
import { loadSpawnerConfigFile, resolveSpawnerConfigPath } from './spawner-config.ts';
import { SPAWNER_PRESETS } from './spawner-presets.ts';

const MISSING = '/nonexistent/spawner_ui_config.yaml';

function problems(argv: string[], env: Record<string, string> = {}): string[] {
  try {
    loadSettings(argv, env);
    return [];
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
}

describe('spawner config presets', () => {
  it('each loads through our own config validation', () => {
    for (const [name, file] of Object.entries(SPAWNER_PRESETS)) {
      expect(() => loadSpawnerConfigFile(file), name).not.toThrow();
    }
  });

  it('are selected with -spawner-preset or SPAWNER_PRESET; upstream is the default when no file is mounted', () => {
    const pick = (argv: string[], env: Record<string, string> = {}) =>
      resolveSpawnerConfigPath(loadSettings(argv, env));
    expect(pick([])).toBe(
      existsSync('/etc/config/spawner_ui_config.yaml')
        ? '/etc/config/spawner_ui_config.yaml'
        : SPAWNER_PRESETS.upstream,
    );
    expect(pick(['-spawner-preset', 'statcan'])).toBe(SPAWNER_PRESETS.statcan);
    expect(pick(['--spawner-preset=statcan-aaw2'])).toBe(SPAWNER_PRESETS['statcan-aaw2']);
    expect(pick([], { SPAWNER_PRESET: 'statcan' })).toBe(SPAWNER_PRESETS.statcan);
    expect(pick(['-spawner-config', MISSING])).toBe(MISSING);
  });

  it('an explicit preset wins over a spawner config mounted at the default path', () => {
    const settings = loadSettings(['-spawner-preset', 'statcan'], {});
    expect(resolveSpawnerConfigPath({ ...settings, spawnerConfigPath: SPAWNER_PRESETS.upstream })).toBe(
      SPAWNER_PRESETS.statcan,
    );
    const implicit = loadSettings([], {});
    expect(resolveSpawnerConfigPath({ ...implicit, spawnerConfigPath: SPAWNER_PRESETS['statcan-aaw2'] })).toBe(
      SPAWNER_PRESETS['statcan-aaw2'],
    );
  });

  it('refuses an unknown preset, and a preset together with an explicit file, naming both', () => {
    expect(problems(['-spawner-preset', 'jwa'])).toEqual([
      "-spawner-preset must be one of upstream, statcan, statcan-aaw2, got 'jwa'",
    ]);
    const both = problems(['-spawner-config', MISSING], { SPAWNER_PRESET: 'statcan' });
    expect(both).toHaveLength(1);
    expect(both[0]).toMatch(/-spawner-config and -spawner-preset .* both set: choose one/);
  });
});
