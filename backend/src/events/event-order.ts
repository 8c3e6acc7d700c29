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

/** Events about one object, optionally only those created at or after `since` (second precision). */
export function eventsAbout(events: readonly KubeEvent[], kind: string, name: string, since?: string): KubeEvent[] {
  const sinceSeconds = since ? Math.floor(Date.parse(since) / 1000) : undefined;
  return events.filter((e) => {
    if (e.involvedObject?.kind !== kind || e.involvedObject?.name !== name) return false;
    if (sinceSeconds === undefined || Number.isNaN(sinceSeconds)) return true;
    const created = Date.parse(e.metadata?.creationTimestamp ?? '');
    return Number.isNaN(created) || Math.floor(created / 1000) >= sinceSeconds;
  });
}
