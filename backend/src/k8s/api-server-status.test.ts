import { describe, expect, it } from 'vitest';
import { ApiServerStatus } from './api-server-status.ts';
import { KubeError } from './kube-error.ts';
import type { KubeCallObserver, KubeRestClient } from './rest-client.ts';

/** Our REST client as far as the status uses it: an observer hook and /readyz that answers or not. */
function fakeRest() {
  const observers: KubeCallObserver[] = [];
  const state = { answers: false, probes: 0 };
  const rest = {
    addObserver: (o: KubeCallObserver) => observers.push(o),
    requestText: async () => {
      state.probes++;
      if (!state.answers)
        throw new KubeError('unreachable', 503, 'Unreachable', 'Kubernetes API unreachable (ECONNREFUSED)');
      return 'ok';
    },
  } as unknown as KubeRestClient;
  const call = (code: number, verb = 'list') =>
    observers.forEach((o) => o({ verb: verb as 'list', resource: 'pods', code, seconds: 0.01 }));
  return { rest, state, call };
}

describe('ApiServerStatus', () => {
  it('goes down on a call without an answer, and back up only when /readyz answers', async () => {
    const { rest, state, call } = fakeRest();
    const status = new ApiServerStatus(rest);
    expect(status.reachable).toBe(true);
    call(0);
    expect([status.reachable, status.downReason]).toEqual([false, 'unreachable']);
    // A 403 from a starting API server is an answer, not a recovery.
    call(403);
    expect(status.reachable).toBe(false);
    const waiting = status.nextRecovery(new AbortController().signal);
    expect(await status.probe()).toBe(false);
    state.answers = true;
    expect(await status.probe()).toBe(true);
    expect(await waiting).toBe(true);
    expect(status.reachable).toBe(true);
    expect(status.recoveredWithin(10_000)).toBe(true);
  });

  it('gives up waiting for recovery when told to, and ignores watches and 500s', async () => {
    const { rest, call } = fakeRest();
    const status = new ApiServerStatus(rest);
    call(500);
    call(0, 'watch');
    expect(status.reachable).toBe(true);
    expect(status.recoveredWithin(10_000)).toBe(false);
    call(503);
    const stop = new AbortController();
    const waiting = status.nextRecovery(stop.signal);
    stop.abort();
    expect(await waiting).toBe(false);
  });
});
