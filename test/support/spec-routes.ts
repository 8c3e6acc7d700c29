/**
 * The route table of api.md §2, as data: what each route is, and which SubjectAccessReview guards
 * it. Security tests iterate over it so a route the spec lists cannot silently escape them.
 * Paths are in Fastify's pattern syntax; parameter names follow the app's convention.
 */
export type SpecAccess =
  | { public: true }
  /** Route 6: any user; the answer is filtered by what they may see. */
  | { anyUser: true }
  | { sar: SpecSar };

/** The first SubjectAccessReview of a route; `nameParam` is the path parameter naming the object. */
export interface SpecSar {
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource?: string;
  nameParam?: string;
}

export interface SpecRoute {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  access: SpecAccess;
}

const core = (
  verb: string,
  resource: string,
  options: { subresource?: string; nameParam?: string } = {},
): SpecAccess => ({
  sar: { verb, group: '', version: 'v1', resource, ...options },
});
const kubeflow = (verb: string, resource: string, nameParam?: string): SpecAccess => ({
  sar: { verb, group: 'kubeflow.org', version: resource === 'notebooks' ? 'v1' : 'v1alpha1', resource, nameParam },
});
const PUBLIC: SpecAccess = { public: true };

export const SPEC_ROUTES: readonly SpecRoute[] = [
  { id: '1', method: 'GET', path: '/api/config', access: PUBLIC },
  { id: '2', method: 'GET', path: '/api/gpus', access: PUBLIC },
  { id: '3', method: 'GET', path: '/api/storageclasses', access: PUBLIC },
  { id: '4', method: 'GET', path: '/api/storageclasses/default', access: PUBLIC },
  { id: '5', method: 'GET', path: '/api/namespaces/:ns/cost/allocation', access: core('list', 'pods') },
  { id: '6', method: 'GET', path: '/api/namespaces', access: { anyUser: true } },
  { id: '7', method: 'GET', path: '/api/namespaces/:ns', access: core('get', 'namespaces', { nameParam: 'ns' }) },
  { id: '8', method: 'GET', path: '/api/namespaces/:ns/notebooks', access: kubeflow('list', 'notebooks') },
  { id: '9', method: 'POST', path: '/api/namespaces/:ns/notebooks', access: kubeflow('create', 'notebooks') },
  { id: '10', method: 'GET', path: '/api/namespaces/:ns/notebooks/:nb', access: kubeflow('get', 'notebooks', 'nb') },
  { id: '11', method: 'GET', path: '/api/namespaces/:ns/notebooks/:nb/pod', access: core('list', 'pods') },
  {
    id: '12',
    method: 'GET',
    path: '/api/namespaces/:ns/notebooks/:nb/pod/:pod/logs',
    access: core('get', 'pods', { subresource: 'log', nameParam: 'pod' }),
  },
  { id: '13', method: 'GET', path: '/api/namespaces/:ns/notebooks/:nb/events', access: core('list', 'events') },
  {
    id: '14',
    method: 'DELETE',
    path: '/api/namespaces/:ns/notebooks/:nb',
    access: kubeflow('delete', 'notebooks', 'nb'),
  },
  {
    id: '15',
    method: 'PATCH',
    path: '/api/namespaces/:ns/notebooks/:nb',
    access: kubeflow('patch', 'notebooks', 'nb'),
  },
  { id: '16', method: 'GET', path: '/api/namespaces/:ns/pvcs', access: core('list', 'persistentvolumeclaims') },
  {
    id: '17',
    method: 'GET',
    path: '/api/namespaces/:ns/pvcs/:pvc',
    access: core('get', 'persistentvolumeclaims', { nameParam: 'pvc' }),
  },
  {
    id: '18',
    method: 'DELETE',
    path: '/api/namespaces/:ns/pvcs/:pvc',
    access: core('delete', 'persistentvolumeclaims', { nameParam: 'pvc' }),
  },
  { id: '19', method: 'GET', path: '/api/namespaces/:ns/pvcs/:pvc/pods', access: core('list', 'pods') },
  { id: '20', method: 'GET', path: '/api/namespaces/:ns/pvcs/:pvc/events', access: core('list', 'events') },
  { id: '21', method: 'GET', path: '/api/namespaces/:ns/poddefaults', access: kubeflow('list', 'poddefaults') },
  { id: '22', method: 'POST', path: '/api/namespaces/:ns/pvcs', access: core('create', 'persistentvolumeclaims') },
  { id: '23', method: 'GET', path: '/info', access: PUBLIC },
  { id: '24a', method: 'GET', path: '/healthz/liveness', access: PUBLIC },
  { id: '24b', method: 'GET', path: '/healthz/readiness', access: PUBLIC },
  { id: '25', method: 'GET', path: '/metrics', access: PUBLIC },
  { id: '26', method: 'GET', path: '/', access: PUBLIC },
  {
    id: '27',
    method: 'POST',
    path: '/api/namespaces/:ns/notebooks/:nb',
    access: kubeflow('update', 'notebooks', 'nb'),
  },
  { id: '28', method: 'POST', path: '/api/namespaces/:ns/createdefault', access: kubeflow('create', 'notebooks') },
  { id: '29', method: 'GET', path: '/api/namespaces/:ns/defaultnotebook', access: kubeflow('list', 'notebooks') },
  { id: '30', method: 'POST', path: '/api/namespaces/:ns/viewers', access: kubeflow('create', 'pvcviewers') },
  {
    id: '31',
    method: 'DELETE',
    path: '/api/namespaces/:ns/viewers/:viewer',
    access: kubeflow('delete', 'pvcviewers', 'viewer'),
  },
  {
    id: '32',
    method: 'PATCH',
    path: '/api/namespaces/:ns/pvcs/usage',
    access: core('patch', 'persistentvolumeclaims'),
  },
  { id: '33', method: 'GET', path: '/api/namespaces/:ns/pvc-usage', access: core('list', 'persistentvolumeclaims') },
  {
    id: '34',
    method: 'PATCH',
    path: '/api/namespaces/:ns/notebooks/:nb/keepalive/:hours',
    access: kubeflow('patch', 'notebooks', 'nb'),
  },
];

export const MUTATING_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** Route 26 is the not-found handler serving the SPA, not a registered route. */
export function isRegistered(
  app: { hasRoute(o: { method: string; url: string }): boolean },
  route: SpecRoute,
): boolean {
  if (route.id === '26') return true;
  return app.hasRoute({ method: route.method, url: route.path });
}

/** Fills `:param` placeholders. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:([a-z]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${path}`);
    return value;
  });
}
