import { compareStrings } from '../compare.ts';
import type { Notebook } from '../k8s/types.ts';
import { DEFAULT_NOTEBOOK_LABEL } from './build-notebook.ts';
import { MAX_NAME_LENGTH } from './notebook-form.ts';
import { isObject } from '../is-object.ts';
import { dataVolumes, isReadOnly, workspaceVolume } from './spawner-form.ts';
import type { SpawnerFormDefaults } from '../config/spawner-config.ts';
import { substituteName } from '../api-volume.ts';

const SUFFIX_ROOM = 4; // "-999"

export function isDefaultNotebook(nb: Notebook): boolean {
  return nb.metadata.labels?.[DEFAULT_NOTEBOOK_LABEL] !== undefined;
}

/** The oldest notebook labelled as the default one (route 29). */
export function oldestDefaultNotebook(notebooks: readonly Notebook[]): Notebook | undefined {
  return notebooks
    .filter((nb) => nb.metadata.labels?.[DEFAULT_NOTEBOOK_LABEL] === 'true')
    .sort((a, b) => {
      const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
      const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
      return ta - tb || compareStrings(a.metadata.name ?? '', b.metadata.name ?? '');
    })[0];
}

/** The first free name among `base`, `base-1`, `base-2`, … */
export function firstFree(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 1; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** `<ns>-notebook`, cut so that it and a suffix fit in 52 characters. */
export function defaultNotebookBase(namespace: string): string {
  return `${namespace}-notebook`.slice(0, MAX_NAME_LENGTH - SUFFIX_ROOM).replace(/-+$/, '');
}

/**
 * The create body of route 28: config values only, language en, no workspace, and the configured
 * data volumes with each PVC name made free (notebook-from-form.md §9).
 */
export function defaultNotebookBody(
  name: string,
  config: SpawnerFormDefaults,
  existingPvcs: ReadonlySet<string>,
  withWorkspace = false,
): Record<string, unknown> {
  const body: Record<string, unknown> = { name, serverType: 'jupyter', language: 'en' };
  const taken = new Set(existingPvcs);
  const configWorkspace = workspaceVolume(config);
  if (withWorkspace && configWorkspace && !isReadOnly(config, 'workspaceVolume')) {
    // DEFAULT_NOTEBOOK_WORKSPACE: the config workspace, named <name>-workspace (or -1, -2… when taken).
    const ws = structuredClone(configWorkspace);
    const meta = isObject(ws.newPvc) && isObject(ws.newPvc.metadata) ? ws.newPvc.metadata : undefined;
    if (meta) {
      const free = firstFree(`${name}-workspace`, taken);
      taken.add(free);
      meta.name = free;
      delete meta.generateName;
    }
    body.workspace = ws;
  } else if (!isReadOnly(config, 'workspaceVolume')) body.noWorkspace = true;
  if (!isReadOnly(config, 'dataVolumes')) {
    body.datavols = dataVolumes(config).map((raw) => {
      const vol = structuredClone(raw);
      const pvc = isObject(vol.newPvc) ? vol.newPvc : undefined;
      const meta = pvc && isObject(pvc.metadata) ? pvc.metadata : undefined;
      if (meta && typeof meta.name === 'string' && meta.name) {
        const free = firstFree(substituteName(meta.name, name), taken);
        taken.add(free);
        meta.name = free;
      }
      return vol;
    });
  }
  return body;
}
