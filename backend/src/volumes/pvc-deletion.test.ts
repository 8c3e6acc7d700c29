import { describe, expect, it } from 'vitest';
import type { Pod } from '../k8s/types.ts';
import { planPvcDeletion } from './pvc-deletion.ts';

const pod = (name: string, claim: string, labels: Record<string, string> = {}): Pod => ({
  metadata: { name, labels },
  spec: { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: claim } }] },
});

describe('planPvcDeletion', () => {
  it('is blocked by non-viewer pods, sorted by name', () => {
    const plan = planPvcDeletion('data', [pod('b', 'data'), pod('a', 'data'), pod('c', 'other')], []);
    expect(plan.blockingPods).toEqual(['a', 'b']);
  });

  it('removes viewers owning viewer pods and viewers opened on the claim', () => {
    const plan = planPvcDeletion(
      'data',
      [pod('v-1', 'data', { 'app.kubernetes.io/name': 'data-viewer' }), { metadata: { name: 'no-spec' } }],
      [
        { metadata: { name: 'data' }, spec: { pvc: 'data' } },
        { metadata: { name: 'elsewhere' }, spec: { pvc: 'other' } },
      ],
    );
    expect(plan).toEqual({ blockingPods: [], viewers: ['data', 'data-viewer'] });
  });
});
