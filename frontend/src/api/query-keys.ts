/**
 * Query keys of the polled lists, in one place so that a live stream can write the same cache
 * entries (`client.setQueryData(queryKeys.notebooks([ns]), items)`).
 */
export const queryKeys = {
  notebooks: (namespaces: readonly string[]) => ['notebooks', ...namespaces] as const,
  pvcs: (namespaces: readonly string[]) => ['pvcs', ...namespaces] as const,
  notebook: (namespace: string, name: string) => ['notebook', namespace, name] as const,
  notebookPod: (namespace: string, name: string) => ['notebook-pod', namespace, name] as const,
  notebookEvents: (namespace: string, name: string) => ['notebook-events', namespace, name] as const,
  notebookLogs: (namespace: string, name: string, pod: string) => ['notebook-logs', namespace, name, pod] as const,
  podDefaults: (namespace: string) => ['poddefaults', namespace] as const,
  pvc: (namespace: string, name: string) => ['pvc', namespace, name] as const,
  pvcPods: (namespace: string, name: string) => ['pvc-pods', namespace, name] as const,
  pvcEvents: (namespace: string, name: string) => ['pvc-events', namespace, name] as const,
  cost: (namespace: string, window: string) => ['cost', namespace, window] as const,
  config: () => ['config'] as const,
  notebookForm: (namespace: string) => ['notebook-form', namespace] as const,
  notebookEdit: (namespace: string, name: string) => ['notebook-edit', namespace, name] as const,
};
