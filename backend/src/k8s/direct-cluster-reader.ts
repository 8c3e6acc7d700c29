import type { ClusterReader, InvolvedObject } from './cluster-reader.ts';
import type { KubeApis } from './kube-apis.ts';
import { isKubeError } from './kube-error.ts';
import type { KubeObject } from './types.ts';

async function orUndefined<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (isKubeError(err, 'notFound')) return undefined;
    throw err;
  }
}

/** A list that answers [] when the resource type is not installed (an optional CRD). */
async function itemsOrEmpty<T extends KubeObject>(read: Promise<{ items: T[] }>): Promise<T[]> {
  try {
    return (await read).items;
  } catch (err) {
    if (isKubeError(err, 'notFound')) return [];
    throw err;
  }
}

/** Reads straight from the API server, one call per read. */
export class DirectClusterReader implements ClusterReader {
  private readonly apis: KubeApis;

  constructor(apis: KubeApis) {
    this.apis = apis;
  }

  async listNotebooks(namespace: string) {
    return (await this.apis.notebooks.list(namespace)).items;
  }

  getNotebook(namespace: string, name: string) {
    return orUndefined(this.apis.notebooks.get(namespace, name));
  }

  notebookDetails(namespace: string, name: string) {
    return this.getNotebook(namespace, name);
  }

  async listPods(namespace: string, labelSelector?: string) {
    return (await this.apis.pods.list(namespace, { labelSelector })).items;
  }

  podDetails(namespace: string, name: string) {
    return orUndefined(this.apis.pods.get(namespace, name));
  }

  async listEvents(namespace: string, involved?: InvolvedObject) {
    const fieldSelector = involved
      ? `involvedObject.kind=${involved.kind},involvedObject.name=${involved.name}`
      : undefined;
    return (await this.apis.events.list(namespace, { fieldSelector })).items;
  }

  async listPvcs(namespace: string) {
    return (await this.apis.pvcs.list(namespace)).items;
  }

  getPvc(namespace: string, name: string) {
    return orUndefined(this.apis.pvcs.get(namespace, name));
  }

  listPodDefaults(namespace: string) {
    return itemsOrEmpty(this.apis.podDefaults.list(namespace));
  }

  listPvcViewers(namespace: string) {
    return itemsOrEmpty(this.apis.pvcViewers.list(namespace));
  }

  async listStorageClasses() {
    return (await this.apis.storageClasses.list(undefined)).items;
  }

  async listNamespaces() {
    return (await this.apis.namespaces.list(undefined)).items;
  }

  getNamespace(name: string) {
    return orUndefined(this.apis.namespaces.get(undefined, name));
  }

  async listNodes() {
    return (await this.apis.nodes.list(undefined)).items;
  }
}
