import { AppError } from '../errors.ts';
import type { ResourceVersions } from '@jupyter-apis/contract';
import type { ChangeSource } from './change-source.ts';
import { currentConsistencyScope } from './consistency-scope.ts';
import type { ClusterReader, InvolvedObject } from './cluster-reader.ts';
import type { ApiServerStatus } from './api-server-status.ts';
import { DetailsCache } from './details-cache.ts';
import { DirectClusterReader } from './direct-cluster-reader.ts';
import { Informer, type InformerTuning } from './informer.ts';
import type { KubeApis } from './kube-apis.ts';
import { isKubeError, type KubeError } from './kube-error.ts';
import { matchesLabels, parseLabelSelector } from './label-selector.ts';
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
} from './resources.ts';
import type { KubeWrite } from './rest-client.ts';
import { slimNotebook, slimPod } from './slim-objects.ts';
import type {
  KubeEvent,
  KubeObject,
  Namespace,
  Node,
  Notebook,
  PersistentVolumeClaim,
  Pod,
  PodDefault,
  PvcViewer,
  StorageClass,
} from './types.ts';
import type { CacheChange } from './watch-cache.ts';

/** The label the notebook controller puts on a notebook's pods. */
export const NOTEBOOK_NAME_LABEL = 'notebook-name';

/** What a cache holds, for `namespaceVersion` (and so for response memos and ETags). */
export type CachedKind =
  'notebooks' | 'pods' | 'pvcs' | 'events' | 'poddefaults' | 'pvcviewers' | 'storageclasses' | 'namespaces' | 'nodes';

/** The event kinds we cache (one field-selected watch each); others are read from the API server. */
const CACHED_EVENT_KINDS = ['Notebook', 'PersistentVolumeClaim'] as const;

export interface CachedClusterReaderOptions {
  /** Lets the caches retry at once when the API server answers again, and tells how old they may be. */
  apiStatus?: ApiServerStatus;
  tuning?: Partial<InformerTuning>;
  onRestart?: (name: string, error: KubeError) => void;
  /** A watching cache rebuilt from a fresh list (after 410 Gone or an error), for `/metrics`. */
  onRelist?: (name: string) => void;
  onSyncedChange?: (name: string, synced: boolean) => void;
}

/** Whole notebooks and pods remembered for the details routes (the caches keep them slimmed). */
const DETAILS_CACHE_SIZE = 256;

function podClaims(pod: Pod): string[] {
  const claims: string[] = [];
  for (const v of pod.spec?.volumes ?? [])
    if (v.persistentVolumeClaim?.claimName) claims.push(v.persistentVolumeClaim.claimName);
  return claims;
}

/**
 * Serves every read from watch caches: once synced, a read makes no Kubernetes call. Lists are
 * shared frozen arrays rebuilt only when their namespace changed; `namespaceVersion` tells callers
 * (response memos, ETags) whether anything they depend on changed. Our own writes are stored as soon
 * as the API server answers them, so a user sees them on the next read; writes made through another
 * replica are waited for (`catchUp`) when the caller names their versions, and read from the API
 * server when the watch does not bring them in time.
 */
export class CachedClusterReader implements ClusterReader, ChangeSource {
  readonly name = 'watch-caches';
  readonly notebooks: Informer<Notebook>;
  readonly pods: Informer<Pod>;
  readonly pvcs: Informer<PersistentVolumeClaim>;
  readonly events: Record<(typeof CACHED_EVENT_KINDS)[number], Informer<KubeEvent>>;
  readonly podDefaults: Informer<PodDefault>;
  readonly pvcViewers: Informer<PvcViewer>;
  readonly storageClasses: Informer<StorageClass>;
  readonly namespaces: Informer<Namespace>;
  readonly nodes: Informer<Node>;
  private readonly informers: Informer<KubeObject>[];
  private readonly direct: DirectClusterReader;
  private readonly apiStatus: ApiServerStatus | undefined;
  /** Both event kinds of a namespace as one list, rebuilt only when either changed. */
  private readonly namespaceEvents = new Map<string, { version: string; events: readonly KubeEvent[] }>();
  private readonly onSyncedChange: CachedClusterReaderOptions['onSyncedChange'];
  private readonly notebookDetailsCache = new DetailsCache<Notebook>(DETAILS_CACHE_SIZE);
  private readonly podDetailsCache = new DetailsCache<Pod>(DETAILS_CACHE_SIZE);

  constructor(apis: KubeApis, options: CachedClusterReaderOptions = {}) {
    this.direct = new DirectClusterReader(apis);
    this.apiStatus = options.apiStatus;
    this.onSyncedChange = options.onSyncedChange;
    const common = {
      tuning: options.tuning,
      apiStatus: options.apiStatus,
      onRestart: options.onRestart,
      onRelist: options.onRelist,
      onSyncedChange: options.onSyncedChange,
    };
    const rest = apis.rest;
    this.notebooks = new Informer(rest, { ...common, name: 'notebooks', type: NOTEBOOKS, transform: slimNotebook });
    this.pods = new Informer<Pod>(rest, {
      ...common,
      name: 'pods',
      type: PODS,
      transform: slimPod,
      indexes: {
        [NOTEBOOK_NAME_LABEL]: (pod) => {
          const nb = pod.metadata.labels?.[NOTEBOOK_NAME_LABEL];
          return nb ? [nb] : [];
        },
        claim: podClaims,
      },
    });
    this.pvcs = new Informer(rest, { ...common, name: 'persistentvolumeclaims', type: PVCS });
    const eventInformer = (kind: string) =>
      new Informer<KubeEvent>(rest, {
        ...common,
        name: `events/${kind}`,
        type: EVENTS,
        fieldSelector: `involvedObject.kind=${kind}`,
        indexes: { involved: (e) => (e.involvedObject?.name ? [e.involvedObject.name] : []) },
      });
    this.events = {
      Notebook: eventInformer('Notebook'),
      PersistentVolumeClaim: eventInformer('PersistentVolumeClaim'),
    };
    this.podDefaults = new Informer(rest, { ...common, name: 'poddefaults', type: PODDEFAULTS, optional: true });
    this.pvcViewers = new Informer(rest, { ...common, name: 'pvcviewers', type: PVCVIEWERS, optional: true });
    this.storageClasses = new Informer(rest, { ...common, name: 'storageclasses', type: STORAGECLASSES });
    this.namespaces = new Informer(rest, { ...common, name: 'namespaces', type: NAMESPACES });
    this.nodes = new Informer(rest, { ...common, name: 'nodes', type: NODES, forbiddenTolerated: true });
    this.informers = [
      this.notebooks,
      this.pods,
      this.pvcs,
      this.events.Notebook,
      this.events.PersistentVolumeClaim,
      this.podDefaults,
      this.pvcViewers,
      this.storageClasses,
      this.namespaces,
      this.nodes,
    ] as unknown as Informer<KubeObject>[];
    rest.addWriteObserver((write) => this.written(write));
  }

  start(): void {
    for (const informer of this.informers) {
      this.onSyncedChange?.(informer.name, false);
      informer.start();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.stop()));
  }

  /** Resolves when every cache has synced once. */
  async whenSynced(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.whenSynced()));
  }

  get synced(): boolean {
    return this.informers.every((i) => i.isSynced);
  }

  /**
   * Why reads cannot be served: only before every cache has synced once. A cache that loses the API
   * server afterwards keeps serving what it has (see `staleSince`); docs/decisions/0007.
   */
  notReadyReason(): string | undefined {
    for (const informer of this.informers) {
      const state = informer.state();
      if (!state.synced) return `cache ${informer.name} not synced${state.lastError ? `: ${state.lastError}` : ''}`;
    }
    return undefined;
  }

  /**
   * Since when the caches may be behind the API server (the last moment they were known current), or
   * undefined while every watch is open and the API server answers.
   */
  staleSince(): number | undefined {
    let since: number | undefined;
    if (this.apiStatus && !this.apiStatus.reachable) since = this.apiStatus.lastAnswerAt;
    for (const informer of this.informers) {
      const failing = informer.state().failingSince;
      if (failing !== undefined && (since === undefined || failing < since)) since = failing;
    }
    return since;
  }

  /** Caches that are empty on purpose (a CRD not installed, no permission), for the startup log. */
  degraded(): string[] {
    return this.informers.map((i) => i.state().degraded).filter((d): d is string => d !== undefined);
  }

  /**
   * A token that changes whenever the objects of `kind` in `namespace` change (cluster-scoped kinds
   * ignore the namespace). Events stand for both cached event kinds.
   */
  namespaceVersion(kind: CachedKind, namespace = ''): string {
    switch (kind) {
      case 'events':
        return `${this.events.Notebook.cache.generation(namespace)}.${this.events.PersistentVolumeClaim.cache.generation(namespace)}`;
      case 'storageclasses':
      case 'namespaces':
      case 'nodes':
        return String(this.informerFor(kind).cache.generation(''));
      default:
        return String(this.informerFor(kind).cache.generation(namespace));
    }
  }

  /**
   * Calls `listener` after each change of a cached object of `kind` (events: both cached event
   * kinds); returns the function that stops it.
   */
  subscribe(kind: CachedKind, listener: (change: CacheChange<KubeObject>) => void): () => void {
    const informers = kind === 'events' ? CACHED_EVENT_KINDS.map((k) => this.events[k]) : [this.informerFor(kind)];
    const stops = informers.map((i) => (i as unknown as Informer<KubeObject>).cache.subscribe(listener));
    return () => stops.forEach((stop) => stop());
  }

  private informerFor(kind: Exclude<CachedKind, 'events'>): Informer<KubeObject> {
    const byKind = {
      notebooks: this.notebooks,
      pods: this.pods,
      pvcs: this.pvcs,
      poddefaults: this.podDefaults,
      pvcviewers: this.pvcViewers,
      storageclasses: this.storageClasses,
      namespaces: this.namespaces,
      nodes: this.nodes,
    };
    return byKind[kind] as unknown as Informer<KubeObject>;
  }

  /** Read-your-writes: store what the API server answered to our own write before the watch tells us. */
  private written(write: KubeWrite): void {
    const informer = this.informers.find((i) => i.cacheable(write.resource));
    if (!informer?.isSynced) return;
    if (write.deleted) informer.cache.forget(write.namespace ?? '', write.name);
    else if (write.object) informer.cache.upsert(informer.toCached(structuredClone(write.object) as KubeObject));
  }

  private ready<T extends KubeObject>(informer: Informer<T>): Informer<T> {
    if (!informer.isSynced) {
      throw new AppError('unavailable', `The ${informer.name} cache is not synced yet, try again later.`);
    }
    return informer;
  }

  /** The caches our writes and the consistency headers are about (one per resource, no field selector). */
  private informerOfResource(resource: string): Informer<KubeObject> | undefined {
    return this.informers.find((i) => i.cacheable(resource));
  }

  /** The resources of `versions` whose caches have not reached them; resources we do not cache are ignored. */
  behind(versions: ResourceVersions): string[] {
    return Object.entries(versions)
      .filter(([resource, version]) => this.informerOfResource(resource)?.hasReached(version) === false)
      .map(([resource]) => resource);
  }

  /**
   * Waits until the caches have reached `versions` (each resolved from its watch's event path), at
   * most `timeoutMs`; resolves with the resources still behind then.
   */
  async catchUp(versions: ResourceVersions, timeoutMs: number): Promise<string[]> {
    const lagging = this.behind(versions);
    if (lagging.length === 0) return [];
    const deadline = AbortSignal.timeout(timeoutMs);
    const reached = await Promise.all(
      lagging.map((resource) => this.informerOfResource(resource)!.whenAt(versions[resource]!, deadline)),
    );
    return lagging.filter((_, i) => !reached[i]);
  }

  /**
   * A read of `informer`'s resource: from the cache, or from the API server when the caller has seen
   * a version the cache has not reached (see `catchUp`). Should the API server not answer, the cache
   * is all there is (its age is on the answer, docs/decisions/0007).
   */
  private async read<T extends KubeObject, R>(
    informer: Informer<T>,
    fromCache: (cache: Informer<T>['cache']) => R | Promise<R>,
    fromApiServer: () => Promise<R>,
  ): Promise<R> {
    if (currentConsistencyScope()?.readFromApiServer.has(informer.resource)) {
      try {
        return await fromApiServer();
      } catch (err) {
        if (!(isKubeError(err, 'unreachable') || isKubeError(err, 'timeout')) || !informer.isSynced) throw err;
      }
    }
    return fromCache(this.ready(informer).cache);
  }

  async listNotebooks(namespace: string): Promise<readonly Notebook[]> {
    return this.read(
      this.notebooks,
      (cache) => cache.list(namespace),
      () => this.direct.listNotebooks(namespace),
    );
  }

  async getNotebook(namespace: string, name: string): Promise<Notebook | undefined> {
    return this.read(
      this.notebooks,
      (cache) => cache.get(namespace, name),
      () => this.direct.getNotebook(namespace, name),
    );
  }

  async notebookDetails(namespace: string, name: string): Promise<Notebook | undefined> {
    return this.read(
      this.notebooks,
      (cache) => {
        const partial = cache.get(namespace, name);
        return partial && this.notebookDetailsCache.get(partial, () => this.direct.getNotebook(namespace, name));
      },
      () => this.direct.notebookDetails(namespace, name),
    );
  }

  async podDetails(namespace: string, name: string): Promise<Pod | undefined> {
    return this.read(
      this.pods,
      (cache) => {
        const partial = cache.get(namespace, name);
        return partial && this.podDetailsCache.get(partial, () => this.direct.podDetails(namespace, name));
      },
      () => this.direct.podDetails(namespace, name),
    );
  }

  async listPods(namespace: string, labelSelector?: string): Promise<readonly Pod[]> {
    const requirements = labelSelector ? parseLabelSelector(labelSelector) : [];
    if (!requirements) return this.direct.listPods(namespace, labelSelector);
    return this.read(
      this.pods,
      (cache) => {
        if (requirements.length === 0) return cache.list(namespace);
        const byNotebook = requirements.find(
          (r) => r.key === NOTEBOOK_NAME_LABEL && r.op === 'in' && r.values.length === 1,
        ) as { values: string[] } | undefined;
        const candidates = byNotebook
          ? cache.byIndex(NOTEBOOK_NAME_LABEL, namespace, byNotebook.values[0]!)
          : cache.list(namespace);
        if (byNotebook && requirements.length === 1) return candidates;
        return candidates.filter((pod) => matchesLabels(requirements, pod.metadata.labels));
      },
      () => this.direct.listPods(namespace, labelSelector),
    );
  }

  /** Pods in `namespace` that mount the PVC `claim`. */
  async podsUsingClaim(namespace: string, claim: string): Promise<readonly Pod[]> {
    return this.read(
      this.pods,
      (cache) => cache.byIndex('claim', namespace, claim),
      async () => (await this.direct.listPods(namespace)).filter((pod) => podClaims(pod).includes(claim)),
    );
  }

  /**
   * Events about Notebooks and PVCs come from the caches (only those are watched); events about
   * any other kind are asked of the API server.
   */
  async listEvents(namespace: string, involved?: InvolvedObject): Promise<readonly KubeEvent[]> {
    if (!involved) {
      const lists = CACHED_EVENT_KINDS.map((kind) => this.ready(this.events[kind]).cache.list(namespace));
      const version = this.namespaceVersion('events', namespace);
      const memo = this.namespaceEvents.get(namespace);
      if (memo?.version === version) return memo.events;
      const events = Object.freeze(lists.flat());
      this.namespaceEvents.set(namespace, { version, events });
      return events;
    }
    const informer = this.events[involved.kind as (typeof CACHED_EVENT_KINDS)[number]];
    if (!informer) return this.direct.listEvents(namespace, involved);
    return this.ready(informer).cache.byIndex('involved', namespace, involved.name);
  }

  async listPvcs(namespace: string): Promise<readonly PersistentVolumeClaim[]> {
    return this.read(
      this.pvcs,
      (cache) => cache.list(namespace),
      () => this.direct.listPvcs(namespace),
    );
  }

  async getPvc(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined> {
    return this.read(
      this.pvcs,
      (cache) => cache.get(namespace, name),
      () => this.direct.getPvc(namespace, name),
    );
  }

  async listPodDefaults(namespace: string): Promise<readonly PodDefault[]> {
    return this.read(
      this.podDefaults,
      (cache) => cache.list(namespace),
      () => this.direct.listPodDefaults(namespace),
    );
  }

  async listPvcViewers(namespace: string): Promise<readonly PvcViewer[]> {
    return this.read(
      this.pvcViewers,
      (cache) => cache.list(namespace),
      () => this.direct.listPvcViewers(namespace),
    );
  }

  async listStorageClasses(): Promise<readonly StorageClass[]> {
    return this.read(
      this.storageClasses,
      (cache) => cache.list(''),
      () => this.direct.listStorageClasses(),
    );
  }

  async listNamespaces(): Promise<readonly Namespace[]> {
    return this.read(
      this.namespaces,
      (cache) => cache.list(''),
      () => this.direct.listNamespaces(),
    );
  }

  async getNamespace(name: string): Promise<Namespace | undefined> {
    return this.read(
      this.namespaces,
      (cache) => cache.get('', name),
      () => this.direct.getNamespace(name),
    );
  }

  async listNodes(): Promise<readonly Node[]> {
    return this.read(
      this.nodes,
      (cache) => cache.list(''),
      () => this.direct.listNodes(),
    );
  }
}
