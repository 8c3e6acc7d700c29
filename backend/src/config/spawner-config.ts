import { existsSync, readFileSync, statSync, watchFile, unwatchFile } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { validateSpawnerConfig } from './spawner-config-validation.ts';
import { SPAWNER_PRESETS, type SpawnerPreset } from './spawner-presets.ts';

/** The `spawnerFormDefaults` object exactly as loaded: every key kept, unknown ones included. */
export type SpawnerFormDefaults = Record<string, unknown>;

/** The default preset's file (`upstream`). */
export const BUNDLED_SPAWNER_CONFIG = SPAWNER_PRESETS.upstream;

export class SpawnerConfigError extends Error {
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.problems = problems;
  }
}

/** Parses and validates a spawner config text; throws SpawnerConfigError listing every problem. */
export function parseSpawnerConfig(text: string, file: string): SpawnerFormDefaults {
  let doc: unknown;
  try {
    // YAML 1.1 semantics, as the anchors' parsers: `readOnly: yes` and `false` stay booleans.
    doc = parse(text, { version: '1.1', prettyErrors: true });
  } catch (err) {
    throw new SpawnerConfigError(file, [`not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : err}`]);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new SpawnerConfigError(file, ['the file must be a YAML mapping with the top key spawnerFormDefaults']);
  }
  const defaults = (doc as Record<string, unknown>).spawnerFormDefaults;
  if (!defaults || typeof defaults !== 'object' || Array.isArray(defaults)) {
    throw new SpawnerConfigError(file, ['spawnerFormDefaults: missing or not a mapping']);
  }
  const problems = validateSpawnerConfig(defaults as SpawnerFormDefaults);
  if (problems.length > 0) throw new SpawnerConfigError(file, problems);
  return withLabelValuesAsStrings(defaults as SpawnerFormDefaults);
}

/**
 * `enabledCondition.labels` are namespace label values, which are always strings: the StatCan sample
 * writes `...exists-non-sas-notebook-user: false`, which YAML reads as a boolean. StatCan's loader
 * reads it into a string map, and its UI compares namespace labels with `!==`, so a boolean would
 * disable the image group everywhere. Scalars there become strings; everything else stays as loaded.
 */
function withLabelValuesAsStrings(defaults: SpawnerFormDefaults): SpawnerFormDefaults {
  for (const section of Object.values(defaults)) {
    if (!isMapping(section) || !isMapping(section.enabledCondition)) continue;
    const labels = section.enabledCondition.labels;
    if (!isMapping(labels)) continue;
    for (const [key, value] of Object.entries(labels)) {
      if (typeof value === 'boolean' || typeof value === 'number') labels[key] = String(value);
    }
  }
  return defaults;
}

function isMapping(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function loadSpawnerConfigFile(file: string): SpawnerFormDefaults {
  if (!existsSync(file)) throw new SpawnerConfigError(file, ['file not found']);
  return parseSpawnerConfig(readFileSync(file, 'utf8'), file);
}

export interface SpawnerConfigChoice {
  spawnerConfigPath: string;
  spawnerConfigExplicit: boolean;
  spawnerPreset: SpawnerPreset;
  spawnerPresetExplicit: boolean;
}

/**
 * Which file to read: an explicit `-spawner-config` (it must exist), else an explicit preset, else the
 * default path when it exists (a mounted ConfigMap), else the default preset. Settings refuse an
 * explicit file together with an explicit preset.
 */
export function resolveSpawnerConfigPath(choice: SpawnerConfigChoice): string {
  if (choice.spawnerConfigExplicit) return choice.spawnerConfigPath;
  if (choice.spawnerPresetExplicit) return SPAWNER_PRESETS[choice.spawnerPreset];
  if (existsSync(choice.spawnerConfigPath)) return choice.spawnerConfigPath;
  return SPAWNER_PRESETS[choice.spawnerPreset];
}

/**
 * Holds the current spawner config and reloads it when the file changes (a ConfigMap update swaps
 * a symlink, so the file is polled rather than watched by inode). An invalid new file is reported
 * and the last good config stays in use.
 */
export class SpawnerConfigStore {
  readonly file: string;
  private value: SpawnerFormDefaults;
  private watching = false;
  private lastMtime = 0;

  constructor(file: string, initial: SpawnerFormDefaults) {
    this.file = file;
    this.value = initial;
  }

  static load(file: string): SpawnerConfigStore {
    const store = new SpawnerConfigStore(file, loadSpawnerConfigFile(file));
    store.lastMtime = safeMtime(file);
    return store;
  }

  get current(): SpawnerFormDefaults {
    return this.value;
  }

  /** Re-reads the file; returns the problems when it is invalid (the old config is kept). */
  reload(): string[] {
    try {
      this.value = loadSpawnerConfigFile(this.file);
      return [];
    } catch (err) {
      return err instanceof SpawnerConfigError ? err.message.split('\n') : [String(err)];
    }
  }

  watch(onReload: (problems: string[]) => void, intervalMs = 10_000): void {
    if (this.watching) return;
    this.watching = true;
    watchFile(this.file, { interval: intervalMs, persistent: false }, () => {
      const mtime = safeMtime(this.file);
      if (mtime === this.lastMtime) return;
      this.lastMtime = mtime;
      onReload(this.reload());
    });
  }

  close(): void {
    if (this.watching) unwatchFile(this.file);
    this.watching = false;
  }
}

function safeMtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export const SAMPLE_CONFIG_DIR = join(dirname(BUNDLED_SPAWNER_CONFIG));
