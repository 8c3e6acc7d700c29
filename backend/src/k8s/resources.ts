/** The Kubernetes resources the app touches, and how their REST paths are built. */
export interface ResourceType {
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
}

export const NOTEBOOKS: ResourceType = {
  group: 'kubeflow.org',
  version: 'v1',
  resource: 'notebooks',
  namespaced: true,
};
export const PODDEFAULTS: ResourceType = {
  group: 'kubeflow.org',
  version: 'v1alpha1',
  resource: 'poddefaults',
  namespaced: true,
};
export const PVCVIEWERS: ResourceType = {
  group: 'kubeflow.org',
  version: 'v1alpha1',
  resource: 'pvcviewers',
  namespaced: true,
};
export const PODS: ResourceType = { group: '', version: 'v1', resource: 'pods', namespaced: true };
export const PVCS: ResourceType = { group: '', version: 'v1', resource: 'persistentvolumeclaims', namespaced: true };
export const EVENTS: ResourceType = { group: '', version: 'v1', resource: 'events', namespaced: true };
export const NAMESPACES: ResourceType = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };
export const NODES: ResourceType = { group: '', version: 'v1', resource: 'nodes', namespaced: false };
export const STORAGECLASSES: ResourceType = {
  group: 'storage.k8s.io',
  version: 'v1',
  resource: 'storageclasses',
  namespaced: false,
};
export const SUBJECTACCESSREVIEWS: ResourceType = {
  group: 'authorization.k8s.io',
  version: 'v1',
  resource: 'subjectaccessreviews',
  namespaced: false,
};
export const CUSTOMRESOURCEDEFINITIONS: ResourceType = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
  namespaced: false,
};

export interface ObjectRef {
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function resourcePath(type: ResourceType, ref: ObjectRef = {}): string {
  const base = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  let path = base;
  if (type.namespaced && ref.namespace) path += `/namespaces/${encodeURIComponent(ref.namespace)}`;
  path += `/${type.resource}`;
  if (ref.name) path += `/${encodeURIComponent(ref.name)}`;
  if (ref.subresource) path += `/${ref.subresource}`;
  return path;
}

/** `v1` for the core group, else `group/version`, as in our 403 messages. */
export function groupVersion(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}
