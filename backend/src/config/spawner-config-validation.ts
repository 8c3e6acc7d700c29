import type { FieldError } from '../errors.ts';
import { resolveVolume } from '../api-volume.ts';
import { Quantity } from '../quantity.ts';
import type { SpawnerFormDefaults } from './spawner-config.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const absent = (v: unknown) => v === undefined || v === null;
const IMAGE_KEYS = ['image', 'imageGroupOne', 'imageGroupTwo', 'imageGroupThree', 'imageSas'];
const READONLY_KEYS = [
  ...IMAGE_KEYS,
  'imagePullPolicy',
  'cpu',
  'memory',
  'gpus',
  'workspaceVolume',
  'dataVolumes',
  'shm',
  'configurations',
  'affinityConfig',
  'tolerationGroup',
  'environment',
];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
/** Every source a config volume may use; the request-time ALLOWED_VOLUME_SOURCES still applies. */
const CONFIG_VOLUME_SOURCES = ['persistentVolumeClaim', 'configMap', 'secret', 'emptyDir'];

function checkImageGroups(d: SpawnerFormDefaults, problems: string[]): void {
  for (const key of IMAGE_KEYS) {
    const group = d[key];
    if (absent(group)) continue;
    if (!isObject(group)) {
      problems.push(`${key}: must be a mapping with value and options`);
      continue;
    }
    if (!absent(group.value) && typeof group.value !== 'string') problems.push(`${key}.value: must be an image name`);
    if (!absent(group.options)) {
      if (!Array.isArray(group.options)) problems.push(`${key}.options: must be a list of images`);
      else
        group.options.forEach((o, i) => {
          if (typeof o !== 'string' || o.trim() === '') problems.push(`${key}.options[${i}]: must be an image name`);
        });
    }
    if (!absent(group.enabledCondition)) {
      const cond = group.enabledCondition;
      if (!isObject(cond) || (!absent(cond.labels) && !isObject(cond.labels))) {
        problems.push(`${key}.enabledCondition: must be a mapping {labels: {key: value}}`);
      }
    }
  }
}

function checkResources(d: SpawnerFormDefaults, problems: string[]): void {
  for (const key of ['cpu', 'memory'] as const) {
    const s = d[key];
    if (absent(s)) continue;
    if (!isObject(s)) {
      problems.push(`${key}: must be a mapping with value and limitFactor`);
      continue;
    }
    for (const sub of ['value', 'limitValue', 'gpuDefault']) {
      const v = s[sub];
      if (absent(v) || v === '') continue;
      const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
      const withUnit = key === 'memory' && /^(\d+\.?\d*|\.\d+)$/.test(text) ? `${text}Gi` : text;
      const q = Quantity.parse(withUnit);
      if (!q || !q.isPositive()) problems.push(`${key}.${sub}: '${String(v)}' is not a positive quantity`);
    }
    const factor = s.limitFactor;
    if (!absent(factor) && factor !== 'none') {
      const n = typeof factor === 'number' ? factor : typeof factor === 'string' ? Number(factor.trim()) : NaN;
      if (!Number.isFinite(n) || n <= 0 || (typeof factor === 'string' && factor.trim() === '')) {
        problems.push(`${key}.limitFactor: must be "none" or a positive number, got '${String(factor)}'`);
      }
    }
  }
}

function checkGpus(d: SpawnerFormDefaults, problems: string[]): void {
  const gpus = d.gpus;
  if (absent(gpus)) return;
  if (!isObject(gpus)) {
    problems.push('gpus: must be a mapping');
    return;
  }
  if (absent(gpus.value)) return;
  if (!isObject(gpus.value)) {
    problems.push('gpus.value: must be a mapping {num, vendor, vendors}');
    return;
  }
  const vendors = gpus.value.vendors;
  if (!absent(vendors) && !Array.isArray(vendors)) problems.push('gpus.value.vendors: must be a list');
  else if (Array.isArray(vendors)) {
    vendors.forEach((v, i) => {
      if (!isObject(v) || typeof v.limitsKey !== 'string' || !v.limitsKey) {
        problems.push(`gpus.value.vendors[${i}].limitsKey: required`);
      }
    });
  }
  const num = gpus.value.num;
  if (!absent(num) && num !== 'none' && num !== '' && !/^\d+$/.test(String(num))) {
    problems.push(`gpus.value.num: must be "none" or a positive integer, got '${String(num)}'`);
  }
}

function checkPresets(d: SpawnerFormDefaults, problems: string[]): void {
  for (const [key, optionKey] of [
    ['affinityConfig', 'configKey'],
    ['tolerationGroup', 'groupKey'],
  ] as const) {
    const s = d[key];
    if (absent(s)) continue;
    if (!isObject(s)) {
      problems.push(`${key}: must be a mapping with value and options`);
      continue;
    }
    const seen = new Set<string>();
    if (!absent(s.options) && !Array.isArray(s.options)) problems.push(`${key}.options: must be a list`);
    const options = Array.isArray(s.options) ? s.options : [];
    options.forEach((o, i) => {
      const k = isObject(o) ? o[optionKey] : undefined;
      if (typeof k !== 'string' || k === '') problems.push(`${key}.options[${i}].${optionKey}: required`);
      else if (seen.has(k)) problems.push(`${key}.options[${i}].${optionKey}: '${k}' is used twice`);
      else seen.add(k);
      if (key === 'tolerationGroup' && isObject(o) && !absent(o.tolerations) && !Array.isArray(o.tolerations)) {
        problems.push(`${key}.options[${i}].tolerations: must be a list`);
      }
    });
    const value = typeof s.value === 'string' ? s.value : '';
    if (value !== '' && value !== 'none' && !seen.has(value)) {
      problems.push(`${key}.value: '${value}' is not one of the option keys`);
    }
  }
}

function checkVolumes(d: SpawnerFormDefaults, problems: string[]): void {
  const ctx = { notebookName: 'x', allowedSources: CONFIG_VOLUME_SOURCES, mountPathPrefixes: [] };
  const report = (errors: FieldError[]) => {
    for (const e of errors) problems.push(`${e.field}: ${e.message}`);
  };
  const ws = d.workspaceVolume;
  if (!absent(ws)) {
    if (!isObject(ws)) problems.push('workspaceVolume: must be a mapping with value');
    else if (!absent(ws.value)) {
      const errors: FieldError[] = [];
      resolveVolume(ws.value, 'workspaceVolume.value', { ...ctx, defaultMount: '/home/jovyan' }, errors);
      report(errors);
    }
  }
  const dv = d.dataVolumes;
  if (!absent(dv)) {
    if (!isObject(dv)) problems.push('dataVolumes: must be a mapping with value');
    else if (!absent(dv.value)) {
      if (!Array.isArray(dv.value)) problems.push('dataVolumes.value: must be a list of volumes');
      else
        dv.value.forEach((raw, i) => {
          const wrapped = isObject(raw) && isObject(raw.value) && !('mount' in raw);
          const field = wrapped ? `dataVolumes.value[${i}].value` : `dataVolumes.value[${i}]`;
          const errors: FieldError[] = [];
          resolveVolume(wrapped ? raw.value : raw, field, ctx, errors);
          report(errors);
        });
    }
  }
}

/**
 * Load-time checks of the spawner config (notebook-from-form.md §1.2). Returns every problem as
 * `key.path: message`; an empty list means valid. Unknown keys are allowed and kept.
 */
export function validateSpawnerConfig(defaults: SpawnerFormDefaults): string[] {
  const problems: string[] = [];
  checkImageGroups(defaults, problems);
  checkResources(defaults, problems);
  checkGpus(defaults, problems);
  checkPresets(defaults, problems);
  checkVolumes(defaults, problems);
  const pull = defaults.imagePullPolicy;
  if (isObject(pull) && !absent(pull.value) && !PULL_POLICIES.includes(String(pull.value))) {
    problems.push(`imagePullPolicy.value: must be Always, IfNotPresent or Never, got '${String(pull.value)}'`);
  }
  for (const key of READONLY_KEYS) {
    const s = defaults[key];
    if (isObject(s) && !absent(s.readOnly) && typeof s.readOnly !== 'boolean') {
      problems.push(`${key}.readOnly: must be true or false`);
    }
  }
  const configurations = defaults.configurations;
  if (isObject(configurations) && !absent(configurations.value) && !Array.isArray(configurations.value)) {
    problems.push('configurations.value: must be a list of PodDefault labels');
  }
  for (const key of ['shm', 'allowCustomImage', 'hideRegistry', 'hideTag']) {
    const s = defaults[key];
    const v = key === 'shm' && isObject(s) ? s.value : key === 'shm' ? undefined : s;
    if (!absent(v) && typeof v !== 'boolean')
      problems.push(`${key === 'shm' ? 'shm.value' : key}: must be true or false`);
  }
  return problems;
}
