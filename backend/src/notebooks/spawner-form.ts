import type { SpawnerFormDefaults } from '../config/spawner-config.ts';

import { isObject } from '../is-object.ts';

/**
 * Typed reads of the spawner config (notebook-from-form.md §1.2). The config object is kept as loaded;
 * these accessors tolerate any shape and fall back to the spec's defaults.
 */

function section(config: SpawnerFormDefaults, key: string): Record<string, unknown> {
  const value = config[key];
  return isObject(value) ? value : {};
}

export function isReadOnly(config: SpawnerFormDefaults, key: string): boolean {
  return section(config, key).readOnly === true;
}

export const SERVER_TYPES = ['jupyter', 'group-one', 'group-two', 'group-three', 'sas'] as const;
export type ServerType = (typeof SERVER_TYPES)[number];

const IMAGE_GROUP_KEY: Record<ServerType, string> = {
  jupyter: 'image',
  'group-one': 'imageGroupOne',
  'group-two': 'imageGroupTwo',
  'group-three': 'imageGroupThree',
  sas: 'imageSas',
};

export interface ImageGroup {
  key: string;
  value: string;
  options: string[];
  readOnly: boolean;
  enabledLabels: Record<string, string>;
  disabledMessage: Record<string, string>;
}

function stringOf(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

export function imageGroup(config: SpawnerFormDefaults, serverType: ServerType): ImageGroup {
  let key = IMAGE_GROUP_KEY[serverType];
  if (serverType === 'sas' && !isObject(config.imageSas)) key = 'imageGroupThree';
  const s = section(config, key);
  const options = Array.isArray(s.options) ? s.options.map(stringOf).filter((o) => o !== '') : [];
  const enabled = isObject(s.enabledCondition) && isObject(s.enabledCondition.labels) ? s.enabledCondition.labels : {};
  const disabled = isObject(s.disabledMessage) ? s.disabledMessage : {};
  return {
    key,
    value: stringOf(s.value),
    options,
    readOnly: s.readOnly === true,
    enabledLabels: Object.fromEntries(Object.entries(enabled).map(([k, v]) => [k, stringOf(v)])),
    disabledMessage: Object.fromEntries(Object.entries(disabled).map(([k, v]) => [k, stringOf(v)])),
  };
}

export function allowCustomImage(config: SpawnerFormDefaults): boolean {
  return config.allowCustomImage === true;
}

export function imagePullPolicy(config: SpawnerFormDefaults): string {
  return stringOf(section(config, 'imagePullPolicy').value) || 'IfNotPresent';
}

export interface ResourceConfig {
  /** The request default as text (unitless memory already turned into Gi). */
  value: string;
  limitFactor: string;
  limitValue: string;
  readOnly: boolean;
}

/** A unitless config memory value means Gi (StatCan dialect). */
function configQuantity(raw: unknown, memory: boolean): string {
  const text = stringOf(raw);
  if (memory && text !== '' && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return `${text}Gi`;
  return text;
}

export function resourceConfig(config: SpawnerFormDefaults, key: 'cpu' | 'memory'): ResourceConfig {
  const s = section(config, key);
  const memory = key === 'memory';
  const value = s.value === undefined || s.value === null ? (memory ? '1Gi' : '0.5') : configQuantity(s.value, memory);
  return {
    value,
    limitFactor: stringOf(s.limitFactor) || 'none',
    limitValue: configQuantity(s.limitValue, memory),
    readOnly: s.readOnly === true,
  };
}

export interface GpuVendor {
  limitsKey: string;
  uiName: string;
}

export function gpuVendors(config: SpawnerFormDefaults): GpuVendor[] {
  const value = section(config, 'gpus').value;
  const vendors = isObject(value) && Array.isArray(value.vendors) ? value.vendors : [];
  return vendors
    .filter(isObject)
    .map((v) => ({ limitsKey: stringOf(v.limitsKey), uiName: stringOf(v.uiName) }))
    .filter((v) => v.limitsKey !== '');
}

export function gpuDefault(config: SpawnerFormDefaults): { num: unknown; vendor: unknown } {
  const value = section(config, 'gpus').value;
  return isObject(value) ? { num: value.num, vendor: value.vendor } : { num: 'none', vendor: '' };
}

/** The configured workspace volume (an API volume) or undefined. */
export function workspaceVolume(config: SpawnerFormDefaults): Record<string, unknown> | undefined {
  const value = section(config, 'workspaceVolume').value;
  return isObject(value) ? value : undefined;
}

/** Configured data volumes; StatCan wraps each as `{value: <API volume>}`. */
export function dataVolumes(config: SpawnerFormDefaults): Record<string, unknown>[] {
  const value = section(config, 'dataVolumes').value;
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((v) => (isObject(v.value) && !('mount' in v) ? v.value : v));
}

export function shmDefault(config: SpawnerFormDefaults): boolean {
  return section(config, 'shm').value === true;
}

export function shmSizeLimit(config: SpawnerFormDefaults): string | undefined {
  const size = stringOf(section(config, 'shm').sizeLimit);
  return size || undefined;
}

export function configurationsDefault(config: SpawnerFormDefaults): unknown[] {
  const value = section(config, 'configurations').value;
  return Array.isArray(value) ? value : [];
}

export interface AffinityOption {
  configKey: string;
  affinity: unknown;
}
export interface TolerationOption {
  groupKey: string;
  tolerations: unknown[];
}

export function affinityConfig(config: SpawnerFormDefaults): { value: string; options: AffinityOption[] } {
  const s = section(config, 'affinityConfig');
  const options = (Array.isArray(s.options) ? s.options : [])
    .filter(isObject)
    .map((o) => ({ configKey: stringOf(o.configKey), affinity: o.affinity }));
  return { value: stringOf(s.value) || 'none', options };
}

export function tolerationGroup(config: SpawnerFormDefaults): { value: string; options: TolerationOption[] } {
  const s = section(config, 'tolerationGroup');
  const options = (Array.isArray(s.options) ? s.options : [])
    .filter(isObject)
    .map((o) => ({ groupKey: stringOf(o.groupKey), tolerations: Array.isArray(o.tolerations) ? o.tolerations : [] }));
  return { value: stringOf(s.value) || 'none', options };
}
