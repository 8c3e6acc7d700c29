import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay } from '../../../backend/src/k8s/backoff.ts';
import { Informer, type InformerTuning } from '../../../backend/src/k8s/informer.ts';
import { KubeError } from '../../../backend/src/k8s/kube-error.ts';
import { KubeResources } from '../../../backend/src/k8s/kube-resources.ts';
import { EVENTS, NAMESPACES, NOTEBOOKS, PODS, type ResourceType } from '../../../backend/src/k8s/resources.ts';
import type { KubeRestClient } from '../../../backend/src/k8s/rest-client.ts';
import type { KubeEvent, KubeObject, Namespace, Notebook, Pod } from '../../../backend/src/k8s/types.ts';
import { mergePatchBetween, notebookStatusFromPod, statusIsCurrent } from './notebook-status-from-pod.ts';
import {
  buildService,
  buildStatefulSet,
  statefulSetNeedsUpdate,
  type Service,
  type StatefulSet,
} from './notebook-workload.ts';
import { notebookNameOf, occurrences, predatesNotebook, reissuedEvent } from './reissued-event.ts';

export const STATEFULSETS: ResourceType = { group: 'apps', version: 'v1', resource: 'statefulsets', namespaced: true };
export const SERVICES: ResourceType = { group: '', version: 'v1', resource: 'services', namespaced: true };

export const LAST_ACTIVITY_ANNOTATION = 'notebooks.kubeflow.org/last-activity';
export const LAST_ACTIVITY_CHECK_ANNOTATION = 'notebooks.kubeflow.org/last_activity_check_timestamp';

export interface NotebookControllerOptions {
  /** Reconcile only namespaces labelled `key=value`; every namespace when unset. */
  namespaceLabel?: { key: string; value: string };
  log?: (message: string) => void;
  /** How often the caches' per-namespace generations are compared. */
  pollMs?: number;
  /** Every namespace is reconciled again this often, changed or not. */
  resyncMs?: number;
}

/** Local-only: the API server is on this machine and may be restarted by tests; come back quickly. */
const LOCAL_TUNING: Partial<InformerTuning> = { backoff: { initialMs: 200, maxMs: 2000 }, slowRetryMs: 2000 };

/**
 * A stand-in for the Kubeflow notebook controller on the local control plane, built on the app's own
 * informers: Notebook -> StatefulSet + Service, the Notebook's status mirrored from its pod, pod and
 * StatefulSet events re-issued on the Notebook, the last-activity annotation kept. The informers
 * expose a generation per namespace rather than callbacks, so the loop compares generations (a map
 * lookup each) and reconciles every notebook of a namespace that changed: level-triggered, as
 * controller-runtime reconcilers are.
 */
export class NotebookController {
  private readonly notebooks: Informer<Notebook>;
  private readonly statefulSets: Informer<StatefulSet>;
  private readonly services: Informer<Service>;
  private readonly pods: Informer<Pod>;
  private readonly podEvents: Informer<KubeEvent>;
  private readonly statefulSetEvents: Informer<KubeEvent>;
  private readonly namespaces: Informer<Namespace>;
  private readonly notebookApi: KubeResources<Notebook>;
  private readonly statefulSetApi: KubeResources<StatefulSet>;
  private readonly serviceApi: KubeResources<Service>;
  private readonly eventApi: KubeResources<KubeEvent>;
  private readonly options: Required<Omit<NotebookControllerOptions, 'namespaceLabel'>> &
    Pick<NotebookControllerOptions, 'namespaceLabel'>;
  private readonly stopper = new AbortController();
  /** Per namespace: the generations last reconciled, and when a failed namespace is retried. */
  private readonly reconciled = new Map<string, string>();
  private readonly retries = new Map<string, { at: number; failures: number }>();
  /** Per namespace: source event uid -> the count we re-issued. */
  private readonly reissued = new Map<string, Map<string, number>>();
  private running: Promise<void> | undefined;

  constructor(rest: KubeRestClient, options: NotebookControllerOptions = {}) {
    this.options = { log: () => {}, pollMs: 100, resyncMs: 30_000, ...options };
    const informer = <T extends KubeObject>(name: string, type: ResourceType, fieldSelector?: string) =>
      new Informer<T>(rest, { name, type, fieldSelector, tuning: LOCAL_TUNING });
    this.notebooks = informer('notebooks', NOTEBOOKS);
    this.statefulSets = informer('statefulsets', STATEFULSETS);
    this.services = informer('services', SERVICES);
    this.pods = informer('pods', PODS);
    this.podEvents = informer('events/Pod', EVENTS, 'involvedObject.kind=Pod');
    this.statefulSetEvents = informer('events/StatefulSet', EVENTS, 'involvedObject.kind=StatefulSet');
    this.namespaces = informer('namespaces', NAMESPACES);
    this.notebookApi = new KubeResources(rest, NOTEBOOKS);
    this.statefulSetApi = new KubeResources(rest, STATEFULSETS);
    this.serviceApi = new KubeResources(rest, SERVICES);
    this.eventApi = new KubeResources(rest, EVENTS);
  }

  private get informers(): Informer<KubeObject>[] {
    return [
      this.notebooks,
      this.statefulSets,
      this.services,
      this.pods,
      this.podEvents,
      this.statefulSetEvents,
      this.namespaces,
    ] as Informer<KubeObject>[];
  }

  /** Starts the informers and the loop; resolves once every cache has synced. */
  async start(): Promise<void> {
    for (const informer of this.informers) informer.start();
    await Promise.all(this.informers.map((i) => i.whenSynced()));
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
    await Promise.all(this.informers.map((i) => i.stop()));
  }

  private async loop(): Promise<void> {
    let resyncAt = Date.now() + this.options.resyncMs;
    while (!this.stopper.signal.aborted) {
      if (Date.now() >= resyncAt) {
        this.reconciled.clear();
        resyncAt = Date.now() + this.options.resyncMs;
      }
      for (const namespace of this.namespaces.cache.list('')) {
        if (this.stopper.signal.aborted) break;
        await this.visit(namespace);
      }
      try {
        await sleep(this.options.pollMs, undefined, { signal: this.stopper.signal });
      } catch {
        // stopped
      }
    }
  }

  private selected(namespace: Namespace): boolean {
    const label = this.options.namespaceLabel;
    return !label || namespace.metadata.labels?.[label.key] === label.value;
  }

  private async visit(namespace: Namespace): Promise<void> {
    const ns = namespace.metadata.name!;
    if (!this.selected(namespace)) return;
    const generations = [
      ...this.informers.filter((i) => i !== this.namespaces).map((i) => i.cache.generation(ns)),
      namespace.metadata.resourceVersion,
    ].join(':');
    const retry = this.retries.get(ns);
    if (retry ? Date.now() < retry.at : this.reconciled.get(ns) === generations) return;
    // One notebook's failure (an invalid pod template, a conflict) must not hold up the others.
    const failures: string[] = [];
    for (const notebook of this.notebooks.cache.list(ns)) {
      await this.reconcile(notebook).catch((err) => failures.push(`${notebook.metadata.name}: ${message(err)}`));
    }
    await this.reissueEvents(ns).catch((err) => failures.push(`events: ${message(err)}`));
    if (failures.length === 0) {
      this.reconciled.set(ns, generations);
      this.retries.delete(ns);
      return;
    }
    const attempt = (retry?.failures ?? 0) + 1;
    this.retries.set(ns, {
      at: Date.now() + backoffDelay(attempt, { initialMs: 200, maxMs: 5000 }),
      failures: attempt,
    });
    this.options.log(`namespace ${ns}, retry ${attempt}: ${failures.join('; ')}`);
  }

  private async reconcile(notebook: Notebook): Promise<void> {
    // The app deletes in the foreground: owned objects go first, and nothing may re-create them.
    if (notebook.metadata.deletionTimestamp) return;
    const ns = notebook.metadata.namespace!;
    const name = notebook.metadata.name!;
    const desired = buildStatefulSet(notebook);
    const statefulSet = this.statefulSets.cache.get(ns, name);
    if (!statefulSet) {
      await this.createIgnoringConflict(this.statefulSetApi, ns, desired, `StatefulSet ${ns}/${name}`);
    } else if (!ownedBy(statefulSet, notebook)) {
      // The StatefulSet of an earlier notebook of the same name: the garbage collector is removing it.
      return;
    } else if (statefulSetNeedsUpdate(statefulSet, desired)) {
      this.options.log(`updating StatefulSet ${ns}/${name} (replicas ${desired.spec?.replicas})`);
      await this.statefulSetApi.replace(ns, name, {
        ...desired,
        metadata: { ...desired.metadata, resourceVersion: statefulSet.metadata.resourceVersion },
      });
    }
    if (!this.services.cache.get(ns, name)) {
      await this.createIgnoringConflict(this.serviceApi, ns, buildService(notebook), `Service ${ns}/${name}`);
    }
    const candidate = this.pods.cache.get(ns, `${name}-0`);
    const pod = candidate?.metadata.labels?.['notebook-name'] === name ? candidate : undefined;
    const status = notebookStatusFromPod(notebook, ownedBy(statefulSet, notebook) ? statefulSet : undefined, pod);
    if (!statusIsCurrent(notebook, status)) {
      await this.notebookApi.mergePatch(
        ns,
        name,
        { status: mergePatchBetween(notebook.status ?? {}, status) },
        'status',
      );
    }
    await this.keepLastActivity(notebook, pod !== undefined);
  }

  /**
   * The culler's bookkeeping as the app sees it (culling itself stays off): a notebook with a pod
   * gets `last-activity` (now) when it has none; a notebook without a pod loses both annotations.
   */
  private async keepLastActivity(notebook: Notebook, hasPod: boolean): Promise<void> {
    const annotations = notebook.metadata.annotations ?? {};
    const ns = notebook.metadata.namespace!;
    const name = notebook.metadata.name!;
    if (hasPod && annotations[LAST_ACTIVITY_ANNOTATION] === undefined) {
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      await this.notebookApi.mergePatch(ns, name, {
        metadata: { annotations: { [LAST_ACTIVITY_ANNOTATION]: now, [LAST_ACTIVITY_CHECK_ANNOTATION]: now } },
      });
    } else if (!hasPod && (LAST_ACTIVITY_ANNOTATION in annotations || LAST_ACTIVITY_CHECK_ANNOTATION in annotations)) {
      await this.notebookApi.mergePatch(ns, name, {
        metadata: { annotations: { [LAST_ACTIVITY_ANNOTATION]: null, [LAST_ACTIVITY_CHECK_ANNOTATION]: null } },
      });
    }
  }

  private async createIgnoringConflict<T extends KubeObject>(
    api: KubeResources<T>,
    ns: string,
    body: T,
    what: string,
  ): Promise<void> {
    try {
      await api.create(ns, body);
      this.options.log(`created ${what}`);
    } catch (err) {
      // Already there: our cache is behind, the next pass sees it.
      if (!(err instanceof KubeError && err.code === 409)) throw err;
    }
  }

  /** Re-issues each new or recounted Pod/StatefulSet event of a notebook on the Notebook itself. */
  private async reissueEvents(ns: string): Promise<void> {
    const done = this.reissued.get(ns) ?? new Map<string, number>();
    const current = new Map<string, number>();
    for (const event of [...this.podEvents.cache.list(ns), ...this.statefulSetEvents.cache.list(ns)]) {
      const uid = event.metadata.uid ?? event.metadata.name!;
      const count = occurrences(event);
      current.set(uid, done.get(uid) ?? 0);
      if (done.get(uid) === count) continue;
      const involved = event.involvedObject;
      // An event can reach its cache before its pod reaches the pod cache: look again next pass.
      if (involved?.kind === 'Pod' && !this.pods.cache.get(ns, involved.name ?? '')) continue;
      const notebookName = notebookNameOf(event, (pod) => this.pods.cache.get(ns, pod));
      const notebook = notebookName ? this.notebooks.cache.get(ns, notebookName) : undefined;
      if (notebook && !predatesNotebook(event, notebook)) await this.writeReissued(reissuedEvent(event, notebook));
      current.set(uid, count);
    }
    this.reissued.set(ns, current);
  }

  private async writeReissued(event: KubeEvent): Promise<void> {
    const ns = event.metadata.namespace!;
    try {
      await this.eventApi.create(ns, event);
    } catch (err) {
      if (!(err instanceof KubeError && err.code === 409)) throw err;
      const existing = await this.eventApi.get(ns, event.metadata.name!);
      if (existing.count === event.count && existing.message === event.message) return;
      await this.eventApi.mergePatch(ns, event.metadata.name!, {
        count: event.count,
        lastTimestamp: event.lastTimestamp,
        message: event.message,
      });
    }
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function ownedBy(object: KubeObject | undefined, notebook: Notebook): boolean {
  return (object?.metadata.ownerReferences ?? []).some((o) => o.kind === 'Notebook' && o.uid === notebook.metadata.uid);
}
