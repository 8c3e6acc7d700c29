import { eventsAbout, newestFirst } from '../events/event-order.ts';
import { withoutManagedFields, type KubeEvent, type Notebook } from '../k8s/types.ts';

/**
 * The events of notebook `name` as its events route and the live stream send them: only those
 * since the notebook was created (an earlier notebook of the same name had its own), newest first.
 */
export function notebookEventItems(events: readonly KubeEvent[], name: string, notebook?: Notebook): KubeEvent[] {
  return newestFirst(eventsAbout(events, 'Notebook', name, notebook?.metadata.creationTimestamp)).map(
    withoutManagedFields,
  );
}
