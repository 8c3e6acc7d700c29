import { KubeResources } from './kube-resources.ts';
import {
  EVENTS,
  NAMESPACES,
  NODES,
  NOTEBOOKS,
  PODDEFAULTS,
  PODS,
  PVCS,
  PVCVIEWERS,
  STORAGECLASSES,
  resourcePath,
} from './resources.ts';
import type { KubeRestClient } from './rest-client.ts';
import type {
  KubeEvent,
  Namespace,
  Node,
  Notebook,
  PersistentVolumeClaim,
  Pod,
  PodDefault,
  PvcViewer,
  StorageClass,
} from './types.ts';

/** One typed handle per resource type the app uses, all sharing one REST client. */
export class KubeApis {
  readonly rest: KubeRestClient;
  readonly notebooks: KubeResources<Notebook>;
  readonly pods: KubeResources<Pod>;
  readonly pvcs: KubeResources<PersistentVolumeClaim>;
  readonly events: KubeResources<KubeEvent>;
  readonly podDefaults: KubeResources<PodDefault>;
  readonly pvcViewers: KubeResources<PvcViewer>;
  readonly namespaces: KubeResources<Namespace>;
  readonly storageClasses: KubeResources<StorageClass>;
  readonly nodes: KubeResources<Node>;

  constructor(rest: KubeRestClient) {
    this.rest = rest;
    this.notebooks = new KubeResources(rest, NOTEBOOKS);
    this.pods = new KubeResources(rest, PODS);
    this.pvcs = new KubeResources(rest, PVCS);
    this.events = new KubeResources(rest, EVENTS);
    this.podDefaults = new KubeResources(rest, PODDEFAULTS);
    this.pvcViewers = new KubeResources(rest, PVCVIEWERS);
    this.namespaces = new KubeResources(rest, NAMESPACES);
    this.storageClasses = new KubeResources(rest, STORAGECLASSES);
    this.nodes = new KubeResources(rest, NODES);
  }

  /** Container logs as text; `tailLines` bounds what a chatty notebook can make us hold. */
  podLogs(namespace: string, pod: string, container: string, tailLines: number): Promise<string> {
    return this.rest.requestText({
      method: 'GET',
      path: resourcePath(PODS, { namespace, name: pod, subresource: 'log' }),
      query: { container, tailLines },
      verb: 'get',
      resource: 'pods/log',
      // JSON too, so that a refusal comes back as a Status the error mapping can read.
      accept: 'text/plain, application/json',
    });
  }

  /** True when the API server answers its readiness endpoint. */
  async ping(): Promise<void> {
    await this.rest.requestText({ method: 'GET', path: '/readyz', verb: 'get', resource: 'readyz' });
  }
}
