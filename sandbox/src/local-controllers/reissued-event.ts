import { createHash } from 'node:crypto';
import type { KubeEvent, Notebook, Pod } from '../../../backend/src/k8s/types.ts';

/** The controller's name on the Events it writes, as the Kubeflow notebook controller's recorder. */
export const CONTROLLER_COMPONENT = 'notebook-controller';

/**
 * The notebook an Event of a Pod or StatefulSet belongs to (kubeflow/notebooks
 * `nbNameFromInvolvedObject`): a StatefulSet is named after its notebook, a pod carries the
 * `notebook-name` label. Events about anything else belong to no notebook.
 */
export function notebookNameOf(event: KubeEvent, podOf: (name: string) => Pod | undefined): string | undefined {
  const involved = event.involvedObject;
  if (!involved?.name) return undefined;
  if (involved.kind === 'StatefulSet') return involved.name;
  if (involved.kind === 'Pod') return podOf(involved.name)?.metadata.labels?.['notebook-name'];
  return undefined;
}

/** How many times the source event happened: core events count, events.k8s.io ones carry a series. */
export function occurrences(event: KubeEvent): number {
  const series = (event as { series?: { count?: number } }).series;
  return Math.max(event.count ?? 0, series?.count ?? 0, 1);
}

function lastSeen(event: KubeEvent): string | undefined {
  const series = (event as { series?: { lastObservedTime?: string } }).series;
  return event.lastTimestamp ?? series?.lastObservedTime ?? event.eventTime ?? event.metadata.creationTimestamp;
}

/** RFC 3339 at second precision, as core/v1 Event timestamps are. */
function seconds(time: string | undefined): string {
  const date = time ? new Date(time) : new Date();
  return (Number.isNaN(date.getTime()) ? new Date() : date).toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * The Event the controller writes on the Notebook for a Pod or StatefulSet event: same type and
 * reason, the message prefixed `Reissued from <kind>/<name>: `. Its name derives from the source
 * event's uid, so re-issuing the same event (a restart, a count going up) updates one object.
 */
export function reissuedEvent(source: KubeEvent, notebook: Notebook): KubeEvent {
  const kind = (source.involvedObject?.kind ?? '').toLowerCase();
  const digest = createHash('sha256')
    .update(source.metadata.uid ?? `${source.metadata.namespace}/${source.metadata.name}`)
    .digest('hex')
    .slice(0, 16);
  const first = seconds(source.firstTimestamp ?? source.eventTime ?? source.metadata.creationTimestamp);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${notebook.metadata.name}.${digest}`, namespace: notebook.metadata.namespace },
    involvedObject: {
      apiVersion: notebook.apiVersion ?? 'kubeflow.org/v1',
      kind: 'Notebook',
      name: notebook.metadata.name,
      namespace: notebook.metadata.namespace,
      uid: notebook.metadata.uid,
    } as KubeEvent['involvedObject'],
    type: source.type,
    reason: source.reason,
    message: `Reissued from ${kind}/${source.involvedObject?.name}: ${source.message ?? ''}`,
    source: { component: CONTROLLER_COMPONENT },
    reportingComponent: CONTROLLER_COMPONENT,
    reportingInstance: CONTROLLER_COMPONENT,
    firstTimestamp: first,
    lastTimestamp: seconds(lastSeen(source)),
    count: occurrences(source),
  };
}

/** Whether the source event happened before the notebook existed (a re-used name's old events). */
export function predatesNotebook(source: KubeEvent, notebook: Notebook): boolean {
  const created = notebook.metadata.creationTimestamp;
  const seen = lastSeen(source);
  return created !== undefined && seen !== undefined && seconds(seen) < seconds(created);
}
