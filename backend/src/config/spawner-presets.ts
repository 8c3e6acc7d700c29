import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONFIG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'config');

/**
 * The bundled spawner configs, one per frontend, each complete for the fields its form reads:
 * `upstream` (the Kubeflow JWA, and our own UI), `statcan` (StatCan main) and `statcan-aaw2`
 * (StatCan's aaw2.0 branch). Selected with `-spawner-preset` / `SPAWNER_PRESET`.
 */
export const SPAWNER_PRESETS = {
  upstream: resolve(CONFIG_DIR, 'spawner_ui_config.yaml'),
  statcan: resolve(CONFIG_DIR, 'spawner_ui_config.statcan.yaml'),
  'statcan-aaw2': resolve(CONFIG_DIR, 'spawner_ui_config.statcan-aaw2.yaml'),
} as const;

export type SpawnerPreset = keyof typeof SPAWNER_PRESETS;

export const DEFAULT_SPAWNER_PRESET: SpawnerPreset = 'upstream';

export function isSpawnerPreset(name: string): name is SpawnerPreset {
  return Object.hasOwn(SPAWNER_PRESETS, name);
}
