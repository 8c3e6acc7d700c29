import type { SpawnerFormDefaults } from './spawner-config.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Load-time checks of the spawner config (notebook-from-form.md §1.2). Returns every problem as
 * `key.path: message`; an empty list means valid. Unknown keys are allowed and kept.
 */
export function validateSpawnerConfig(defaults: SpawnerFormDefaults): string[] {
  const problems: string[] = [];
  const imageKeys = ['image', 'imageGroupOne', 'imageGroupTwo', 'imageGroupThree', 'imageSas'];
  for (const key of imageKeys) {
    const group = defaults[key];
    if (group === undefined || group === null) continue;
    if (!isObject(group)) {
      problems.push(`${key}: must be a mapping with value and options`);
      continue;
    }
    if (group.options !== undefined && group.options !== null && !Array.isArray(group.options)) {
      problems.push(`${key}.options: must be a list of images`);
    }
  }
  const gpus = defaults.gpus;
  if (isObject(gpus) && isObject(gpus.value)) {
    const vendors = gpus.value.vendors;
    if (vendors !== undefined && vendors !== null && !Array.isArray(vendors)) {
      problems.push('gpus.value.vendors: must be a list');
    } else if (Array.isArray(vendors)) {
      vendors.forEach((v, i) => {
        if (!isObject(v) || typeof v.limitsKey !== 'string' || !v.limitsKey) {
          problems.push(`gpus.value.vendors[${i}].limitsKey: required`);
        }
      });
    }
  }
  return problems;
}
