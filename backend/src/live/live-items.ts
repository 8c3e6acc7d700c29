import type { LiveKind } from '@jupyter-apis/contract';
import type { SpawnerConfigStore } from '../config/spawner-config.ts';
import type { ClusterReader } from '../k8s/cluster-reader.ts';
import type { KubeEvent } from '../k8s/types.ts';
import { notebookEventItems } from '../notebooks/notebook-events.ts';
import { notebookListItem } from '../notebooks/notebook-item.ts';
import { notebookStatusExpiry } from '../notebooks/notebook-status.ts';
import { podDefaultItems } from '../poddefaults/poddefault-item.ts';
import { pvcEventItems } from '../volumes/pvc-events.ts';
import type { LiveVolumeUsage } from '../volumes/live-volume-usage.ts';
import { pvcItems } from '../volumes/pvc-item.ts';
import type { PvcViewerFeature } from '../volumes/pvc-viewer-feature.ts';

export interface LiveItemDeps {
  reader: ClusterReader;
  spawnerConfig: SpawnerConfigStore;
  viewers: PvcViewerFeature;
  hiddenPodDefaultLabels: readonly string[];
  /** Volume usage from Prometheus, when configured. */
  usage?: LiveVolumeUsage;
}

/** Items by name, serialised; `null` for a name that has no item (gone, or hidden from the list). */
export type BuiltItems = Map<string, string | null>;

export interface BuiltNotebooks {
  items: BuiltItems;
  /** Notebooks whose status changes by the clock alone, and when. */
  expiries: Map<string, number>;
}

/** The objects a details page follows the events of. */
export type WatchedObject = { kind: 'Notebook' | 'PersistentVolumeClaim'; name: string };

function pick<T extends { metadata: { name?: string } }>(all: readonly T[], names?: ReadonlySet<string>): T[] {
  return names ? all.filter((o) => names.has(o.metadata.name ?? '')) : [...all];
}

function built(names: Iterable<string> | undefined, items: { name: string; json: string }[]): BuiltItems {
  const result: BuiltItems = new Map();
  for (const name of names ?? []) result.set(name, null);
  for (const item of items) result.set(item.name, item.json);
  return result;
}

/**
 * Builds the live stream's items with the list routes' own builders, from the same reader: a
 * stream's item is byte for byte what the list route would answer for it now (with Prometheus, the
 * PVC usage of the namespace's last query, which `refreshUsage` renews). `names` limits the build to
 * those items (a change); without it every item of the namespace is built.
 */
export class LiveItems {
  private readonly deps: LiveItemDeps;

  constructor(deps: LiveItemDeps) {
    this.deps = deps;
  }

  async notebooks(namespace: string, names?: ReadonlySet<string>): Promise<BuiltNotebooks> {
    const { reader } = this.deps;
    const all = await reader.listNotebooks(namespace);
    const events = await reader.listEvents(namespace);
    const config = this.deps.spawnerConfig.current;
    const now = Date.now();
    const expiries = new Map<string, number>();
    const items = pick(all, names).map((nb) => {
      const item = notebookListItem(nb, events, config, now);
      const expiry = notebookStatusExpiry(nb, now);
      if (expiry !== undefined) expiries.set(item.name, expiry);
      return { name: item.name, json: JSON.stringify(item) };
    });
    return { items: built(names, items), expiries };
  }

  /** PVC items show usage from Prometheus, which changes with no change in the cluster. */
  get hasLiveUsage(): boolean {
    return this.deps.usage !== undefined;
  }

  /** Asks Prometheus for the namespace's usage (as a PVC list does: within its budget) for the next builds. */
  async refreshUsage(namespace: string): Promise<void> {
    await this.deps.usage?.forList(namespace);
  }

  async pvcs(namespace: string, names?: ReadonlySet<string>): Promise<BuiltItems> {
    const { reader } = this.deps;
    const viewersOn = await this.deps.viewers.enabled();
    const [all, events, notebooks, viewers] = await Promise.all([
      reader.listPvcs(namespace),
      reader.listEvents(namespace),
      reader.listNotebooks(namespace),
      viewersOn ? reader.listPvcViewers(namespace) : Promise.resolve([]),
    ]);
    const usage = this.deps.usage?.lastKnown(namespace);
    const items = pvcItems(pick(all, names), { events, notebooks, viewers, usage });
    return built(
      names,
      items.map((item) => ({ name: item.name, json: JSON.stringify(item) })),
    );
  }

  async podDefaults(namespace: string, names?: ReadonlySet<string>): Promise<BuiltItems> {
    const all = await this.deps.reader.listPodDefaults(namespace);
    const items = podDefaultItems(pick(all, names), this.deps.hiddenPodDefaultLabels);
    return built(
      names,
      items.map((item) => ({ name: item.metadata.name ?? '', json: JSON.stringify(item) })),
    );
  }

  build(kind: LiveKind, namespace: string, names?: ReadonlySet<string>): Promise<BuiltItems> {
    switch (kind) {
      case 'notebooks':
        return this.notebooks(namespace, names).then((r) => r.items);
      case 'pvcs':
        return this.pvcs(namespace, names);
      case 'poddefaults':
        return this.podDefaults(namespace, names);
    }
  }

  /** The events of a notebook or PVC as its events route answers them: newest first, by event name. */
  async objectEvents(namespace: string, object: WatchedObject): Promise<{ name: string; json: string }[]> {
    const { reader } = this.deps;
    const events = await reader.listEvents(namespace, object);
    const items: KubeEvent[] =
      object.kind === 'Notebook'
        ? notebookEventItems(events, object.name, await reader.getNotebook(namespace, object.name))
        : pvcEventItems(events, object.name, await reader.getPvc(namespace, object.name));
    return items.map((e) => ({ name: e.metadata?.name ?? '', json: JSON.stringify(e) }));
  }
}
