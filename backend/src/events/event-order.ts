import type { KubeEvent } from '../k8s/types.ts';

/** When an event last happened: lastTimestamp, else eventTime, else its creation time. */
export function eventTime(event: KubeEvent): string {
  return event.lastTimestamp || event.eventTime || event.metadata?.creationTimestamp || '';
}

/** Newest first; ties broken by name so the order is stable. */
export function newestFirst(events: readonly KubeEvent[]): KubeEvent[] {
  return [...events].sort((a, b) => {
    const ta = Date.parse(eventTime(a)) || 0;
    const tb = Date.parse(eventTime(b)) || 0;
    if (ta !== tb) return tb - ta;
    const na = a.metadata?.name ?? '';
    const nb = b.metadata?.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
}

interface InvolvedIndex {
  length: number;
  byObject: Map<string, KubeEvent[]>;
}

/**
 * Events grouped by involved object, built once per events array: lists match every item's events
 * by lookup, not by a scan, and a cached reader hands out the same array until a namespace changes.
 */
const involvedIndexes = new WeakMap<readonly KubeEvent[], InvolvedIndex>();

function eventsByInvolved(events: readonly KubeEvent[]): Map<string, KubeEvent[]> {
  let index = involvedIndexes.get(events);
  if (!index || index.length !== events.length) {
    const byObject = new Map<string, KubeEvent[]>();
    for (const e of events) {
      const key = `${e.involvedObject?.kind}\0${e.involvedObject?.name}`;
      const list = byObject.get(key);
      if (list) list.push(e);
      else byObject.set(key, [e]);
    }
    index = { length: events.length, byObject };
    involvedIndexes.set(events, index);
  }
  return index.byObject;
}

/** Events about one object, optionally only those created at or after `since` (second precision). */
export function eventsAbout(events: readonly KubeEvent[], kind: string, name: string, since?: string): KubeEvent[] {
  const sinceSeconds = since ? Math.floor(Date.parse(since) / 1000) : undefined;
  const about = eventsByInvolved(events).get(`${kind}\0${name}`) ?? [];
  return about.filter((e) => {
    if (sinceSeconds === undefined || Number.isNaN(sinceSeconds)) return true;
    const created = Date.parse(e.metadata?.creationTimestamp ?? '');
    return Number.isNaN(created) || Math.floor(created / 1000) >= sinceSeconds;
  });
}
