import type { ImageGroupConfig, SpawnerConfig } from '../api/types.ts';

export const SERVER_TYPES = ['jupyter', 'group-one', 'group-two', 'group-three', 'sas'] as const;
export type ServerType = (typeof SERVER_TYPES)[number];

const DEFAULT_NAMES: Record<ServerType, string> = {
  jupyter: 'JupyterLab',
  'group-one': 'VS Code',
  'group-two': 'RStudio',
  'group-three': 'SAS',
  sas: 'SAS',
};

/** Extra words a filter box matches for each type (ui.md §2.1). */
const FILTER_WORDS: Record<ServerType, string> = {
  jupyter: 'jupyterlab',
  'group-one': 'vscode Visual Studio Code',
  'group-two': 'rstudio',
  'group-three': 'sas',
  sas: 'sas',
};

export function normaliseServerType(type: string | undefined): ServerType {
  return (SERVER_TYPES as readonly string[]).includes(type ?? '') ? (type as ServerType) : 'jupyter';
}

/** Icon path relative to <base href>; deployers may override these files. */
export function serverTypeIcon(type: string): string {
  const t = normaliseServerType(type);
  const file = t === 'jupyter' ? 'jupyter' : t === 'sas' ? 'group-three' : t;
  return `static/assets/logos/${file}-icon.svg`;
}

export function serverTypeName(type: string, config: SpawnerConfig | undefined, lang: string): string {
  const t = normaliseServerType(type);
  const names = config?.serverTypeNames?.[t];
  return names?.[lang] ?? names?.en ?? DEFAULT_NAMES[t];
}

export function serverTypeFilterText(type: string, config: SpawnerConfig | undefined, lang: string): string {
  const t = normaliseServerType(type);
  return `${FILTER_WORDS[t]} ${serverTypeName(t, config, lang)}`;
}

/** The config key holding a server type's images. `sas` falls back to imageGroupThree. */
export function imageGroup(config: SpawnerConfig, type: ServerType): ImageGroupConfig | undefined {
  switch (type) {
    case 'jupyter':
      return config.image;
    case 'group-one':
      return config.imageGroupOne;
    case 'group-two':
      return config.imageGroupTwo;
    case 'group-three':
      return config.imageGroupThree;
    case 'sas':
      return config.imageSas;
  }
}

/** Server types with an image group in the config, in tile order. */
export function availableServerTypes(config: SpawnerConfig): ServerType[] {
  return SERVER_TYPES.filter((t) => imageGroup(config, t) !== undefined);
}

/** A group gated by `enabledCondition` is enabled only when every label matches the namespace's. */
export function serverTypeEnabled(
  group: ImageGroupConfig | undefined,
  namespaceLabels: Record<string, string> | undefined,
) {
  const wanted = group?.enabledCondition?.labels;
  if (!wanted || Object.keys(wanted).length === 0) return true;
  if (!namespaceLabels) return false;
  return Object.entries(wanted).every(([k, v]) => namespaceLabels[k] === v);
}

/** Activity is not tracked for these types (status.md §5.1). */
export function activityTracked(type: string): boolean {
  const t = normaliseServerType(type);
  return t !== 'group-one' && t !== 'group-two';
}
