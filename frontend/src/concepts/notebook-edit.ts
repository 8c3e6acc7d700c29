import type { Notebook, NotebookBody, SpawnerConfig } from '../api/types.ts';
import {
  buildNotebookBody,
  DEFAULT_MOUNT,
  existingVolumeDraft,
  initialFormState,
  validateForm,
  type FormIssues,
  type NotebookFormState,
  type VolumeDraft,
} from './notebook-form.ts';

/** What the edit page changes (notebook-from-form.md §8): resources and PVC-backed volumes. */
export type NotebookEditBody = Pick<
  NotebookBody,
  'cpu' | 'cpuLimit' | 'memory' | 'memoryLimit' | 'workspace' | 'datavols'
>;

const EDITABLE = new Set(['cpu', 'cpuLimit', 'memory', 'memoryLimit', 'workspace', 'datavols']);

/** The form state for editing: resources from `formatted_resources`, PVC volumes as existing claims. */
export function editStateFromNotebook(notebook: Notebook, config: SpawnerConfig, lang: string): NotebookFormState {
  const name = notebook.metadata.name ?? '';
  const res = notebook.formatted_resources;
  const spec = notebook.spec.template.spec;
  const container = spec.containers.find((c) => c.name === name) ?? spec.containers[0];
  const mounts = new Map((container?.volumeMounts ?? []).map((m) => [m.name, m.mountPath]));
  let workspace: VolumeDraft | null = null;
  const datavols: VolumeDraft[] = [];
  for (const volume of spec.volumes ?? []) {
    const claim = volume.persistentVolumeClaim;
    if (!claim) continue;
    const mount = mounts.get(volume.name) ?? '';
    const draft = {
      ...existingVolumeDraft(mount, true),
      claimName: claim.claimName,
      readOnly: claim.readOnly ?? false,
    };
    if (mount === DEFAULT_MOUNT && !workspace) workspace = draft;
    else datavols.push(draft);
  }
  const nonZero = (v: string | undefined) => (v && v !== '0' ? v : '');
  return {
    ...initialFormState(config, lang),
    name,
    cpu: nonZero(res?.cpu),
    cpuLimit: nonZero(res?.cpuLimit),
    cpuLimitEdited: true,
    memory: nonZero(res?.memory),
    memoryLimit: nonZero(res?.memoryLimit),
    memoryLimitEdited: true,
    workspace,
    datavols,
  };
}

/** The edit body: the create body restricted to the editable keys, readOnly fields still omitted. */
export function buildEditBody(state: NotebookFormState, config: SpawnerConfig, namespace: string): NotebookEditBody {
  const full = buildNotebookBody(state, config, namespace) as unknown as Record<string, unknown>;
  const body = Object.fromEntries(Object.entries(full).filter(([k]) => EDITABLE.has(k))) as NotebookEditBody;
  // Removing the workspace panel must reach the server, so datavols is always sent with it.
  if (!config.dataVolumes?.readOnly) body.datavols ??= [];
  return body;
}

/** The create form's checks on the editable fields only. */
export function validateEdit(state: NotebookFormState, config: SpawnerConfig): FormIssues {
  const all = validateForm({ ...state, customImageCheck: false, gpuNum: 'none' }, config, []);
  return Object.fromEntries(Object.entries(all).filter(([field]) => EDITABLE.has(field.replace(/[.[].*$/, ''))));
}
