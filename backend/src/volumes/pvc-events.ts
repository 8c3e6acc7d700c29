import { eventsAbout, newestFirst } from '../events/event-order.ts';
import type { KubeEvent, PersistentVolumeClaim } from '../k8s/types.ts';
import { responseObject } from './response-object.ts';

/**
 * The events of PVC `name` as its events route and the live stream send them: events from before
 * the PVC was (re)created belong to an earlier PVC of the same name; newest first.
 */
export function pvcEventItems(events: readonly KubeEvent[], name: string, pvc?: PersistentVolumeClaim): KubeEvent[] {
  const own = eventsAbout(events, 'PersistentVolumeClaim', name, pvc?.metadata.creationTimestamp);
  return newestFirst(own).map((e) => responseObject(e, 'v1', 'Event'));
}
