import type { ApiVolume, NotebookBody, ResourceConfig, SpawnerConfig } from '../api/types.ts';
import { configCpu, configMemoryGi, trimDecimal } from './quantity.ts';
import { imageGroup, normaliseServerType, type ServerType } from './server-types.ts';

export const NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const NAME_MAX = 40;
export const NOTEBOOK_NAME_TOKEN = '{notebook-name}';
export const DEFAULT_MOUNT = '/home/jovyan';
export const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'] as const;
export const GPU_COUNTS = ['none', '1', '2', '4', '8'] as const;

/** One volume panel: a new PVC or an existing claim. Names and mounts follow the notebook name until edited. */
export interface VolumeDraft {
  kind: 'new' | 'existing';
  /** New PVC name; may contain {notebook-name} until the user edits it. */
  name: string;
  nameEdited: boolean;
  sizeGi: string;
  useDefaultClass: boolean;
  storageClass: string;
  accessMode: string;
  claimName: string;
  readOnly: boolean;
  mount: string;
  mountEdited: boolean;
}

export interface NotebookFormState {
  name: string;
  serverType: ServerType;
  image: string;
  customImageCheck: boolean;
  customImage: string;
  imagePullPolicy: string;
  cpu: string;
  cpuLimit: string;
  cpuLimitEdited: boolean;
  memory: string;
  memoryLimit: string;
  memoryLimitEdited: boolean;
  gpuNum: string;
  gpuVendor: string;
  workspace: VolumeDraft | null;
  datavols: VolumeDraft[];
  configurations: string[];
  affinityConfig: string;
  tolerationGroup: string;
  shm: boolean;
  language: string;
}

/** A form problem: a translation key with parameters, or a server message shown as sent. */
export type FormIssue = { key: string; params?: Record<string, string | number> } | { text: string };
/** Problems keyed by the request-body path they concern (`datavols[1].mount`), like the server's `errors[].field`. */
export type FormIssues = Record<string, FormIssue>;

export function substituteName(template: string, notebookName: string): string {
  return template.split(NOTEBOOK_NAME_TOKEN).join(notebookName);
}

function unwrapVolume(v: ApiVolume | { value: ApiVolume }): ApiVolume {
  return 'value' in v && !('mount' in v) ? v.value : (v as ApiVolume);
}

function numberText(value: number): string {
  return Number.isFinite(value) ? trimDecimal(value, 3) : '';
}

/** The limit the form proposes: `limitValue`, else request × `limitFactor` (one decimal), else empty. */
export function autoLimit(request: string, cfg: ResourceConfig | undefined, unit: 'cpu' | 'memory'): string {
  if (!cfg) return '';
  const parse = unit === 'cpu' ? configCpu : configMemoryGi;
  if (cfg.limitValue !== undefined && cfg.limitValue !== '' && cfg.limitValue !== 'none') {
    return numberText(parse(cfg.limitValue));
  }
  const factor = Number(cfg.limitFactor);
  const req = Number(request);
  if (cfg.limitFactor === undefined || cfg.limitFactor === 'none' || !Number.isFinite(factor) || !(req > 0)) return '';
  return trimDecimal(Math.round(req * factor * 10) / 10, 1);
}

export function volumeDraftFromApi(volume: ApiVolume): VolumeDraft {
  if (volume.newPvc) {
    const spec = volume.newPvc.spec ?? {};
    const storage = spec.resources?.requests?.storage ?? '10Gi';
    const sizeGi = configMemoryGi(storage);
    return {
      kind: 'new',
      name: volume.newPvc.metadata?.name ?? '',
      nameEdited: false,
      sizeGi: numberText(sizeGi) || '10',
      useDefaultClass: spec.storageClassName === undefined,
      storageClass: spec.storageClassName ?? '',
      accessMode: spec.accessModes?.[0] ?? 'ReadWriteOnce',
      claimName: '',
      readOnly: false,
      mount: volume.mount || DEFAULT_MOUNT,
      mountEdited: true,
    };
  }
  return {
    ...newVolumeDraft('{notebook-name}-volume', DEFAULT_MOUNT),
    kind: 'existing',
    claimName: volume.existingSource?.persistentVolumeClaim?.claimName ?? '',
    readOnly: volume.existingSource?.persistentVolumeClaim?.readOnly ?? false,
    mount: volume.mount || DEFAULT_MOUNT,
    mountEdited: true,
  };
}

export function newVolumeDraft(nameTemplate: string, mount: string, mountEdited = true): VolumeDraft {
  return {
    kind: 'new',
    name: nameTemplate,
    nameEdited: false,
    sizeGi: '10',
    useDefaultClass: true,
    storageClass: '',
    accessMode: 'ReadWriteOnce',
    claimName: '',
    readOnly: false,
    mount,
    mountEdited,
  };
}

/** A new data volume panel number `n` (1-based): `{notebook-name}-datavol-<n>`, mounted under /home/jovyan/<name>. */
export function newDataVolumeDraft(n: number): VolumeDraft {
  return newVolumeDraft(`${NOTEBOOK_NAME_TOKEN}-datavol-${n}`, '', false);
}

export function existingVolumeDraft(mount: string, mountEdited: boolean): VolumeDraft {
  return { ...newVolumeDraft('', mount, mountEdited), kind: 'existing' };
}

/** The volume's name as the server will see it. */
export function volumeName(draft: VolumeDraft, notebookName: string): string {
  return draft.kind === 'new' ? substituteName(draft.name, notebookName) : draft.claimName;
}

/** A data volume's mount: follows /home/jovyan/<name> until the user edits it. */
export function volumeMount(draft: VolumeDraft, notebookName: string): string {
  if (draft.mountEdited) return draft.mount;
  const name = volumeName(draft, notebookName);
  return name ? `${DEFAULT_MOUNT}/${name}` : '';
}

export function initialFormState(config: SpawnerConfig, uiLanguage: string): NotebookFormState {
  const serverType: ServerType = config.image
    ? 'jupyter'
    : ((['group-one', 'group-two', 'group-three', 'sas'] as const).find((t) => imageGroup(config, t)) ?? 'jupyter');
  const group = imageGroup(config, serverType);
  const cpu = numberText(configCpu(config.cpu?.value ?? '0.5'));
  const memory = numberText(configMemoryGi(config.memory?.value ?? '1Gi'));
  const ws = config.workspaceVolume?.value;
  const datavols = (config.dataVolumes?.value ?? []).map((v) => volumeDraftFromApi(unwrapVolume(v)));
  const gpus = config.gpus?.value;
  return {
    name: '',
    serverType,
    image: group?.value ?? group?.options?.[0] ?? '',
    customImageCheck: false,
    customImage: '',
    imagePullPolicy: config.imagePullPolicy?.value ?? 'IfNotPresent',
    cpu,
    cpuLimit: autoLimit(cpu, config.cpu, 'cpu'),
    cpuLimitEdited: false,
    memory,
    memoryLimit: autoLimit(memory, config.memory, 'memory'),
    memoryLimitEdited: false,
    gpuNum: gpus?.num && gpus.num !== '' ? String(gpus.num) : 'none',
    gpuVendor: gpus?.vendor ?? gpus?.vendors?.[0]?.limitsKey ?? '',
    workspace: ws ? volumeDraftFromApi(ws) : null,
    datavols,
    configurations: config.configurations?.value ?? [],
    affinityConfig: config.affinityConfig?.value ?? 'none',
    tolerationGroup: config.tolerationGroup?.value ?? 'none',
    shm: config.shm?.value ?? false,
    language: uiLanguage === 'fr' ? 'fr' : 'en',
  };
}

/** Changing the server type picks that group's default image. */
export function withServerType(state: NotebookFormState, config: SpawnerConfig, type: string): NotebookFormState {
  const serverType = normaliseServerType(type);
  const group = imageGroup(config, serverType);
  return { ...state, serverType, image: group?.value ?? group?.options?.[0] ?? '', customImageCheck: false };
}

/** Editing a request moves its limit along until the user edits the limit itself. */
export function withCpu(state: NotebookFormState, config: SpawnerConfig, cpu: string): NotebookFormState {
  return { ...state, cpu, cpuLimit: state.cpuLimitEdited ? state.cpuLimit : autoLimit(cpu, config.cpu, 'cpu') };
}

export function withMemory(state: NotebookFormState, config: SpawnerConfig, memory: string): NotebookFormState {
  return {
    ...state,
    memory,
    memoryLimit: state.memoryLimitEdited ? state.memoryLimit : autoLimit(memory, config.memory, 'memory'),
  };
}

function apiVolume(draft: VolumeDraft, notebookName: string, mount: string): ApiVolume {
  if (draft.kind === 'existing') {
    return {
      mount,
      existingSource: { persistentVolumeClaim: { claimName: draft.claimName, readOnly: draft.readOnly } },
    };
  }
  const spec: NonNullable<ApiVolume['newPvc']>['spec'] = {
    accessModes: [draft.accessMode],
    resources: { requests: { storage: `${draft.sizeGi}Gi` } },
  };
  if (!draft.useDefaultClass) spec.storageClassName = draft.storageClass;
  return { mount, newPvc: { metadata: { name: substituteName(draft.name, notebookName) }, spec } };
}

const readOnly = (entry: { readOnly?: boolean } | undefined) => entry?.readOnly === true;

/** The POST body (notebook-from-form.md §3): names substituted, memory as `<n>Gi`, readOnly fields omitted. */
export function buildNotebookBody(state: NotebookFormState, config: SpawnerConfig, namespace: string): NotebookBody {
  const name = state.name.trim();
  const body: NotebookBody = { name, namespace, serverType: state.serverType, language: state.language };
  if (!readOnly(imageGroup(config, state.serverType))) {
    if (state.customImageCheck) {
      body.customImageCheck = true;
      body.customImage = state.customImage.trim();
    } else {
      body.image = state.image;
    }
  }
  if (!readOnly(config.imagePullPolicy)) body.imagePullPolicy = state.imagePullPolicy;
  if (!readOnly(config.cpu)) {
    body.cpu = state.cpu.trim();
    if (state.cpuLimit.trim() !== '') body.cpuLimit = state.cpuLimit.trim();
  }
  if (!readOnly(config.memory)) {
    body.memory = `${state.memory.trim()}Gi`;
    if (state.memoryLimit.trim() !== '') body.memoryLimit = `${state.memoryLimit.trim()}Gi`;
  }
  if (!readOnly(config.gpus)) {
    body.gpus = state.gpuNum === 'none' ? { num: 'none' } : { num: state.gpuNum, vendor: state.gpuVendor };
  }
  if (!readOnly(config.workspaceVolume) && state.workspace) {
    body.workspace = apiVolume(state.workspace, name, state.workspace.mount);
  }
  if (!readOnly(config.dataVolumes)) {
    body.datavols = state.datavols.map((d) => apiVolume(d, name, volumeMount(d, name)));
  }
  if (!readOnly(config.shm)) body.shm = state.shm;
  if (!readOnly(config.configurations)) body.configurations = [...state.configurations];
  if (!readOnly(config.affinityConfig) && config.affinityConfig?.options?.length) {
    body.affinityConfig = state.affinityConfig;
  }
  if (!readOnly(config.tolerationGroup) && config.tolerationGroup?.options?.length) {
    body.tolerationGroup = state.tolerationGroup;
  }
  return body;
}

function positive(text: string): boolean {
  return text.trim() !== '' && Number(text) > 0;
}

function volumeIssues(draft: VolumeDraft, path: string, notebookName: string, mount: string, issues: FormIssues): void {
  if (draft.kind === 'new') {
    const name = substituteName(draft.name, notebookName || 'x');
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name) || name.length > 253) {
      issues[`${path}.newPvc.metadata.name`] = { key: 'form.errors.volumeName' };
    }
    if (!positive(draft.sizeGi))
      issues[`${path}.newPvc.spec.resources.requests.storage`] = { key: 'form.errors.positive' };
  } else if (!draft.claimName) {
    issues[`${path}.existingSource.persistentVolumeClaim.claimName`] = { key: 'form.errors.required' };
  }
  if (!mount) issues[`${path}.mount`] = { key: 'form.errors.required' };
  else if (!mount.startsWith('/')) issues[`${path}.mount`] = { key: 'form.errors.mountPath' };
}

/** Client-side checks; the server repeats every one of them. */
export function validateForm(
  state: NotebookFormState,
  config: SpawnerConfig,
  existingNotebooks: readonly string[],
): FormIssues {
  const issues: FormIssues = {};
  const name = state.name.trim();
  if (!name) issues.name = { key: 'form.errors.required' };
  else if (name.length > NAME_MAX) issues.name = { key: 'form.errors.nameTooLong', params: { max: NAME_MAX } };
  else if (!NAME_PATTERN.test(name)) issues.name = { key: 'form.errors.namePattern' };
  else if (existingNotebooks.includes(name)) issues.name = { key: 'form.errors.nameExists', params: { name } };

  if (state.customImageCheck) {
    const image = state.customImage.trim();
    if (!image) issues.customImage = { key: 'form.errors.required' };
    else if (/^https?:\/\//i.test(image)) issues.customImage = { key: 'form.errors.imageScheme' };
  } else if (!state.image) {
    issues.image = { key: 'form.errors.required' };
  }

  if (!readOnly(config.cpu)) {
    if (!positive(state.cpu)) issues.cpu = { key: 'form.errors.positive' };
    else if (state.cpuLimit.trim() !== '' && !(Number(state.cpuLimit) >= Number(state.cpu))) {
      issues.cpuLimit = { key: 'form.errors.limitBelowRequest' };
    }
  }
  if (!readOnly(config.memory)) {
    if (!positive(state.memory)) issues.memory = { key: 'form.errors.positive' };
    else if (state.memoryLimit.trim() !== '' && !(Number(state.memoryLimit) >= Number(state.memory))) {
      issues.memoryLimit = { key: 'form.errors.limitBelowRequest' };
    }
  }
  if (state.gpuNum !== 'none' && !state.gpuVendor) issues['gpus.vendor'] = { key: 'form.errors.gpuVendor' };

  const mounts = new Map<string, string>();
  const claims = new Map<string, string>();
  const check = (draft: VolumeDraft, path: string, mount: string) => {
    volumeIssues(draft, path, name, mount, issues);
    const previousMount = mounts.get(mount);
    if (mount && previousMount !== undefined) issues[`${path}.mount`] = { key: 'form.errors.duplicateMount' };
    mounts.set(mount, path);
    const claim = volumeName(draft, name);
    if (claim && claims.has(claim)) {
      const field =
        draft.kind === 'new'
          ? `${path}.newPvc.metadata.name`
          : `${path}.existingSource.persistentVolumeClaim.claimName`;
      issues[field] = { key: 'form.errors.duplicateClaim' };
    }
    if (claim) claims.set(claim, path);
  };
  if (state.workspace && !readOnly(config.workspaceVolume)) check(state.workspace, 'workspace', state.workspace.mount);
  if (!readOnly(config.dataVolumes)) {
    state.datavols.forEach((d, i) => check(d, `datavols[${i}]`, volumeMount(d, name)));
  }
  return issues;
}
