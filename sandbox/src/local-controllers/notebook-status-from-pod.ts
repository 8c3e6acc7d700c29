import { isDeepStrictEqual } from 'node:util';
import type { Condition, ContainerState, Notebook, Pod } from '../../../backend/src/k8s/types.ts';
import type { StatefulSet } from './notebook-workload.ts';

export interface NotebookStatus {
  readyReplicas: number;
  containerState: ContainerState;
  conditions: Condition[];
}

interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string | null;
}

interface ContainerStatus {
  name: string;
  state?: ContainerState;
}

/**
 * The Notebook status the Kubeflow notebook controller writes (kubeflow/notebooks
 * `createNotebookStatus`): `readyReplicas` from the StatefulSet, `containerState` from the container
 * named after the notebook in pod `<name>-0`, and the pod's conditions mirrored. Without a pod (or a
 * pod with no status yet) both are empty. Unlike upstream, a condition with no probe time keeps its
 * transition time instead of "now", so that an unchanged pod never rewrites the status.
 */
export function notebookStatusFromPod(notebook: Notebook, statefulSet?: StatefulSet, pod?: Pod): NotebookStatus {
  const status: NotebookStatus = {
    readyReplicas: statefulSet?.status?.readyReplicas ?? 0,
    containerState: {},
    conditions: [],
  };
  const podStatus = pod?.status as { conditions?: PodCondition[]; containerStatuses?: ContainerStatus[] } | undefined;
  if (!podStatus) return status;
  const container = podStatus.containerStatuses?.find((c) => c.name === notebook.metadata.name);
  if (container?.state) status.containerState = structuredClone(container.state);
  status.conditions = (podStatus.conditions ?? []).map((c) => {
    const condition: Condition = { type: c.type, status: c.status };
    if (c.reason) condition.reason = c.reason;
    if (c.message) condition.message = c.message;
    const probed = c.lastProbeTime ?? c.lastTransitionTime;
    if (probed) condition.lastProbeTime = probed;
    if (c.lastTransitionTime) condition.lastTransitionTime = c.lastTransitionTime;
    return condition;
  });
  return status;
}

/** True when the Notebook already carries this status (absent fields read as empty). */
export function statusIsCurrent(notebook: Notebook, desired: NotebookStatus): boolean {
  const current = notebook.status ?? {};
  return isDeepStrictEqual(
    {
      readyReplicas: current.readyReplicas ?? 0,
      containerState: current.containerState ?? {},
      conditions: current.conditions ?? [],
    },
    desired,
  );
}

/**
 * A JSON merge patch that turns `current` into `desired`. A merge patch keeps every key it does not
 * name, so keys that must go (a container state that moved on from waiting to running) are nulled.
 */
export function mergePatchBetween(current: unknown, desired: unknown): unknown {
  if (!isPlainObject(current) || !isPlainObject(desired)) return desired;
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(current)) if (!(key in desired)) patch[key] = null;
  for (const [key, value] of Object.entries(desired)) {
    if (!isDeepStrictEqual(current[key], value)) patch[key] = mergePatchBetween(current[key], value);
  }
  return patch;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
