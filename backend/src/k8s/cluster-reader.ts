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

/** What an event is about, for the events routes and the status algorithms. */
export interface InvolvedObject {
  kind: string;
  name: string;
}

/**
 * Every read the domain services make. One implementation asks the API server each time, another
 * serves from watch caches; services cannot tell them apart. Returned objects are shared and must
 * not be mutated (copy first).
 */
export interface ClusterReader {
  listNotebooks(namespace: string): Promise<readonly Notebook[]>;
  getNotebook(namespace: string, name: string): Promise<Notebook | undefined>;
  /**
   * The whole notebook, for routes that answer it as is. `getNotebook` and the lists may give only
   * the fields the app reads (the watch caches keep no more).
   */
  notebookDetails(namespace: string, name: string): Promise<Notebook | undefined>;
  listPods(namespace: string, labelSelector?: string): Promise<readonly Pod[]>;
  /** The whole pod (`listPods` may give only the fields the app reads). */
  podDetails(namespace: string, name: string): Promise<Pod | undefined>;
  listEvents(namespace: string, involved?: InvolvedObject): Promise<readonly KubeEvent[]>;
  listPvcs(namespace: string): Promise<readonly PersistentVolumeClaim[]>;
  getPvc(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined>;
  listPodDefaults(namespace: string): Promise<readonly PodDefault[]>;
  listPvcViewers(namespace: string): Promise<readonly PvcViewer[]>;
  listStorageClasses(): Promise<readonly StorageClass[]>;
  listNamespaces(): Promise<readonly Namespace[]>;
  getNamespace(name: string): Promise<Namespace | undefined>;
  listNodes(): Promise<readonly Node[]>;
}
