import type { SpawnerFormDefaults } from '../config/spawner-config.ts';
import type { FieldError } from '../errors.ts';
import type { ResolvedResource } from './resources-form.ts';
import { resolveResource } from './resources-form.ts';
import {
  SERVER_TYPES,
  affinityConfig,
  allowCustomImage,
  configurationsDefault,
  dataVolumes,
  gpuDefault,
  gpuVendors,
  imageGroup,
  imagePullPolicy,
  isReadOnly,
  resourceConfig,
  shmDefault,
  tolerationGroup,
  workspaceVolume,
  type ServerType,
} from './spawner-form.ts';
import { isObject } from '../is-object.ts';
import { notebookLanguage } from './notebook-language.ts';
import { resolveVolume, volumeIdentity, type ResolvedVolume, type VolumeContext } from '../api-volume.ts';

export const NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const MAX_NAME_LENGTH = 52;
const PULL_POLICIES = new Set(['Always', 'IfNotPresent', 'Never']);
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const IMAGE_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;

/** Everything a Notebook is built from, after validation (notebook-from-form.md §5). */
export interface NotebookForm {
  name: string;
  namespace: string;
  serverType: ServerType;
  image: string;
  imagePullPolicy: string;
  cpu: ResolvedResource;
  memory: ResolvedResource;
  gpu?: { vendor: string; num: number };
  workspace?: ResolvedVolume;
  datavols: ResolvedVolume[];
  shm: boolean;
  /** PodDefault label key → label value. */
  configurations: Record<string, string>;
  affinity?: unknown;
  tolerations: unknown[];
  language?: string;
}

/** What validation needs to know about the cluster, read before validating. */
export interface FormContext {
  namespace: string;
  config: SpawnerFormDefaults;
  namespaceLabels: Record<string, string>;
  /** Names of the PVCs in the namespace. */
  existingPvcs: ReadonlySet<string>;
  /** PodDefault `label` (route 21) → its matchLabels value. */
  podDefaultLabels: ReadonlyMap<string, string>;
  allowedVolumeSources: readonly string[];
  mountPathPrefixes: readonly string[];
}

export interface FormResult {
  form?: NotebookForm;
  errors: FieldError[];
}

const readOnlyMessage = (field: string) => `'${field}' is read-only; remove it or send the configured value.`;

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function trimmed(v: unknown): string | undefined {
  return typeof v === 'string' ? v.trim() : undefined;
}

export function validateName(body: Record<string, unknown>, errors: FieldError[]): string {
  const raw = body.name;
  if (!present(raw) || raw === '') {
    errors.push({ field: 'name', message: "Parameter 'name' is missing from the request's body." });
    return '';
  }
  const name = typeof raw === 'string' ? raw : '';
  if (!NAME_PATTERN.test(name) || name.length > MAX_NAME_LENGTH) {
    errors.push({
      field: 'name',
      message: `Name '${String(raw)}' must start with a letter, contain only lower case letters, digits and '-', end with a letter or digit, and be at most ${MAX_NAME_LENGTH} characters.`,
    });
  }
  return name;
}

/** Validates a create body against the config and cluster facts; lists every problem. */
export function resolveNotebookForm(bodyRaw: unknown, ctx: FormContext): FormResult {
  const errors: FieldError[] = [];
  if (!isObject(bodyRaw)) {
    return { errors: [{ field: '', message: 'The request body must be a JSON object.' }] };
  }
  const body = bodyRaw;
  const { config } = ctx;
  const name = validateName(body, errors);
  const nameForVolumes = name || 'x';

  if (present(body.namespace) && body.namespace !== ctx.namespace) {
    errors.push({
      field: 'namespace',
      message: `namespace '${String(body.namespace)}' must equal the path namespace '${ctx.namespace}'.`,
    });
  }

  // Server type and image.
  const rawType = trimmed(body.serverType) ?? (present(body.serverType) ? String(body.serverType) : '');
  let serverType: ServerType = 'jupyter';
  if (rawType !== '') {
    if ((SERVER_TYPES as readonly string[]).includes(rawType)) serverType = rawType as ServerType;
    else errors.push({ field: 'serverType', message: `'${rawType}' is not a valid server type` });
  }
  const group = imageGroup(config, serverType);
  const resolvedImage = resolveImage(body, group, config, errors);
  const image = resolvedImage && body.betaImageCheck === true ? betaImage(resolvedImage) : resolvedImage;
  const gating = Object.entries(group.enabledLabels).find(([k, v]) => ctx.namespaceLabels[k] !== v);
  if (gating) {
    const lang = (trimmed(body.language) ?? 'en').slice(0, 2).toLowerCase();
    errors.push({
      field: 'serverType',
      message:
        group.disabledMessage[lang] ||
        group.disabledMessage.en ||
        `This workspace type is disabled for profile "${ctx.namespace}".`,
    });
  }

  // Pull policy.
  let pullPolicy = imagePullPolicy(config);
  const bodyPolicy = trimmed(body.imagePullPolicy);
  if (present(body.imagePullPolicy) && bodyPolicy !== '') {
    if (bodyPolicy === undefined || !PULL_POLICIES.has(bodyPolicy)) {
      errors.push({ field: 'imagePullPolicy', message: `imagePullPolicy must be Always, IfNotPresent or Never.` });
    } else if (isReadOnly(config, 'imagePullPolicy')) {
      if (bodyPolicy !== pullPolicy)
        errors.push({ field: 'imagePullPolicy', message: readOnlyMessage('imagePullPolicy') });
    } else pullPolicy = bodyPolicy;
  }

  const cpu = resolveResource(body, 'cpu', resourceConfig(config, 'cpu'), errors);
  const memory = resolveResource(body, 'memory', resourceConfig(config, 'memory'), errors);
  const gpu = resolveGpus(body, config, errors);

  // Shared memory.
  let shm = shmDefault(config);
  if (present(body.shm)) {
    if (typeof body.shm !== 'boolean') errors.push({ field: 'shm', message: 'shm must be true or false.' });
    else if (isReadOnly(config, 'shm')) {
      if (body.shm !== shm) errors.push({ field: 'shm', message: readOnlyMessage('shm') });
    } else shm = body.shm;
  }

  const volumes = resolveFormVolumes(body, ctx, nameForVolumes, shm, errors);
  const configurations = resolveConfigurations(body, ctx, errors);
  const affinity = resolvePreset(body, 'affinityConfig', config, errors);
  const tolerations = resolvePreset(body, 'tolerationGroup', config, errors);

  let language: string | undefined;
  if (present(body.language) && body.language !== '') {
    language = typeof body.language === 'string' ? notebookLanguage(body.language) : undefined;
    if (!language) {
      errors.push({
        field: 'language',
        message: `Invalid language '${String(body.language)}' (e.g. 'en', 'en_US', 'en-US').`,
      });
    }
  }

  if (errors.length > 0 || !cpu || !memory || !volumes) return { errors };
  return {
    errors,
    form: {
      name,
      namespace: ctx.namespace,
      serverType,
      image: image ?? '',
      imagePullPolicy: pullPolicy,
      cpu,
      memory,
      gpu,
      workspace: volumes.workspace,
      datavols: volumes.datavols,
      shm,
      configurations,
      affinity: affinity as unknown,
      tolerations: (tolerations as unknown[] | undefined) ?? [],
      language,
    },
  };
}

/** The same image with tag `beta`: the tag follows the last ':' after the last '/'; a digest is dropped. */
export function betaImage(image: string): string {
  const withoutDigest = image.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const repository = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
  return `${repository}:beta`;
}

function resolveImage(
  body: Record<string, unknown>,
  group: ReturnType<typeof imageGroup>,
  config: SpawnerFormDefaults,
  errors: FieldError[],
): string | undefined {
  const customText = trimmed(body.customImage) ?? '';
  const custom = body.customImageCheck === true || (!present(body.customImageCheck) && customText !== '');
  if (present(body.customImageCheck) && typeof body.customImageCheck !== 'boolean') {
    errors.push({ field: 'customImageCheck', message: 'customImageCheck must be true or false.' });
  }
  if (custom) {
    if (group.readOnly) {
      if (customText !== group.value) errors.push({ field: 'customImage', message: readOnlyMessage('customImage') });
      return group.value;
    }
    if (!allowCustomImage(config)) {
      errors.push({ field: 'customImage', message: 'Custom images are not allowed.' });
      return undefined;
    }
    if (customText === '')
      errors.push({ field: 'customImage', message: 'customImage is required when customImageCheck is true.' });
    else if (/^https?:\/\//i.test(customText))
      errors.push({ field: 'customImage', message: 'An image name must not start with http:// or https://.' });
    else if (/\s/.test(customText) || !IMAGE_REFERENCE.test(customText) || customText.length > 512) {
      errors.push({ field: 'customImage', message: `'${customText}' is not a valid image reference.` });
    } else return customText;
    return undefined;
  }
  const requested = trimmed(body.image);
  if (present(body.image) && requested === undefined) {
    errors.push({ field: 'image', message: 'image must be a string.' });
    return undefined;
  }
  if (group.readOnly) {
    if (requested && requested !== group.value) errors.push({ field: 'image', message: readOnlyMessage('image') });
    return group.value;
  }
  const image = requested || group.value;
  if (!image) {
    errors.push({ field: 'image', message: 'No image given and the config has no default image.' });
    return undefined;
  }
  const allowed = new Set([...group.options, ...(group.value ? [group.value] : [])]);
  if (allowed.size > 0 && !allowed.has(image)) {
    errors.push({ field: 'image', message: `Image '${image}' is not one of the configured options.` });
    return undefined;
  }
  return image;
}

function parseGpuNum(num: unknown): number | 'none' | undefined {
  if (num === undefined || num === null || num === '' || num === 'none') return 'none';
  const text = typeof num === 'number' ? String(num) : typeof num === 'string' ? num.trim() : '';
  if (!/^\d+$/.test(text) || Number(text) < 1) return undefined;
  return Number(text);
}

function resolveGpus(body: Record<string, unknown>, config: SpawnerFormDefaults, errors: FieldError[]) {
  const vendors = gpuVendors(config).map((v) => v.limitsKey);
  const fallback = gpuDefault(config);
  const configNum = parseGpuNum(fallback.num);
  const configured =
    configNum === undefined || configNum === 'none'
      ? undefined
      : { num: configNum, vendor: String(fallback.vendor ?? '') };
  if (!present(body.gpus)) return configured;
  if (!isObject(body.gpus)) {
    errors.push({ field: 'gpus', message: "'gpus' must be an object {num, vendor}." });
    return undefined;
  }
  const num = parseGpuNum(body.gpus.num);
  if (num === undefined) {
    errors.push({
      field: 'gpus.num',
      message: `GPU count '${String(body.gpus.num)}' must be "none" or a positive integer.`,
    });
    return undefined;
  }
  const vendor = trimmed(body.gpus.vendor) ?? '';
  if (isReadOnly(config, 'gpus')) {
    const same = num === 'none' ? configured === undefined : configured?.num === num && configured.vendor === vendor;
    if (!same) errors.push({ field: 'gpus', message: readOnlyMessage('gpus') });
    return configured;
  }
  if (num === 'none') return undefined;
  if (!vendor) {
    errors.push({ field: 'gpus.vendor', message: "'gpus' must have a 'vendor' field" });
    return undefined;
  }
  if (!vendors.includes(vendor)) {
    errors.push({ field: 'gpus.vendor', message: `GPU vendor '${vendor}' is not configured.` });
    return undefined;
  }
  return { num, vendor };
}

function resolveFormVolumes(
  body: Record<string, unknown>,
  ctx: FormContext,
  notebookName: string,
  shm: boolean,
  errors: FieldError[],
): { workspace?: ResolvedVolume; datavols: ResolvedVolume[] } | undefined {
  const { config } = ctx;
  const before = errors.length;
  const configWorkspace = workspaceVolume(config);
  const vctx: VolumeContext = {
    notebookName,
    allowedSources: ctx.allowedVolumeSources,
    mountPathPrefixes: ctx.mountPathPrefixes,
    defaultMount:
      typeof configWorkspace?.mount === 'string' && configWorkspace.mount ? configWorkspace.mount : '/home/jovyan',
  };
  const dataCtx: VolumeContext = { ...vctx, defaultMount: undefined };
  const fromConfig = (raw: unknown, field: string, c: VolumeContext) => {
    const scratch: FieldError[] = [];
    const v = resolveVolume(raw, field, c, scratch);
    // A config volume that fails here was accepted at load time with another name; report it once.
    for (const e of scratch)
      errors.push({ field: e.field, message: `Configured volume is invalid for this notebook: ${e.message}` });
    return v;
  };

  // Workspace.
  if (present(body.noWorkspace) && typeof body.noWorkspace !== 'boolean') {
    errors.push({ field: 'noWorkspace', message: 'noWorkspace must be true or false.' });
  }
  const bodyHasWorkspace = body.noWorkspace !== true && present(body.workspace);
  let workspace: ResolvedVolume | undefined;
  if (isReadOnly(config, 'workspaceVolume')) {
    workspace = configWorkspace ? fromConfig(configWorkspace, 'workspace', vctx) : undefined;
    const bodySaysNone = body.noWorkspace === true;
    const bodyWorkspace = bodyHasWorkspace ? resolveVolume(body.workspace, 'workspace', vctx, []) : undefined;
    const differs =
      (bodySaysNone && workspace !== undefined) ||
      (bodyHasWorkspace && volumeIdentity(bodyWorkspace) !== volumeIdentity(workspace));
    if (differs)
      errors.push({ field: bodySaysNone ? 'noWorkspace' : 'workspace', message: readOnlyMessage('workspace') });
  } else if (bodyHasWorkspace) {
    workspace = resolveVolume(body.workspace, 'workspace', vctx, errors);
  }

  // Data volumes.
  let datavols: ResolvedVolume[] = [];
  if (present(body.datavols) && !Array.isArray(body.datavols)) {
    errors.push({ field: 'datavols', message: 'datavols must be a list of volumes.' });
  }
  const bodyVols = Array.isArray(body.datavols) ? body.datavols : undefined;
  if (isReadOnly(config, 'dataVolumes')) {
    datavols = dataVolumes(config)
      .map((raw, i) => fromConfig(raw, `datavols[${i}]`, dataCtx))
      .filter((v): v is ResolvedVolume => !!v);
    if (bodyVols) {
      const given = bodyVols.map((raw, i) => volumeIdentity(resolveVolume(raw, `datavols[${i}]`, dataCtx, [])));
      const wanted = datavols.map((v) => volumeIdentity(v));
      if (JSON.stringify(given) !== JSON.stringify(wanted))
        errors.push({ field: 'datavols', message: readOnlyMessage('datavols') });
    }
  } else if (bodyVols) {
    bodyVols.forEach((raw, i) => {
      const v = resolveVolume(raw, `datavols[${i}]`, dataCtx, errors);
      if (v) datavols.push(v);
    });
  }

  checkVolumeSet(workspace, datavols, ctx, shm, errors);
  return errors.length === before ? { workspace, datavols } : undefined;
}

/** Checks across volumes: unique mounts and claims, no /dev/shm clash, existing claims exist. */
export function checkVolumeSet(
  workspace: ResolvedVolume | undefined,
  datavols: readonly ResolvedVolume[],
  ctx: Pick<FormContext, 'existingPvcs'>,
  shm: boolean,
  errors: FieldError[],
): void {
  const all = [...(workspace ? [workspace] : []), ...datavols];
  const mounts = new Map<string, string>();
  const claims = new Map<string, string>();
  for (const v of all) {
    if (mounts.has(v.mount))
      errors.push({ field: `${v.field}.mount`, message: `Mount path '${v.mount}' is used twice.` });
    else mounts.set(v.mount, v.field);
    if (shm && v.mount === '/dev/shm') {
      errors.push({ field: `${v.field}.mount`, message: "Mount path '/dev/shm' is taken by shared memory." });
    }
    const claim = v.claimName;
    if (claim) {
      const claimField = v.newPvc
        ? `${v.field}.newPvc.metadata.name`
        : `${v.field}.existingSource.persistentVolumeClaim.claimName`;
      if (claims.has(claim)) errors.push({ field: claimField, message: `PVC '${claim}' is used twice.` });
      else claims.set(claim, v.field);
      if (!v.newPvc && !ctx.existingPvcs.has(claim))
        errors.push({ field: claimField, message: `PVC '${claim}' not found.` });
    }
  }
}

function resolveConfigurations(
  body: Record<string, unknown>,
  ctx: FormContext,
  errors: FieldError[],
): Record<string, string> {
  const { config } = ctx;
  let keys: unknown[] = configurationsDefault(config);
  if (present(body.configurations)) {
    if (!Array.isArray(body.configurations)) {
      errors.push({ field: 'configurations', message: 'configurations must be a list of PodDefault labels.' });
      return {};
    }
    if (isReadOnly(config, 'configurations')) {
      const given = new Set(body.configurations.map(String));
      const wanted = new Set(keys.map(String));
      if (given.size !== wanted.size || [...given].some((k) => !wanted.has(k))) {
        errors.push({ field: 'configurations', message: readOnlyMessage('configurations') });
      }
    } else keys = body.configurations;
  }
  const labels: Record<string, string> = {};
  keys.forEach((key, i) => {
    const field = `configurations[${i}]`;
    if (typeof key !== 'string' || !LABEL_KEY.test(key)) {
      errors.push({ field, message: `'${String(key)}' is not a valid label key.` });
      return;
    }
    const value = ctx.podDefaultLabels.get(key);
    if (value === undefined) {
      errors.push({ field, message: `Configuration '${key}' does not exist in namespace '${ctx.namespace}'.` });
      return;
    }
    labels[key] = value || 'true';
  });
  return labels;
}

/** affinityConfig → the option's affinity; tolerationGroup → the option's tolerations. */
function resolvePreset(
  body: Record<string, unknown>,
  key: 'affinityConfig' | 'tolerationGroup',
  config: SpawnerFormDefaults,
  errors: FieldError[],
): unknown {
  const isAffinity = key === 'affinityConfig';
  const preset = isAffinity ? affinityConfig(config) : tolerationGroup(config);
  const norm = (v: string) => (v === '' ? 'none' : v);
  let chosen = norm(preset.value);
  if (present(body[key])) {
    const given = trimmed(body[key]);
    if (given === undefined) {
      errors.push({ field: key, message: `${key} must be a string.` });
      return undefined;
    }
    if (isReadOnly(config, key)) {
      if (norm(given) !== chosen) errors.push({ field: key, message: readOnlyMessage(key) });
    } else chosen = norm(given);
  }
  if (chosen === 'none') return undefined;
  if (isAffinity) {
    const option = affinityConfig(config).options.find((o) => o.configKey === chosen);
    if (!option) errors.push({ field: key, message: `Unknown affinity config '${chosen}'.` });
    return option ? structuredClone(option.affinity) : undefined;
  }
  const option = tolerationGroup(config).options.find((o) => o.groupKey === chosen);
  if (!option) errors.push({ field: key, message: `Unknown toleration group '${chosen}'.` });
  return option ? structuredClone(option.tolerations) : undefined;
}
