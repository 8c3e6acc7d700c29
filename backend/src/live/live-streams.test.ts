import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordingResponse } from '../../../test/support/recording-response.ts';
import { BUNDLED_SPAWNER_CONFIG, SpawnerConfigStore } from '../config/spawner-config.ts';
import { AppError } from '../errors.ts';
import type { ChangeSource } from '../k8s/change-source.ts';
import type { ClusterReader } from '../k8s/cluster-reader.ts';
import type { Decision, ResourceAttributes, SubjectAccessReviewer } from '../k8s/subject-access-review.ts';
import { PvcViewerFeature } from '../volumes/pvc-viewer-feature.ts';
import { LiveItems } from './live-items.ts';
import { LiveStreams, type OpenStream } from './live-streams.ts';

const empty = async () => [];
const reader = {
  listNotebooks: empty,
  listEvents: empty,
  listPvcs: empty,
  listPodDefaults: empty,
  listPvcViewers: empty,
} as unknown as ClusterReader;
const source: ChangeSource = { subscribe: () => () => {} };

/** Decisions as a test dictates them, each valid for `ttlMs` from when it is asked. */
function reviewer(ttlMs: number) {
  const asked: number[] = [];
  let allowed = true;
  const fake = {
    decide: async (): Promise<Decision> => {
      asked.push(Date.now());
      return { allowed, expiresAt: Date.now() + ttlMs };
    },
  };
  return { fake: fake as unknown as SubjectAccessReviewer, asked, revoke: () => (allowed = false) };
}

const access: ResourceAttributes[] = [
  { namespace: 'ns', verb: 'list', group: 'kubeflow.org', version: 'v1', resource: 'notebooks' },
];

function streams(sar: SubjectAccessReviewer, options: { maxPerUser?: number; ttlMs?: number } = {}) {
  const items = new LiveItems({
    reader,
    spawnerConfig: SpawnerConfigStore.load(BUNDLED_SPAWNER_CONFIG),
    viewers: new PvcViewerFeature(undefined as never, '/nonexistent/viewer-spec.yaml'),
    hiddenPodDefaultLabels: [],
  });
  const closed: string[] = [];
  const live = new LiveStreams(source, items, sar, {
    maxPerUser: options.maxPerUser ?? 5,
    maxTotal: 10,
    heartbeatMs: 15_000,
    maxBufferBytes: 1024,
    recheckFallbackMs: 10_000,
    authorize: true,
    describeDenial: (user, attrs) => `User '${user}' is not authorized to ${attrs.verb} ${attrs.resource}`,
    onClose: (reason) => closed.push(reason),
  });
  const open = async (user = 'alice') => {
    const raw = new RecordingResponse();
    const request: OpenStream = { subject: { user, groups: [] }, namespace: 'ns', kinds: ['notebooks'], access };
    await live.open(request, raw as unknown as ServerResponse, () => ({}));
    return raw;
  };
  return { live, open, closed };
}

afterEach(() => vi.useRealTimers());

describe('LiveStreams', () => {
  it('asks again exactly when the decision expires, and ends the stream with a reason once denied', async () => {
    vi.useFakeTimers({ now: 0 });
    const sar = reviewer(10_000);
    const { live, open, closed } = streams(sar.fake);
    const raw = await open();
    await vi.advanceTimersByTimeAsync(0);
    expect(sar.asked).toEqual([0]);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(sar.asked).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sar.asked).toEqual([0, 10_000]);
    sar.revoke();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(raw.ended).toBe(true);
    expect(raw.text).toContain(
      `event:closing\ndata:{"reason":"forbidden","message":"User 'alice' is not authorized to list notebooks"}`,
    );
    expect(closed).toEqual(['forbidden']);
    expect(live.count).toBe(0);
  });

  it('sends heartbeats to every stream from one timer', async () => {
    vi.useFakeTimers({ now: 0 });
    const { open } = streams(reviewer(60_000).fake);
    const [a, b] = [await open('alice'), await open('bob')];
    await vi.advanceTimersByTimeAsync(15_000);
    expect(a.text.endsWith(':heartbeat\n\n')).toBe(true);
    expect(b.text.endsWith(':heartbeat\n\n')).toBe(true);
  });

  it('refuses a user beyond the limit (429) and counts a dropped client as gone', async () => {
    const { live, open } = streams(reviewer(60_000).fake, { maxPerUser: 1 });
    const first = await open();
    await expect(open()).rejects.toMatchObject({ kind: 'tooManyRequests' } satisfies Partial<AppError>);
    first.emit('close');
    await open();
    expect(live.count).toBe(1);
  });

  it('closes every stream with a reconnect hint on shutdown, and refuses new ones', async () => {
    const { live, open, closed } = streams(reviewer(60_000).fake);
    const raw = await open();
    live.close();
    expect(raw.text).toMatch(/retry:1000\n\nevent:closing\ndata:\{"reason":"shutdown"/);
    expect(closed).toEqual(['shutdown']);
    await expect(open()).rejects.toMatchObject({ kind: 'unavailable' });
  });
});
