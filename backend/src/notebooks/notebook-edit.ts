import { conflict, invalidRequest, type FieldError } from '../errors.ts';
import { isKubeError } from '../k8s/kube-error.ts';
import type { Notebook, Volume, VolumeMount } from '../k8s/types.ts';
import { podVolume } from './build-notebook.ts';
import { checkVolumeSet, type FormContext } from './notebook-form.ts';
import { notebookContainer } from './notebook-item.ts';
import { createPvcs, pvcConflicts, rollbackPvcs, type CreatedPvc, type CreationDeps } from './notebook-creation.ts';
import { resolveResource } from './resources-form.ts';
import { isObject } from '../is-object.ts';
import { isReadOnly, resourceConfig } from './spawner-form.ts';
import { freshNotebook } from './start-stop.ts';
import { resolveVolume, type ResolvedVolume } from '../api-volume.ts';
import type { NotebookForm } from './notebook-form.ts';

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

export interface EditPlan {
  /** The object to PUT (a copy of the fresh read, with its resourceVersion). */
  notebook: Notebook;
  /** New PVC volumes to create first, with their body paths. */
  newVolumes: ResolvedVolume[];
}

/**
 * Applies an edit body (notebook-from-form.md §8) to a copy of the notebook: resources, and when
 * `workspace` or `datavols` is given, its PVC-backed volumes. Pure; `claimNames` gives final names.
 */
export function planEdit(
  current: Notebook,
  bodyRaw: unknown,
  ctx: FormContext,
  errors: FieldError[],
): EditPlan | undefined {
  if (!isObject(bodyRaw)) {
    errors.push({ field: '', message: 'The request body must be a JSON object.' });
    return undefined;
  }
  const body = bodyRaw;
  const nb = structuredClone(current);
  const name = nb.metadata.name ?? '';
  const container = notebookContainer(nb);
  if (!container) {
    errors.push({ field: '', message: `Notebook '${name}' has no container to edit.` });
    return undefined;
  }
  const res = container.resources ?? {};
  const currentOf = (key: 'cpu' | 'memory') =>
    res.requests?.[key] ? { request: res.requests[key], limit: res.limits?.[key] } : undefined;
  const cpu = resolveResource(body, 'cpu', resourceConfig(ctx.config, 'cpu'), errors, currentOf('cpu'));
  const memory = resolveResource(body, 'memory', resourceConfig(ctx.config, 'memory'), errors, currentOf('memory'));
  const requests = { ...(res.requests ?? {}) };
  const limits = { ...(res.limits ?? {}) };
  for (const [key, value] of [
    ['cpu', cpu],
    ['memory', memory],
  ] as const) {
    if (!value) continue;
    requests[key] = value.request;
    if (value.limit) limits[key] = value.limit;
    else delete limits[key];
  }
  container.resources =
    Object.keys(limits).length > 0 ? { ...res, requests, limits } : { ...res, requests, limits: undefined };
  if (!container.resources.limits) delete container.resources.limits;

  const newVolumes: ResolvedVolume[] = [];
  for (const [field, key] of [
    ['workspace', 'workspaceVolume'],
    ['datavols', 'dataVolumes'],
  ] as const) {
    if (present(body[field]) && isReadOnly(ctx.config, key)) {
      errors.push({ field, message: `'${field}' is read-only; remove it or send the configured value.` });
    }
  }
  if (present(body.workspace) || present(body.datavols)) {
    const vctx = {
      notebookName: name,
      allowedSources: ['persistentVolumeClaim'],
      mountPathPrefixes: ctx.mountPathPrefixes,
      defaultMount: '/home/jovyan',
    };
    const workspace = present(body.workspace) ? resolveVolume(body.workspace, 'workspace', vctx, errors) : undefined;
    const datavols: ResolvedVolume[] = [];
    if (present(body.datavols) && !Array.isArray(body.datavols))
      errors.push({ field: 'datavols', message: 'datavols must be a list of volumes.' });
    if (Array.isArray(body.datavols)) {
      body.datavols.forEach((raw, i) => {
        const v = resolveVolume(raw, `datavols[${i}]`, { ...vctx, defaultMount: undefined }, errors);
        if (v) datavols.push(v);
      });
    }
    const podSpec = nb.spec?.template?.spec ?? {};
    const volumes: Volume[] = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
    const kept = volumes.filter((v) => !v.persistentVolumeClaim);
    const keptNames = new Set(kept.map((v) => v.name));
    const mounts: VolumeMount[] = (container.volumeMounts ?? []).filter((m) => keptNames.has(m.name));
    const given = [...(workspace ? [workspace] : []), ...datavols];
    // Kept mounts take part in the uniqueness check as if they were volumes of their own.
    const keptAsVolumes: ResolvedVolume[] = mounts.map((m) => ({
      field: `volumes.${m.name}`,
      mount: m.mountPath,
      readOnly: false,
    }));
    checkVolumeSet(undefined, [...keptAsVolumes, ...given], ctx, false, errors);
    newVolumes.push(...given.filter((v) => v.newPvc));
    if (errors.length === 0) {
      const built = given.map((v) =>
        podVolume(v.newPvc ? { ...v, claimName: v.claimName ?? v.newPvc.metadata.name } : v, () => ''),
      );
      podSpec.volumes = [...built.map((b) => b.volume), ...kept];
      container.volumeMounts = [...built.map((b) => b.mount), ...mounts];
    }
  }
  return errors.length === 0 ? { notebook: nb, newVolumes } : undefined;
}

const CONCURRENT = 'Notebook was modified concurrently, reload and retry.';

/** Route 27: validate, dry-run, create new PVCs, then replace the notebook with its original resourceVersion. */
export async function editNotebook(deps: CreationDeps, ctx: FormContext, name: string, body: unknown): Promise<void> {
  const current = await freshNotebook(deps.apis, ctx.namespace, name);
  if (current.metadata.deletionTimestamp) throw conflict(`Notebook ${ctx.namespace}/${name} is being deleted.`);
  const errors: FieldError[] = [];
  const plan = planEdit(current, body, ctx, errors);
  if (!plan) throw invalidRequest(errors);
  const conflicts = pvcConflicts(plan.newVolumes, ctx.existingPvcs);
  if (conflicts.length > 0) throw conflict(conflicts.map((c) => c.message).join(' '), conflicts);
  // generateName is not offered in edit: names must be known for the replace.
  for (const v of plan.newVolumes) {
    if (!v.newPvc?.metadata.name)
      throw invalidRequest([
        { field: `${v.field}.newPvc.metadata.name`, message: 'An edit needs PVC names, not generateName.' },
      ]);
  }
  const form = { namespace: ctx.namespace, workspace: undefined, datavols: plan.newVolumes } as unknown as NotebookForm;
  await createPvcs(deps, form, true, []);
  const replace = async (dryRun: boolean) => {
    try {
      await deps.apis.notebooks.replace(ctx.namespace, name, plan.notebook, { dryRun });
    } catch (err) {
      if (isKubeError(err, 'conflict')) throw conflict(CONCURRENT);
      throw err;
    }
  };
  await replace(true);
  const created: CreatedPvc[] = [];
  try {
    await createPvcs(deps, form, false, created);
    await replace(false);
  } catch (err) {
    await rollbackPvcs(deps, ctx.namespace, created);
    throw err;
  }
}
