import type { NotebookListItem } from '@jupyter-apis/contract';
import type { SpawnerFormDefaults } from '../config/spawner-config.ts';
import { GIBI, Quantity } from '../quantity.ts';
import { withoutManagedFields, type Container, type KubeEvent, type Notebook } from '../k8s/types.ts';
import { notebookStatus } from './notebook-status.ts';
import { gpuVendors } from './spawner-form.ts';

export const SERVER_TYPE_ANNOTATION = 'notebooks.kubeflow.org/server-type';
export const LAST_ACTIVITY_ANNOTATION = 'notebooks.kubeflow.org/last-activity';

/** The container whose name is the notebook's, else the first one, else none. */
export function notebookContainer(nb: Notebook): Container | undefined {
  const containers = nb.spec?.template?.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) return undefined;
  return containers.find((c) => c?.name === nb.metadata.name) ?? containers[0];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** `{count, message}` for the configured vendors found in the container's limits, else requests. */
export function gpuSummary(container: Container | undefined, config: SpawnerFormDefaults) {
  const limits = container?.resources?.limits ?? {};
  const requests = container?.resources?.requests ?? {};
  let count = 0;
  const parts: string[] = [];
  for (const vendor of gpuVendors(config)) {
    const raw = limits[vendor.limitsKey] ?? requests[vendor.limitsKey];
    if (raw === undefined) continue;
    const n = Number.parseInt(text(raw), 10);
    if (!Number.isFinite(n)) continue;
    count += n;
    parts.push(`${n} ${vendor.uiName || vendor.limitsKey}`);
  }
  return { count, message: parts.join(', ') };
}

export function notebookListItem(
  nb: Notebook,
  events: readonly KubeEvent[],
  config: SpawnerFormDefaults,
  now?: number,
): NotebookListItem {
  const container = notebookContainer(nb);
  const annotations = nb.metadata.annotations ?? {};
  const image = text(container?.image);
  const lastActivity = text(annotations[LAST_ACTIVITY_ANNOTATION]);
  const volumes = nb.spec?.template?.spec?.volumes;
  return {
    name: nb.metadata.name ?? '',
    namespace: nb.metadata.namespace ?? '',
    serverType: text(annotations[SERVER_TYPE_ANNOTATION]),
    age: text(nb.metadata.creationTimestamp),
    last_activity: lastActivity,
    lastActivity,
    image,
    shortImage: image.slice(image.lastIndexOf('/') + 1),
    cpu: text(container?.resources?.requests?.cpu),
    memory: text(container?.resources?.requests?.memory),
    cpuLimit: text(container?.resources?.limits?.cpu),
    memoryLimit: text(container?.resources?.limits?.memory),
    gpus: gpuSummary(container, config),
    volumes: Array.isArray(volumes) ? volumes.map((v) => text(v?.name)) : [],
    status: notebookStatus(nb, events, now),
    labels: { ...(nb.metadata.labels ?? {}) },
    metadata: withoutManagedFields(nb).metadata as NotebookListItem['metadata'],
  };
}

/** Exact for any whole number of Mi (memory) or nanocores (CPU); longer fractions are rounded. */
function decimal(value: unknown, divisor: bigint, maxDecimals: number): string {
  const q = Quantity.parse(text(value));
  return q ? q.toDecimal(divisor, maxDecimals) : '0';
}

/** `{cpu, cpuLimit, memory, memoryLimit}` in cores and GiB (StatCan aaw2.0), "0" when absent. */
export function formattedResources(nb: Notebook) {
  const resources = notebookContainer(nb)?.resources;
  return {
    cpu: decimal(resources?.requests?.cpu, 1n, 9),
    cpuLimit: decimal(resources?.limits?.cpu, 1n, 9),
    memory: decimal(resources?.requests?.memory, GIBI, 10),
    memoryLimit: decimal(resources?.limits?.memory, GIBI, 10),
  };
}
