/**
 * How each Angular frontend's notebook forms read `GET /api/config` and what they post, modelled on
 * their sources (upstream JWA `form-new/utils.ts` + `form-new.component.ts`; StatCan
 * `form-new/utils.ts`, `form-cpu-ram.component.ts`, `form-new.component.ts`, and aaw2.0's
 * `form-edit/utils.ts` + `form-edit.component.ts`). A reading rule the config breaks is a problem (the
 * field stays empty, a validator fails, or the page throws), exactly where the real form would block
 * LAUNCH or SAVE. The bodies are built as the forms build them, to post to the real API.
 */

export type Config = Record<string, any>;

export interface FormResult {
  /** Every reading rule the config breaks; empty when the form can be submitted as loaded. */
  problems: string[];
  body: Record<string, any>;
}

const NUMBER = /^[0-9]+([.][0-9]+)?$/;
/** StatCan's mount validators: main allows /home/jovyan and /opt/openmpp, aaw2.0 only /home/jovyan. */
const STATCAN_MOUNTS = {
  main: /^(((\/home\/jovyan)((\/)(.)*)?)|((\/opt\/openmpp)((\/)(.)*)?))$/,
  aaw2: /^(\/home\/jovyan)((\/)(.)*)?$/,
};
/** StatCan's MAX_FOR_GPU: limits without and with one GPU. */
const STATCAN_MAX = {
  none: { cpu: 14, memory: 48 },
  gpu: { cpu: 4, memory: 96 },
};

function configSizeToNumber(size: unknown): number {
  if (size == null) return NaN;
  if (typeof size === 'number') return size;
  return Number(String(size).replace('Gi', ''));
}

/** Sections every form dereferences without a check: a missing one throws while the page loads. */
function requireSections(config: Config, keys: string[], problems: string[]): void {
  for (const key of keys) {
    if (config[key] === undefined || config[key] === null || typeof config[key] !== 'object') {
      problems.push(`${key}: missing (the form reads ${key}.value without a check)`);
    }
  }
}

function substituted<T>(volume: T, name: string): T {
  return JSON.parse(JSON.stringify(volume).replaceAll('{notebook-name}', name)) as T;
}

/** The upstream JWA create form (notebooks-v1). */
export function upstreamCreateForm(config: Config, name: string): FormResult {
  const problems: string[] = [];
  requireSections(
    config,
    [
      'image',
      'cpu',
      'memory',
      'imagePullPolicy',
      'workspaceVolume',
      'dataVolumes',
      'affinityConfig',
      'tolerationGroup',
      'shm',
      'configurations',
    ],
    problems,
  );
  if (problems.length > 0) return { problems, body: {} };
  const cpu = Number(config.cpu.value);
  if (!Number.isFinite(cpu) || cpu <= 0) problems.push(`cpu.value: '${config.cpu.value}' is not a number of cores`);
  const memory = configSizeToNumber(config.memory.value);
  if (!Number.isFinite(memory) || memory <= 0) {
    problems.push(`memory.value: '${config.memory.value}' is not a number of Gi (the form strips "Gi" only)`);
  }
  const limit = (request: number, factor: unknown) => {
    const value = request * configSizeToNumber(factor as string);
    return Number.isNaN(value) ? null : value.toFixed(1);
  };
  if (!config.image.value) problems.push('image.value: empty (the image field is required)');
  if (!config.imagePullPolicy.value) problems.push('imagePullPolicy.value: empty (required)');
  if (!Array.isArray(config.dataVolumes.value)) problems.push('dataVolumes.value: not a list (the form iterates it)');
  const body: Record<string, any> = {
    name,
    namespace: '',
    image: config.image.value,
    allowCustomImage: config.allowCustomImage ?? true,
    imagePullPolicy: config.imagePullPolicy.value,
    customImage: '',
    customImageCheck: false,
    serverType: 'jupyter',
    cpu: String(cpu),
    memory: `${memory}Gi`,
    gpus: { vendor: config.gpus?.value?.vendor ?? '', num: config.gpus?.value?.num ?? 'none' },
    affinityConfig: config.affinityConfig.value,
    tolerationGroup: config.tolerationGroup.value,
    datavols: (config.dataVolumes.value ?? []).map((v: object) => substituted(v, name)),
    shm: config.shm.value,
    configurations: config.configurations.value,
  };
  const cpuLimit = limit(cpu, config.cpu.limitFactor);
  if (cpuLimit !== null) body.cpuLimit = cpuLimit;
  const memoryLimit = limit(memory, config.memory.limitFactor);
  if (memoryLimit !== null) body.memoryLimit = `${memoryLimit}Gi`;
  if (config.workspaceVolume.value) body.workspace = substituted(config.workspaceVolume.value, name);
  return { problems, body };
}

function statcanResources(config: Config, gpu: boolean, problems: string[]) {
  const max = gpu ? STATCAN_MAX.gpu : STATCAN_MAX.none;
  // With no GPU the form (re)sets the fields from value/limitValue, with one from gpuDefault, as raw
  // config strings: the validators then need plain numbers (memory without a unit).
  const sources = gpu
    ? {
        cpu: 'cpu.gpuDefault',
        cpuLimit: 'cpu.gpuDefault',
        memory: 'memory.gpuDefault',
        memoryLimit: 'memory.gpuDefault',
      }
    : { cpu: 'cpu.value', cpuLimit: 'cpu.limitValue', memory: 'memory.value', memoryLimit: 'memory.limitValue' };
  const read = (path: string) => {
    const [section, key] = path.split('.') as [string, string];
    return config[section]?.[key];
  };
  const values: Record<string, number> = {};
  for (const [field, path] of Object.entries(sources) as [keyof typeof sources, string][]) {
    const raw = read(path);
    const kind = field.startsWith('cpu') ? 'cpu' : 'memory';
    if (raw === undefined || raw === null || raw === '') {
      problems.push(`${path}: missing, so ${field} stays empty and LAUNCH is disabled`);
      continue;
    }
    if (!NUMBER.test(String(raw))) {
      problems.push(
        `${path}: '${raw}' is not a plain number${kind === 'memory' ? ' (memory is in Gi, without a unit)' : ''}`,
      );
      continue;
    }
    const value = Number(raw);
    const min = kind === 'cpu' ? 0.5 : 1;
    if (value < min) problems.push(`${path}: ${value} is below the form's minimum ${min}`);
    if (value > max[kind])
      problems.push(`${path}: ${value} is above the form's maximum ${max[kind]}${gpu ? ' with a GPU' : ''}`);
    values[field] = value;
  }
  if (values.cpuLimit !== undefined && values.cpu !== undefined && values.cpuLimit < values.cpu) {
    problems.push('cpu: the limit is lower than the request');
  }
  if (values.memoryLimit !== undefined && values.memory !== undefined && values.memoryLimit < values.memory) {
    problems.push('memory: the limit is lower than the request');
  }
  return values;
}

/**
 * The StatCan create form: `main` (Angular 12, group-three = SAS) or `aaw2` (Angular 17, `imageSas`).
 * `gpu` picks one GPU, which switches CPU and memory to the `gpuDefault`s.
 */
export function statcanCreateForm(
  config: Config,
  name: string,
  options: { variant: 'main' | 'aaw2'; gpu?: boolean; language: string },
): FormResult {
  const problems: string[] = [];
  requireSections(
    config,
    [
      'image',
      'cpu',
      'memory',
      'imagePullPolicy',
      'workspaceVolume',
      'dataVolumes',
      'affinityConfig',
      'tolerationGroup',
      'configurations',
    ],
    problems,
  );
  if (problems.length > 0) return { problems, body: {} };
  const gpu = options.gpu === true;
  const values = statcanResources(config, gpu, problems);
  if (!config.image.value) problems.push('image.value: empty (the image field is required)');
  if (!config.imagePullPolicy.value) problems.push('imagePullPolicy.value: empty (required)');
  if (options.variant === 'aaw2' && !config.imageSas?.value) {
    problems.push('imageSas.value: missing, so the SAS server type has no image');
  }
  if (options.variant === 'main' && !config.imageGroupThree?.value) {
    problems.push('imageGroupThree.value: missing, so the SAS server type has no image');
  }
  if (!Array.isArray(config.dataVolumes.value)) problems.push('dataVolumes.value: not a list (the form iterates it)');
  if (gpu && !config.gpus?.value?.vendor) problems.push('gpus.value.vendor: empty, the vendor is required with a GPU');
  const mountPattern = STATCAN_MOUNTS[options.variant];
  const workspace = config.workspaceVolume.value;
  if (workspace && !mountPattern.test(workspace.mount ?? '')) {
    problems.push(`workspaceVolume.value.mount: '${workspace.mount}' is refused by the form's mount validator`);
  }
  for (const [i, volume] of (config.dataVolumes.value ?? []).entries()) {
    const mount = (volume.value ?? volume).mount;
    if (!mountPattern.test(mount ?? ''))
      problems.push(`dataVolumes.value[${i}].mount: '${mount}' is refused by the form's mount validator`);
  }
  const body: Record<string, any> = {
    name,
    namespace: '',
    image: config.image.value,
    allowCustomImage: config.allowCustomImage ?? true,
    imagePullPolicy: config.imagePullPolicy.value,
    customImage: '',
    customImageCheck: false,
    betaImageCheck: false,
    serverType: 'jupyter',
    cpu: String(values.cpu),
    cpuLimit: String(values.cpuLimit),
    memory: `${values.memory}Gi`,
    memoryLimit: `${values.memoryLimit}Gi`,
    gpus: gpu ? { vendor: config.gpus.value.vendor, num: '1' } : { num: 'none' },
    affinityConfig: config.affinityConfig.value,
    tolerationGroup: config.tolerationGroup.value,
    datavols: (config.dataVolumes.value ?? []).map((v: { value?: object }) => substituted(v.value ?? v, name)),
    configurations: config.configurations.value,
    language: options.language,
  };
  if (options.variant === 'aaw2') body.imageSas = config.imageSas?.value;
  if (workspace && (workspace.newPvc || workspace.existingSource)) body.workspace = substituted(workspace, name);
  return { problems, body };
}

/**
 * StatCan aaw2.0's edit form: the notebook's `formatted_resources` become the CPU/RAM fields, the
 * mount at /home/jovyan the workspace, and EVERY other mount a data volume backed by a claim of the
 * mount's name, checked by the data-volume mount validator.
 */
export function statcanEditForm(config: Config, notebook: Record<string, any>): FormResult {
  const problems: string[] = [];
  const edited = JSON.parse(JSON.stringify(config)) as Config;
  const resources = notebook.formatted_resources ?? {};
  edited.cpu = { ...edited.cpu, value: resources.cpu, limitValue: resources.cpuLimit };
  edited.memory = { ...edited.memory, value: resources.memory, limitValue: resources.memoryLimit };
  const container = (notebook.spec?.template?.spec?.containers ?? []).find(
    (c: { name: string }) => c.name === notebook.metadata?.name,
  );
  let workspace: Record<string, any> | undefined;
  const datavols: Record<string, any>[] = [];
  for (const mount of container?.volumeMounts ?? []) {
    const source = { persistentVolumeClaim: { claimName: mount.name, readOnly: false } };
    if (!workspace && mount.mountPath === '/home/jovyan')
      workspace = { mount: mount.mountPath, existingSource: source };
    else datavols.push({ mount: mount.mountPath, existingSource: source });
  }
  const values = statcanResources(edited, false, problems);
  for (const [i, volume] of datavols.entries()) {
    if (!STATCAN_MOUNTS.aaw2.test(volume.mount)) {
      problems.push(`datavols[${i}].mount: '${volume.mount}' is refused by the form's mount validator`);
    }
  }
  const body: Record<string, any> = {
    name: notebook.metadata?.name,
    namespace: notebook.metadata?.namespace,
    cpu: String(values.cpu),
    cpuLimit: String(values.cpu),
    memory: `${values.memory}Gi`,
    memoryLimit: `${values.memory}Gi`,
    datavols,
  };
  if (workspace) body.workspace = workspace;
  return { problems, body };
}
