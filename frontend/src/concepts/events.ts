import type { KubeEvent } from '../api/types.ts';

/** The notebook controller re-emits pod events with this prefix; the UI hides it. */
export function eventMessage(event: KubeEvent): string {
  return (event.message ?? '').replace(/^Reissued from /, '');
}

export function eventTime(event: KubeEvent): string {
  return event.lastTimestamp || event.eventTime || event.metadata.creationTimestamp || '';
}

/** Sort order of events: newest first. */
export function newestFirstOrder(a: KubeEvent, b: KubeEvent): number {
  return Date.parse(eventTime(b) || '0') - Date.parse(eventTime(a) || '0');
}

/** Newest first; the server already sorts, this keeps the order stable if it did not. */
export function newestFirst(events: KubeEvent[]): KubeEvent[] {
  return [...events].sort(newestFirstOrder);
}
