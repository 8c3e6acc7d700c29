import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';

/**
 * Writes objects straight into the bench's own etcd (127.0.0.1), as the API server stores them
 * (JSON under /registry/...), many to a transaction: seeding 100,000 notebooks with their pods and
 * events through the API server would take most of an hour on two shared cores. The API server's
 * watch caches see these writes like any other (they watch etcd), and reads decode the JSON as they
 * would objects stored by an older API server. Only for the bulk of other teams' namespaces; the
 * bench user's namespaces (RBAC, PVCs, statuses) go through the API server.
 */
export class EtcdWriter {
  private readonly url: string;
  private readonly dispatcher = new Agent({ connections: 8 });
  private pending: { key: string; value: string }[] = [];
  private inFlight = new Set<Promise<void>>();
  written = 0;

  /** etcd's default limit of operations per transaction is 128. */
  private static readonly BATCH = 100;
  private static readonly CONCURRENCY = 4;

  constructor(etcdPort: number) {
    this.url = `http://127.0.0.1:${etcdPort}/v3/kv/txn`;
  }

  /** Queues one object under `key` (e.g. `/registry/pods/ns/name`); writes a batch when one is full. */
  async put(key: string, object: unknown): Promise<void> {
    this.pending.push({ key, value: JSON.stringify(object) });
    if (this.pending.length >= EtcdWriter.BATCH) await this.flushBatch();
  }

  private async flushBatch(): Promise<void> {
    const batch = this.pending.splice(0, EtcdWriter.BATCH);
    if (batch.length === 0) return;
    while (this.inFlight.size >= EtcdWriter.CONCURRENCY) await Promise.race(this.inFlight);
    const write = this.writeBatch(batch).finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
  }

  private async writeBatch(batch: { key: string; value: string }[]): Promise<void> {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const body = JSON.stringify({
      success: batch.map(({ key, value }) => ({ requestPut: { key: b64(key), value: b64(value) } })),
    });
    const res = await request(this.url, {
      method: 'POST',
      body,
      dispatcher: this.dispatcher,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`etcd txn answered ${res.statusCode}: ${text.slice(0, 300)}`);
    this.written += batch.length;
  }

  /** Writes what is queued and waits for every write. */
  async flush(): Promise<void> {
    while (this.pending.length > 0) await this.flushBatch();
    await Promise.all(this.inFlight);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.dispatcher.close();
  }
}

/** Metadata as the API server would have filled it in on create (no resourceVersion: etcd's revision is it). */
export function storedMetadata(name: string, namespace: string | undefined, created: string, extra: object = {}) {
  return { name, ...(namespace ? { namespace } : {}), uid: randomUUID(), creationTimestamp: created, ...extra };
}

/**
 * A managedFields entry like the one the API server records for a create: one `f:`/`k:` entry per
 * field set, so objects written here are as large as objects created through the API server.
 */
export function managedFieldsFor(object: Record<string, unknown>, apiVersion: string, time: string) {
  const fields = (value: unknown): Record<string, unknown> => {
    if (Array.isArray(value)) {
      const out: Record<string, unknown> = {};
      for (const item of value) {
        const named =
          item && typeof item === 'object' && 'name' in item ? `k:{"name":"${String(item.name)}"}` : undefined;
        if (named) out[named] = { '.': {}, ...fields(item) };
      }
      return out;
    }
    if (!value || typeof value !== 'object') return {};
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) out[`f:${key}`] = fields(child);
    return out;
  };
  const { metadata, ...rest } = object as { metadata: { labels?: unknown; annotations?: unknown } };
  const fieldsV1 = {
    ...fields(rest),
    'f:metadata': fields({ labels: metadata.labels, annotations: metadata.annotations }),
  };
  delete (fieldsV1 as Record<string, unknown>)['f:apiVersion'];
  delete (fieldsV1 as Record<string, unknown>)['f:kind'];
  return [{ manager: 'bench-seed', operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1 }];
}

/** What the API server adds to a pod on create (defaults, default tolerations, the pending status). */
export function withPodDefaults<P extends { spec: { containers: object[] } }>(pod: P) {
  return {
    ...pod,
    spec: {
      ...pod.spec,
      containers: pod.spec.containers.map((c: object) => ({
        ...c,
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      })),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  };
}
