import { AppError, conflict, invalidRequest, type FieldError } from '../errors.ts';
import type { ClusterReader } from '../k8s/cluster-reader.ts';
import type { KubeApis } from '../k8s/kube-apis.ts';
import { isKubeError, KubeError } from '../k8s/kube-error.ts';
import type { Notebook, PersistentVolumeClaim } from '../k8s/types.ts';
import { podDefaultLabel } from '../poddefaults/poddefault-item.ts';
import type { Settings } from '../config/settings.ts';
import type { SpawnerFormDefaults } from '../config/spawner-config.ts';
import { buildNotebook, newPvcsOf, pvcObject, type BuildOptions } from './build-notebook.ts';
import type { FormContext, NotebookForm } from './notebook-form.ts';
import { shmSizeLimit } from './spawner-form.ts';
import type { ResolvedVolume } from '../api-volume.ts';

export interface CreationDeps {
  apis: KubeApis;
  reader: ClusterReader;
  settings: Settings;
  log?: { warn(obj: unknown, msg: string): void; error(obj: unknown, msg: string): void };
}

/** The cluster facts validation needs: namespace labels, PVC names, PodDefault labels. */
export async function loadFormContext(
  deps: CreationDeps,
  namespace: string,
  config: SpawnerFormDefaults,
): Promise<FormContext> {
  const [ns, pvcs, podDefaults] = await Promise.all([
    deps.reader.getNamespace(namespace),
    deps.reader.listPvcs(namespace),
    deps.reader.listPodDefaults(namespace),
  ]);
  const podDefaultLabels = new Map<string, string>();
  for (const pd of podDefaults) {
    const label = podDefaultLabel(pd);
    if (label && !podDefaultLabels.has(label))
      podDefaultLabels.set(label, pd.spec?.selector?.matchLabels?.[label] ?? 'true');
  }
  return {
    namespace,
    config,
    namespaceLabels: { ...(ns?.metadata.labels ?? {}) },
    existingPvcs: new Set(pvcs.map((p) => p.metadata.name ?? '')),
    podDefaultLabels,
    allowedVolumeSources: deps.settings.allowedVolumeSources,
    mountPathPrefixes: deps.settings.mountPathPrefixes,
  };
}

export function buildOptionsFor(
  settings: Settings,
  user: string | null,
  config: SpawnerFormDefaults,
): BuildOptions & { shmSizeLimit?: string } {
  return {
    creator: user ?? 'anonymous@kubeflow.org',
    serviceAccount: settings.notebookServiceAccount,
    extraLabels: settings.notebookExtraLabels,
    serverTypeAnnotations: settings.serverTypeAnnotations,
    shmSizeLimit: shmSizeLimit(config),
  };
}

/** Field errors for new PVCs whose name is taken. */
export function pvcConflicts(volumes: readonly ResolvedVolume[], existing: ReadonlySet<string>): FieldError[] {
  return volumes
    .filter((v) => v.newPvc?.metadata.name && existing.has(v.newPvc.metadata.name))
    .map((v) => ({
      field: `${v.field}.newPvc.metadata.name`,
      message: `PVC '${v.newPvc!.metadata.name}' already exists.`,
    }));
}

async function notebookExists(apis: KubeApis, namespace: string, name: string): Promise<boolean> {
  try {
    await apis.notebooks.get(namespace, name);
    return true;
  } catch (err) {
    if (isKubeError(err, 'notFound')) return false;
    throw err;
  }
}

/** Turns a dry-run/create failure of a PVC into a failure pointing at that volume of the body. */
function pvcFailure(err: unknown, v: ResolvedVolume): unknown {
  if (!(err instanceof KubeError)) return err;
  if (err.kind === 'invalid') {
    const causes = err.causes.length > 0 ? err.causes : [{ field: '', message: err.message }];
    return invalidRequest(
      causes.map((c) => ({
        field: c.field ? `${v.field}.newPvc.${c.field}` : `${v.field}.newPvc`,
        message: c.message ?? err.message,
      })),
    );
  }
  if (err.kind === 'alreadyExists') {
    const name = v.newPvc?.metadata.name ?? '';
    return conflict(`PVC '${name}' already exists.`, [
      { field: `${v.field}.newPvc.metadata.name`, message: `PVC '${name}' already exists.` },
    ]);
  }
  return err;
}

function notebookFailure(err: unknown, name: string): unknown {
  if (isKubeError(err, 'alreadyExists')) return conflict(`Notebook '${name}' already exists.`);
  return err;
}

/**
 * Step 1 of notebook-from-form.md §6: validation problems and name conflicts together give 400;
 * conflicts alone give 409.
 */
export async function checkConflicts(
  deps: CreationDeps,
  form: NotebookForm | undefined,
  errors: FieldError[],
  ctx: FormContext,
  notebookName: string,
): Promise<void> {
  const all = [...errors];
  const conflicts: FieldError[] = [];
  if (notebookName && (await notebookExists(deps.apis, ctx.namespace, notebookName))) {
    conflicts.push({ field: 'name', message: `Notebook '${notebookName}' already exists.` });
  }
  if (form) conflicts.push(...pvcConflicts(newPvcsOf(form), ctx.existingPvcs));
  if (all.length > 0) throw invalidRequest([...all, ...conflicts]);
  if (conflicts.length > 0) {
    throw conflict(
      conflicts[0]!.field === 'name' ? conflicts[0]!.message : conflicts.map((c) => c.message).join(' '),
      conflicts,
    );
  }
}

/** Copies the form with each new PVC's final name (from a dry-run or the real create). */
function withClaimNames(form: NotebookForm, names: Map<ResolvedVolume, string>): NotebookForm {
  const named = (v: ResolvedVolume): ResolvedVolume => (names.has(v) ? { ...v, claimName: names.get(v) } : v);
  return { ...form, workspace: form.workspace && named(form.workspace), datavols: form.datavols.map(named) };
}

export interface CreatedPvc {
  name: string;
  uid: string;
}

/** Deletes the PVCs this request created; returns the names that could not be deleted. */
export async function rollbackPvcs(
  deps: CreationDeps,
  namespace: string,
  created: readonly CreatedPvc[],
): Promise<string[]> {
  const left: string[] = [];
  for (const pvc of created) {
    try {
      await deps.apis.pvcs.delete(namespace, pvc.name, { preconditions: { uid: pvc.uid } });
    } catch (err) {
      if (isKubeError(err, 'notFound')) continue;
      deps.log?.error({ pvc: pvc.name, err: err instanceof Error ? err.message : String(err) }, 'PVC rollback failed');
      left.push(pvc.name);
    }
  }
  return left;
}

/** The failing step's error, with the volumes a failed rollback left behind appended. */
function withLeftBehind(err: unknown, left: string[]): unknown {
  if (left.length === 0) return err;
  const suffix = ` Volumes left behind: ${left.join(', ')}.`;
  if (err instanceof AppError) return new AppError(err.kind, `${err.message}${suffix}`, err.fieldErrors);
  if (err instanceof KubeError)
    return new KubeError(err.kind, err.code, err.reason, `${err.message}${suffix}`, err.causes);
  return err;
}

/** Dry-runs then creates the new PVCs of `form` one by one, rolling back on failure. */
export async function createPvcs(
  deps: CreationDeps,
  form: NotebookForm,
  dryRun: boolean,
  created: CreatedPvc[],
): Promise<Map<ResolvedVolume, string>> {
  const names = new Map<ResolvedVolume, string>();
  for (const v of newPvcsOf(form)) {
    let result: PersistentVolumeClaim;
    try {
      result = await deps.apis.pvcs.create(form.namespace, pvcObject(v, form.namespace), { dryRun });
    } catch (err) {
      throw pvcFailure(err, v);
    }
    names.set(v, result.metadata.name ?? v.newPvc!.metadata.name ?? '');
    if (!dryRun) created.push({ name: result.metadata.name ?? '', uid: result.metadata.uid ?? '' });
  }
  return names;
}

/**
 * All-or-nothing creation (notebook-from-form.md §6 steps 2–5): dry-run every PVC, then the Notebook
 * with its volumes; create the PVCs, then the Notebook; on failure delete the PVCs created here.
 */
export async function createNotebookAndPvcs(
  deps: CreationDeps,
  form: NotebookForm,
  options: BuildOptions & { shmSizeLimit?: string },
): Promise<Notebook> {
  const dryNames = await createPvcs(deps, form, true, []);
  try {
    await deps.apis.notebooks.create(form.namespace, buildNotebook(withClaimNames(form, dryNames), options), {
      dryRun: true,
    });
  } catch (err) {
    throw notebookFailure(err, form.name);
  }
  const created: CreatedPvc[] = [];
  try {
    const names = await createPvcs(deps, form, false, created);
    return await deps.apis.notebooks.create(form.namespace, buildNotebook(withClaimNames(form, names), options));
  } catch (err) {
    const left = await rollbackPvcs(deps, form.namespace, created);
    throw withLeftBehind(notebookFailure(err, form.name), left);
  }
}

/** Whether a create body (or a readOnly config volume) asks for new PVCs: the route then needs `create pvcs`. */
export function asksForNewPvcs(body: unknown, config: SpawnerFormDefaults): boolean {
  const hasNew = (v: unknown) =>
    typeof v === 'object' && v !== null && 'newPvc' in v && (v as { newPvc: unknown }).newPvc != null;
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const cfgSection = (k: string) => (config[k] as { readOnly?: unknown; value?: unknown } | undefined) ?? {};
  if (cfgSection('workspaceVolume').readOnly === true && hasNew(cfgSection('workspaceVolume').value)) return true;
  if (cfgSection('dataVolumes').readOnly === true && Array.isArray(cfgSection('dataVolumes').value)) {
    if (
      (cfgSection('dataVolumes').value as unknown[]).some(
        (v) => hasNew(v) || (typeof v === 'object' && v !== null && hasNew((v as { value?: unknown }).value)),
      )
    )
      return true;
  }
  if (b.noWorkspace !== true && hasNew(b.workspace)) return true;
  return Array.isArray(b.datavols) && b.datavols.some(hasNew);
}
