import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { FieldError } from './errors.ts';
import { isObject } from './is-object.ts';
import type { PersistentVolumeClaim } from './k8s/types.ts';
import { Quantity } from './quantity.ts';

/**
 * The volume rules shared by the spawner config's validation and the notebook form (a workspace or
 * data volume as the API and the config write it): one module both import, so the config layer does
 * not depend on the notebooks domain.
 */
export const NOTEBOOK_NAME_TOKEN = '{notebook-name}';
const ACCESS_MODES = new Set(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']);
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** An API volume after validation: what the Notebook mounts and, for a new PVC, the claim to create. */
export interface ResolvedVolume {
  /** JSON path of the volume in the body (`workspace`, `datavols[1]`), or the config key. */
  field: string;
  mount: string;
  readOnly: boolean;
  /** The claim to create; `metadata.name` or `metadata.generateName` is set. */
  newPvc?: PersistentVolumeClaim;
  /** The claim mounted: an existing one, or the new PVC's name once known. */
  claimName?: string;
  /** A non-PVC source (`configMap`, `secret`, `emptyDir`, or one allowed by ALLOWED_VOLUME_SOURCES). */
  source?: { kind: string; spec: unknown };
  subPath?: string;
  mountPropagation?: string;
}

export interface VolumeContext {
  notebookName: string;
  allowedSources: readonly string[];
  mountPathPrefixes: readonly string[];
  defaultMount?: string;
}

export function substituteName(text: string, notebookName: string): string {
  return text.split(NOTEBOOK_NAME_TOKEN).join(notebookName);
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** Size of a new PVC: a bare number means Gi. */
export function storageQuantity(raw: unknown): { text: string; quantity: Quantity } | undefined {
  const text = str(raw);
  if (!text) return undefined;
  const withUnit = /^(\d+\.?\d*|\.\d+)$/.test(text) ? `${text}Gi` : text;
  const quantity = Quantity.parse(withUnit);
  return quantity ? { text: withUnit, quantity } : undefined;
}

/** The pod volume name for a claim: the claim itself when it is a DNS-1123 label, else a stable hash. */
export function podVolumeName(claimName: string): string {
  if (claimName.length <= 63 && DNS1123_LABEL.test(claimName)) return claimName;
  return `pvc-${createHash('sha256').update(claimName).digest('hex').slice(0, 10)}`;
}

/** Checks one API volume and resolves `{notebook-name}`; problems go to `errors` with paths under `field`. */
export function resolveVolume(
  raw: unknown,
  field: string,
  ctx: VolumeContext,
  errors: FieldError[],
): ResolvedVolume | undefined {
  const err = (path: string, message: string) => errors.push({ field: path ? `${field}.${path}` : field, message });
  if (!isObject(raw)) {
    err('', 'A volume must be an object with mount and newPvc or existingSource.');
    return undefined;
  }
  const hasNew = raw.newPvc !== undefined && raw.newPvc !== null;
  const hasExisting = raw.existingSource !== undefined && raw.existingSource !== null;
  const before = errors.length;
  if (hasNew === hasExisting) err('', 'A volume needs exactly one of newPvc or existingSource.');

  let mount = str(raw.mount) ?? '';
  if (raw.mount !== undefined && raw.mount !== null && typeof raw.mount !== 'string')
    err('mount', 'mount must be a string.');
  if (mount === '' && ctx.defaultMount) mount = ctx.defaultMount;
  mount = substituteName(mount, ctx.notebookName);
  if (mount === '') err('mount', 'mount is required.');
  else if (!mount.startsWith('/')) err('mount', `Mount path '${mount}' must be absolute.`);
  else if (mount.split('/').includes('..')) err('mount', `Mount path '${mount}' must not contain '..'.`);
  else {
    mount = posix.normalize(mount);
    if (mount.length > 1) mount = mount.replace(/\/+$/, '');
    if (
      ctx.mountPathPrefixes.length > 0 &&
      !ctx.mountPathPrefixes.some((p) => mount === p || mount.startsWith(`${p.replace(/\/+$/, '')}/`))
    ) {
      err('mount', `Mount path '${mount}' must be under one of: ${ctx.mountPathPrefixes.join(', ')}.`);
    }
  }

  const volume: ResolvedVolume = { field, mount, readOnly: false };
  if (typeof raw.subPath === 'string' && raw.subPath) volume.subPath = raw.subPath;
  if (typeof raw.mountPropagation === 'string' && raw.mountPropagation) volume.mountPropagation = raw.mountPropagation;

  if (hasNew && !hasExisting) volume.newPvc = resolveNewPvc(raw.newPvc, `${field}.newPvc`, ctx, errors);
  if (hasExisting && !hasNew) resolveExisting(raw.existingSource, `${field}.existingSource`, ctx, volume, errors);
  if (volume.newPvc?.metadata.name) volume.claimName = volume.newPvc.metadata.name;
  return errors.length === before ? volume : undefined;
}

function resolveNewPvc(
  raw: unknown,
  field: string,
  ctx: VolumeContext,
  errors: FieldError[],
): PersistentVolumeClaim | undefined {
  const err = (path: string, message: string) => errors.push({ field: `${field}.${path}`, message });
  if (!isObject(raw)) {
    errors.push({ field, message: 'newPvc must be an object.' });
    return undefined;
  }
  const meta = isObject(raw.metadata) ? raw.metadata : {};
  const spec = isObject(raw.spec) ? raw.spec : {};
  const metadata: PersistentVolumeClaim['metadata'] = {};
  const name = str(meta.name) ? substituteName(str(meta.name)!, ctx.notebookName) : '';
  const generateName = str(meta.generateName) ? substituteName(str(meta.generateName)!, ctx.notebookName) : '';
  if (name) {
    if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
      err(
        'metadata.name',
        `PVC name '${name}' must be a DNS-1123 subdomain (lower case letters, digits, '-' and '.', at most 253).`,
      );
    }
    metadata.name = name;
  } else if (generateName) {
    const probe = `${generateName}xxxxx`;
    if (probe.length > 253 || !DNS1123_SUBDOMAIN.test(probe)) {
      err('metadata.generateName', `PVC generateName '${generateName}' does not make a DNS-1123 subdomain.`);
    }
    metadata.generateName = generateName;
  } else {
    err('metadata.name', 'The new PVC needs a name or a generateName.');
  }
  if (meta.namespace !== undefined && meta.namespace !== null && meta.namespace !== '') {
    err('metadata.namespace', 'PVC should not specify the namespace.');
  }
  if (isObject(meta.labels)) metadata.labels = meta.labels as Record<string, string>;
  if (isObject(meta.annotations)) metadata.annotations = meta.annotations as Record<string, string>;

  const pvcSpec: NonNullable<PersistentVolumeClaim['spec']> = {};
  if (spec.accessModes === undefined || spec.accessModes === null) pvcSpec.accessModes = ['ReadWriteOnce'];
  else if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) {
    err('spec.accessModes', 'accessModes must be a non-empty list.');
  } else {
    spec.accessModes.forEach((m, i) => {
      if (typeof m !== 'string' || !ACCESS_MODES.has(m)) {
        err(`spec.accessModes[${i}]`, `Access mode '${String(m)}' must be one of ${[...ACCESS_MODES].join(', ')}.`);
      }
    });
    pvcSpec.accessModes = spec.accessModes as string[];
  }
  const resources = isObject(spec.resources) ? spec.resources : {};
  const requests = isObject(resources.requests) ? resources.requests : {};
  const sizePath = 'spec.resources.requests.storage';
  if (requests.storage === undefined || requests.storage === null || requests.storage === '') {
    err(sizePath, 'The new PVC needs a size (spec.resources.requests.storage).');
  } else {
    const size = storageQuantity(requests.storage);
    if (!size) err(sizePath, `Size '${String(requests.storage)}' is not a valid quantity, e.g. "10Gi".`);
    else if (!size.quantity.isPositive())
      err(sizePath, `Size '${String(requests.storage)}' must be greater than zero.`);
    else pvcSpec.resources = { requests: { storage: size.text } };
  }
  if (spec.storageClassName !== undefined && spec.storageClassName !== null) {
    if (typeof spec.storageClassName !== 'string') err('spec.storageClassName', 'storageClassName must be a string.');
    else if (spec.storageClassName === '{none}') pvcSpec.storageClassName = '';
    else if (spec.storageClassName !== '{empty}') pvcSpec.storageClassName = spec.storageClassName;
  }
  if (typeof spec.volumeMode === 'string') pvcSpec.volumeMode = spec.volumeMode;
  for (const key of ['selector', 'dataSource'] as const) {
    if (spec[key] !== undefined && spec[key] !== null) pvcSpec[key] = spec[key];
  }
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec: pvcSpec };
}

function resolveExisting(
  raw: unknown,
  field: string,
  ctx: VolumeContext,
  volume: ResolvedVolume,
  errors: FieldError[],
): void {
  if (!isObject(raw)) {
    errors.push({ field, message: 'existingSource must be an object.' });
    return;
  }
  const kinds = Object.keys(raw).filter((k) => raw[k] !== undefined && raw[k] !== null);
  if (kinds.length !== 1) {
    errors.push({ field, message: 'existingSource needs exactly one volume source.' });
    return;
  }
  const kind = kinds[0]!;
  if (!ctx.allowedSources.includes(kind)) {
    errors.push({ field: `${field}.${kind}`, message: `Volume source '${kind}' is not allowed.` });
    return;
  }
  if (kind !== 'persistentVolumeClaim') {
    volume.source = { kind, spec: raw[kind] };
    return;
  }
  const pvc = isObject(raw.persistentVolumeClaim) ? raw.persistentVolumeClaim : {};
  const claimName = str(pvc.claimName) ?? '';
  if (!claimName) {
    errors.push({ field: `${field}.persistentVolumeClaim.claimName`, message: 'claimName is required.' });
    return;
  }
  volume.claimName = claimName;
  if (pvc.readOnly !== undefined && pvc.readOnly !== null && typeof pvc.readOnly !== 'boolean') {
    errors.push({ field: `${field}.persistentVolumeClaim.readOnly`, message: 'readOnly must be true or false.' });
  }
  volume.readOnly = pvc.readOnly === true;
}

/** What readOnly equality compares (notebook-from-form.md §2). */
export function volumeIdentity(v: ResolvedVolume | undefined): string {
  if (!v) return 'none';
  const pvc = v.newPvc;
  if (pvc) {
    const size = Quantity.parse(pvc.spec?.resources?.requests?.storage ?? '');
    return JSON.stringify([
      'new',
      v.mount,
      pvc.metadata.name ?? `gen:${pvc.metadata.generateName ?? ''}`,
      size ? `${size.num}/${size.den}` : '',
      [...(pvc.spec?.accessModes ?? [])].sort(),
      pvc.spec?.storageClassName ?? null,
    ]);
  }
  if (v.claimName) return JSON.stringify(['existing', v.mount, v.claimName, v.readOnly]);
  return JSON.stringify(['source', v.mount, v.source?.kind, v.source?.spec ?? null]);
}
