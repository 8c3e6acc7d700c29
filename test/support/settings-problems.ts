import { SettingsError, loadSettings } from '../../backend/src/config/settings.ts';

/** The problems `loadSettings` reports for these flags and environment; none when they load. */
export function settingsProblems(argv: string[], env: Record<string, string>): string[] {
  try {
    loadSettings(argv, env);
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
  return [];
}
