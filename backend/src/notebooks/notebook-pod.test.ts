import { describe, expect, it } from 'vitest';
import type { Pod } from '../k8s/types.ts';
import { logLines, pickNotebookPod } from './notebook-pod.ts';

const pod = (name: string, created: string, notebook = 'nb'): Pod => ({
  metadata: { name, creationTimestamp: created, labels: { 'notebook-name': notebook } },
});

describe('notebook pod and logs', () => {
  it('prefers <nb>-0, else the newest pod labelled for the notebook', () => {
    const older = pod('nb-a', '2026-01-01T00:00:00Z');
    const newer = pod('nb-b', '2026-01-02T00:00:00Z');
    expect(pickNotebookPod([older, newer, pod('nb-0', '2025-01-01T00:00:00Z')], 'nb')?.metadata.name).toBe('nb-0');
    expect(pickNotebookPod([older, newer], 'nb')?.metadata.name).toBe('nb-b');
    expect(pickNotebookPod([pod('x-0', '2026-01-01T00:00:00Z', 'other')], 'nb')).toBeUndefined();
  });

  it('splits log text into lines without the empty one after the final newline', () => {
    expect(logLines('a\nb\n')).toEqual(['a', 'b']);
    expect(logLines('a\n\nb')).toEqual(['a', '', 'b']);
    expect(logLines('')).toEqual([]);
  });
});
