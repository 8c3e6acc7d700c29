import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordingResponse } from '../../../test/support/recording-response.ts';
import { BUNDLED_SPAWNER_CONFIG, SpawnerConfigStore } from '../config/spawner-config.ts';
import type { ClusterReader } from '../k8s/cluster-reader.ts';
import type { KubeEvent, KubeObject, Notebook } from '../k8s/types.ts';
import { PvcViewerFeature } from '../volumes/pvc-viewer-feature.ts';
import { LiveConnection } from './live-connection.ts';
import { LiveItems } from './live-items.ts';
import { NamespaceFeed } from './namespace-feed.ts';

/** Our own reader interface over in-memory objects (unit tests may fake the repository layer). */
class MemoryReader {
  notebooks: Notebook[] = [];
  events: KubeEvent[] = [];
  async listNotebooks() {
    return this.notebooks;
  }
  async getNotebook(_ns: string, name: string) {
    return this.notebooks.find((n) => n.metadata.name === name);
  }
  async listEvents(_ns: string, involved?: { kind: string; name: string }) {
    return involved
      ? this.events.filter((e) => e.involvedObject?.kind === involved.kind && e.involvedObject.name === involved.name)
      : this.events;
  }
  async listPvcs() {
    return [];
  }
  async getPvc() {
    return undefined;
  }
  async listPodDefaults() {
    return [];
  }
  async listPvcViewers() {
    return [];
  }
}

function notebook(name: string, status?: Notebook['status'], created = '2026-01-01T00:00:00Z'): Notebook {
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name, namespace: 'ns', creationTimestamp: created, resourceVersion: String(Math.random()) },
    spec: { template: { spec: { containers: [{ name, image: 'jupyter:1' }] } } },
    status,
  };
}

const running = { readyReplicas: 1, containerState: { running: {} } };

function setup() {
  const reader = new MemoryReader();
  const items = new LiveItems({
    reader: reader as unknown as ClusterReader,
    spawnerConfig: SpawnerConfigStore.load(BUNDLED_SPAWNER_CONFIG),
    viewers: new PvcViewerFeature(undefined as never, '/nonexistent/viewer-spec.yaml'),
    hiddenPodDefaultLabels: [],
  });
  const errors: unknown[] = [];
  const feed = new NamespaceFeed('ns', items, {
    batchMs: 100,
    maxTombstones: 10,
    usageRefreshMs: 60_000,
    onError: (e) => errors.push(e),
  });
  const connect = async (lastEventId?: string) => {
    const raw = new RecordingResponse();
    const connection = new LiveConnection(raw as unknown as ServerResponse, {
      subject: { user: 'u', groups: [] },
      namespace: 'ns',
      kinds: ['notebooks'],
      access: [],
      maxBufferBytes: 1 << 20,
      onClose: () => feed.detach(connection),
    });
    await feed.prepare(undefined);
    feed.attach(connection, lastEventId);
    return raw;
  };
  const change = (obj: KubeObject, kind: 'notebooks' | 'events' = 'notebooks') =>
    feed.changed(kind, { namespace: 'ns', name: obj.metadata.name!, current: obj });
  return { reader, feed, connect, change, errors };
}

afterEach(() => vi.useRealTimers());

describe('NamespaceFeed', () => {
  it('starts with a snapshot and sends changes within one batch window as one event', async () => {
    vi.useFakeTimers();
    const { reader, connect, change } = setup();
    reader.notebooks = [notebook('a', running), notebook('b', running)];
    const stream = await connect();
    expect(stream.events()).toEqual([
      { event: 'snapshot', id: expect.stringMatching(/^[0-9a-f]{8}\.0$/), data: { notebooks: expect.any(Array) } },
    ]);
    expect(stream.events()[0]!.data.notebooks.map((n: any) => n.name)).toEqual(['a', 'b']);

    reader.notebooks = [notebook('a', { ...running, readyReplicas: 0 }), notebook('b', running)];
    change(reader.notebooks[0]!);
    change(reader.notebooks[1]!);
    reader.notebooks = [reader.notebooks[0]!];
    change(notebook('b'));
    await vi.advanceTimersByTimeAsync(150);
    const events = stream.events();
    expect(events).toHaveLength(2);
    expect(events[1]!.event).toBe('notebooks');
    expect(events[1]!.id).toMatch(/\.1$/);
    expect(events[1]!.data.changed.map((n: any) => [n.name, n.status.phase])).toEqual([['a', 'warning']]);
    expect(events[1]!.data.removed).toEqual(['b']);
  });

  it('sends streams connecting before a change one snapshot, and those after it the changed lists', async () => {
    vi.useFakeTimers();
    const { reader, connect, change } = setup();
    reader.notebooks = [notebook('a', running)];
    const first = await connect();
    const second = await connect();
    expect(second.events()).toEqual(first.events());

    reader.notebooks = [notebook('a', { ...running, readyReplicas: 0 })];
    change(reader.notebooks[0]!);
    await vi.advanceTimersByTimeAsync(150);
    const [snapshot] = (await connect()).events();
    expect(snapshot!.id).toMatch(/\.1$/);
    expect(snapshot!.data.notebooks.map((n: any) => [n.name, n.status.phase])).toEqual([['a', 'warning']]);
  });

  it("publishes the pending batch before a new stream's snapshot: it holds what the caches hold", async () => {
    vi.useFakeTimers();
    const { reader, connect, change } = setup();
    reader.notebooks = [notebook('a', running)];
    const first = await connect();
    reader.notebooks = [notebook('a', running), notebook('just-written', running)];
    change(reader.notebooks[1]!);
    // Within the batch window: the new stream must not wait for it, nor miss the notebook.
    const second = await connect();
    expect(second.events()[0]!.data.notebooks.map((n: any) => n.name)).toEqual(['a', 'just-written']);
    // The open stream got the same change as an event, once.
    expect(first.events().map((e) => e.event)).toEqual(['snapshot', 'notebooks']);
    await vi.advanceTimersByTimeAsync(150);
    expect(first.events().map((e) => e.event)).toEqual(['snapshot', 'notebooks']);
    expect(second.events().map((e) => e.event)).toEqual(['snapshot']);
  });

  it('sends nothing when a change leaves the item as it was', async () => {
    vi.useFakeTimers();
    const { reader, connect, change } = setup();
    reader.notebooks = [notebook('a', running)];
    const stream = await connect();
    change(reader.notebooks[0]!);
    change(
      { metadata: { name: 'ev', namespace: 'ns' }, involvedObject: { kind: 'Pod', name: 'a-0' } } as KubeEvent,
      'events',
    );
    await vi.advanceTimersByTimeAsync(150);
    expect(stream.events().map((e) => e.event)).toEqual(['snapshot']);
  });

  it('resumes a client from its last id with what changed since, else sends a snapshot', async () => {
    vi.useFakeTimers();
    const { reader, connect, change } = setup();
    reader.notebooks = [notebook('a', running), notebook('b', running), notebook('c', running)];
    const first = await connect();
    const lastId = first.events()[0]!.id!;
    reader.notebooks = [
      notebook('a', running),
      notebook('b', { readyReplicas: 0, conditions: [{ type: 'Ready', status: 'False', reason: 'Quota' }] }),
    ];
    change(reader.notebooks[1]!);
    change(notebook('c'));
    await vi.advanceTimersByTimeAsync(150);
    const resumed = await connect(lastId);
    expect(resumed.events()).toEqual([
      {
        event: 'notebooks',
        id: first.events()[1]!.id,
        data: { changed: [expect.objectContaining({ name: 'b' })], removed: ['c'] },
      },
    ]);
    const current = await connect(first.events()[1]!.id);
    expect(current.text).toBe('');
    const stranger = await connect('00000000.1');
    expect(stranger.events().map((e) => e.event)).toEqual(['snapshot']);
  });

  it('re-evaluates a new notebook when its creation grace period ends', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-30T10:00:00Z') });
    const { reader, connect } = setup();
    reader.notebooks = [notebook('fresh', undefined, '2026-11-30T10:00:00Z')];
    const stream = await connect();
    expect(stream.events()[0]!.data.notebooks[0].status.key).toBe('waitingStatus');
    await vi.advanceTimersByTimeAsync(9_000);
    expect(stream.events()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(stream.events().map((e) => e.event)).toEqual(['snapshot', 'notebooks']);
    expect(stream.events()[1]!.data.changed[0].status.key).toBe('noInformation');
  });

  it('waits again when the grace period timer fires before the clock reaches its end', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-30T10:00:00Z') });
    const { reader, connect } = setup();
    reader.notebooks = [notebook('fresh', undefined, '2026-11-30T10:00:00Z')];
    const stream = await connect();
    // A Node timer counts from the event loop's cached time, which a busy loop leaves behind the clock.
    vi.setSystemTime(Date.now() - 50);
    await vi.advanceTimersByTimeAsync(10_001);
    expect(stream.events()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(stream.events().map((e) => e.event)).toEqual(['snapshot', 'notebooks']);
    expect(stream.events()[1]!.data.changed[0].status.key).toBe('noInformation');
  });

  it('keeps what is dirty and retries when a read fails', async () => {
    vi.useFakeTimers();
    const { reader, connect, change, errors } = setup();
    reader.notebooks = [notebook('a', running)];
    const stream = await connect();
    const list = reader.listNotebooks.bind(reader);
    reader.listNotebooks = async () => {
      throw new Error('cache not synced');
    };
    reader.notebooks = [notebook('a', { readyReplicas: 0 })];
    change(reader.notebooks[0]!);
    await vi.advanceTimersByTimeAsync(150);
    expect(errors).toHaveLength(1);
    reader.listNotebooks = list;
    await vi.advanceTimersByTimeAsync(1100);
    expect(stream.events().map((e) => e.event)).toEqual(['snapshot', 'notebooks']);
  });
});
