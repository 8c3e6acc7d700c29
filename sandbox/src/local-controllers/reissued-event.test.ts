import { describe, expect, it } from 'vitest';
import type { KubeEvent, Notebook, Pod } from '../../../backend/src/k8s/types.ts';
import { notebookNameOf, occurrences, predatesNotebook, reissuedEvent } from './reissued-event.ts';

const notebook: Notebook = {
  apiVersion: 'kubeflow.org/v1',
  kind: 'Notebook',
  metadata: { name: 'nb', namespace: 'team', uid: 'uid-nb', creationTimestamp: '2026-11-30T10:00:00Z' },
};

function mockEvent(overrides: Partial<KubeEvent> & { series?: unknown } = {}): KubeEvent {
  return {
    metadata: { name: 'nb-0.1', namespace: 'team', uid: 'uid-event', creationTimestamp: '2026-11-30T10:00:05Z' },
    involvedObject: { kind: 'Pod', name: 'nb-0', namespace: 'team' },
    type: 'Warning',
    reason: 'FailedScheduling',
    message: '0/2 nodes are available: 2 Insufficient nvidia.com/gpu.',
    ...overrides,
  };
}

describe('notebookNameOf', () => {
  const pods: Record<string, Pod> = { 'nb-0': { metadata: { name: 'nb-0', labels: { 'notebook-name': 'nb' } } } };
  it('finds the notebook of a pod by its label and of a StatefulSet by its name', () => {
    expect(notebookNameOf(mockEvent(), (name) => pods[name])).toBe('nb');
    expect(notebookNameOf(mockEvent({ involvedObject: { kind: 'StatefulSet', name: 'nb' } }), () => undefined)).toBe(
      'nb',
    );
  });
  it('leaves other pods and kinds alone', () => {
    expect(notebookNameOf(mockEvent({ involvedObject: { kind: 'Pod', name: 'other-0' } }), (n) => pods[n])).toBe(
      undefined,
    );
    expect(notebookNameOf(mockEvent({ involvedObject: { kind: 'Node', name: 'n1' } }), () => undefined)).toBe(
      undefined,
    );
  });
});

describe('reissuedEvent', () => {
  it('copies type and reason, prefixes the message and points at the Notebook', () => {
    const event = reissuedEvent(
      mockEvent({
        eventTime: '2026-11-30T10:00:05.123456Z',
        series: { count: 3, lastObservedTime: '2026-11-30T10:01:00.5Z' },
      }),
      notebook,
    );
    expect(event).toMatchObject({
      type: 'Warning',
      reason: 'FailedScheduling',
      message: 'Reissued from pod/nb-0: 0/2 nodes are available: 2 Insufficient nvidia.com/gpu.',
      involvedObject: { apiVersion: 'kubeflow.org/v1', kind: 'Notebook', name: 'nb', namespace: 'team', uid: 'uid-nb' },
      source: { component: 'notebook-controller' },
      firstTimestamp: '2026-11-30T10:00:05Z',
      lastTimestamp: '2026-11-30T10:01:00Z',
      count: 3,
    });
    expect(event.metadata.name).toMatch(/^nb\.[0-9a-f]{16}$/);
  });

  it('names the same source event the same way, and different ones differently', () => {
    const a = reissuedEvent(mockEvent(), notebook).metadata.name;
    expect(reissuedEvent(mockEvent({ count: 5 }), notebook).metadata.name).toBe(a);
    const other = mockEvent();
    other.metadata = { ...other.metadata, uid: 'uid-other' };
    expect(reissuedEvent(other, notebook).metadata.name).not.toBe(a);
  });
});

describe('occurrences and predatesNotebook', () => {
  it('counts core and series events', () => {
    expect(occurrences(mockEvent())).toBe(1);
    expect(occurrences(mockEvent({ count: 4 }))).toBe(4);
    expect(occurrences(mockEvent({ series: { count: 2 } }))).toBe(2);
  });
  it('tells an old event of a re-used name apart, at second precision', () => {
    expect(predatesNotebook(mockEvent({ lastTimestamp: '2026-11-30T09:59:59Z' }), notebook)).toBe(true);
    expect(predatesNotebook(mockEvent({ lastTimestamp: '2026-11-30T10:00:00Z' }), notebook)).toBe(false);
  });
});
