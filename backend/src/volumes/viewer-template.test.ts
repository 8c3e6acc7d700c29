import { describe, expect, it } from 'vitest';
import { substituteVariables } from './viewer-template.ts';
import { pvcViewerState } from './pvc-viewer-state.ts';

describe('substituteVariables', () => {
  it('replaces $VAR and ${VAR} in nested strings and leaves unknown ones', () => {
    const out = substituteVariables(
      { a: '$NAME-${NAMESPACE}', b: ['x$NAME', 3, true], c: { d: '$UNKNOWN ${ALSO_UNKNOWN}' } },
      { NAME: 'data', NAMESPACE: 'ns' },
    );
    expect(out).toEqual({ a: 'data-ns', b: ['xdata', 3, true], c: { d: '$UNKNOWN ${ALSO_UNKNOWN}' } });
  });
});

describe('pvcViewerState (status.md §3)', () => {
  it('maps absence, deletion, readiness', () => {
    expect(pvcViewerState(undefined)).toEqual({ status: 'uninitialized', url: null });
    expect(pvcViewerState({ metadata: { deletionTimestamp: 'x' }, status: { ready: true, url: '/u' } })).toEqual({
      status: 'terminating',
      url: '/u',
    });
    expect(pvcViewerState({ metadata: {}, status: { ready: true, url: '/u' } })).toEqual({
      status: 'ready',
      url: '/u',
    });
    expect(pvcViewerState({ metadata: {} })).toEqual({ status: 'waiting', url: null });
  });
});
