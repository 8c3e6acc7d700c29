import type {
  AppInfo,
  CostAllocation,
  KubeEvent,
  NamespaceObject,
  NewVolumeBody,
  Notebook,
  NotebookBody,
  NotebookListItem,
  PersistentVolumeClaim,
  Pod,
  PodDefault,
  PvcListItem,
  SpawnerConfig,
} from './types.ts';
import type { NotebookEditBody } from '../concepts/notebook-edit.ts';
import { requestJson } from './http-client.ts';

type Signal = AbortSignal | undefined;
const ns = (namespace: string) => `api/namespaces/${encodeURIComponent(namespace)}`;
const nb = (namespace: string, name: string) => `${ns(namespace)}/notebooks/${encodeURIComponent(name)}`;
const pvc = (namespace: string, name: string) => `${ns(namespace)}/pvcs/${encodeURIComponent(name)}`;

/** Every call of the public HTTP API the UI makes (api.md §2), relative to <base href>. */
export const api = {
  info: (signal?: Signal) => requestJson<{ info: AppInfo; user: string | null }>('info', { signal }).then((r) => r),
  config: (signal?: Signal) => requestJson<{ config: SpawnerConfig }>('api/config', { signal }).then((r) => r.config),
  gpus: (signal?: Signal) => requestJson<{ vendors: string[] }>('api/gpus', { signal }).then((r) => r.vendors),
  storageClasses: (signal?: Signal) =>
    requestJson<{ storageClasses: string[] }>('api/storageclasses', { signal }).then((r) => r.storageClasses),
  defaultStorageClass: (signal?: Signal) =>
    requestJson<{ defaultStorageClass: string }>('api/storageclasses/default', { signal }).then(
      (r) => r.defaultStorageClass,
    ),
  namespaces: (signal?: Signal) =>
    requestJson<{ namespaces: string[] }>('api/namespaces', { signal }).then((r) => r.namespaces),
  namespace: (namespace: string, signal?: Signal) =>
    requestJson<{ namespace: NamespaceObject }>(ns(namespace), { signal }).then((r) => r.namespace),

  notebooks: (namespace: string, signal?: Signal) =>
    requestJson<{ notebooks: NotebookListItem[] }>(`${ns(namespace)}/notebooks`, { signal }).then((r) => r.notebooks),
  notebook: (namespace: string, name: string, signal?: Signal) =>
    requestJson<{ notebook: Notebook }>(nb(namespace, name), { signal }).then((r) => r.notebook),
  notebookPod: (namespace: string, name: string, signal?: Signal) =>
    requestJson<{ pod: Pod }>(`${nb(namespace, name)}/pod`, { signal }).then((r) => r.pod),
  notebookLogs: (namespace: string, name: string, pod: string, signal?: Signal) =>
    requestJson<{ logs: string[] }>(`${nb(namespace, name)}/pod/${encodeURIComponent(pod)}/logs`, { signal }).then(
      (r) => r.logs,
    ),
  notebookEvents: (namespace: string, name: string, signal?: Signal) =>
    requestJson<{ events: KubeEvent[] }>(`${nb(namespace, name)}/events`, { signal }).then((r) => r.events),
  createNotebook: (namespace: string, body: NotebookBody) =>
    requestJson<{ message: string }>(`${ns(namespace)}/notebooks`, { method: 'POST', body }),
  editNotebook: (namespace: string, name: string, body: NotebookEditBody) =>
    requestJson<{ message: string }>(nb(namespace, name), { method: 'POST', body }),
  deleteNotebook: (namespace: string, name: string) =>
    requestJson<{ message: string }>(nb(namespace, name), { method: 'DELETE' }),
  setNotebookStopped: (namespace: string, name: string, stopped: boolean) =>
    requestJson<unknown>(nb(namespace, name), { method: 'PATCH', body: { stopped } }),

  keepAlive: (namespace: string, name: string, hours: number) =>
    requestJson<unknown>(`${nb(namespace, name)}/keepalive/${hours}`, { method: 'PATCH', body: {} }),

  pvcs: (namespace: string, signal?: Signal) =>
    requestJson<{ pvcs: PvcListItem[] }>(`${ns(namespace)}/pvcs`, { signal }).then((r) => r.pvcs),
  pvc: (namespace: string, name: string, signal?: Signal) =>
    requestJson<{ pvc: PersistentVolumeClaim; notebooks: string[] }>(pvc(namespace, name), { signal }),
  pvcPods: (namespace: string, name: string, signal?: Signal) =>
    requestJson<{ pods: Pod[] }>(`${pvc(namespace, name)}/pods`, { signal }).then((r) => r.pods),
  pvcEvents: (namespace: string, name: string, signal?: Signal) =>
    requestJson<{ events: KubeEvent[] }>(`${pvc(namespace, name)}/events`, { signal }).then((r) => r.events),
  createPvc: (namespace: string, body: NewVolumeBody) =>
    requestJson<{ message: string }>(`${ns(namespace)}/pvcs`, { method: 'POST', body }),
  deletePvc: (namespace: string, name: string) =>
    requestJson<{ message: string }>(pvc(namespace, name), { method: 'DELETE' }),

  openViewer: (namespace: string, pvcName: string) =>
    requestJson<{ message: string }>(`${ns(namespace)}/viewers`, { method: 'POST', body: { name: pvcName } }),
  closeViewer: (namespace: string, viewer: string) =>
    requestJson<{ message: string }>(`${ns(namespace)}/viewers/${encodeURIComponent(viewer)}`, { method: 'DELETE' }),

  podDefaults: (namespace: string, signal?: Signal) =>
    requestJson<{ poddefaults: PodDefault[] }>(`${ns(namespace)}/poddefaults`, { signal }).then((r) => r.poddefaults),
  cost: (namespace: string, window: string, signal?: Signal) =>
    requestJson<CostAllocation>(`${ns(namespace)}/cost/allocation?window=${encodeURIComponent(window)}`, { signal }),
};
