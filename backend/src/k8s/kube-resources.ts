import { type KubeRestClient } from './rest-client.ts';
import { resourcePath, type ResourceType } from './resources.ts';
import type { KubeList, KubeObject } from './types.ts';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  limit?: number;
  continue?: string;
}

export interface WriteOptions {
  dryRun?: boolean;
}

export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Typed CRUD on one resource type, on top of the REST client. */
export class KubeResources<T extends KubeObject> {
  readonly type: ResourceType;
  private readonly client: KubeRestClient;

  constructor(client: KubeRestClient, type: ResourceType) {
    this.client = client;
    this.type = type;
  }

  get(namespace: string | undefined, name: string): Promise<T> {
    return this.client.requestJson<T>({
      method: 'GET',
      path: resourcePath(this.type, { namespace, name }),
      verb: 'get',
      resource: this.type.resource,
    });
  }

  list(namespace: string | undefined, options: ListOptions = {}): Promise<KubeList<T>> {
    return this.client.requestJson<KubeList<T>>({
      method: 'GET',
      path: resourcePath(this.type, { namespace }),
      query: { ...options },
      verb: 'list',
      resource: this.type.resource,
    });
  }

  private written(namespace: string | undefined, object: T, dryRun?: boolean): T {
    if (!dryRun && object.metadata?.name) {
      this.client.notifyWrite({ resource: this.type.resource, namespace, name: object.metadata.name, object });
    }
    return object;
  }

  async create(namespace: string | undefined, body: T, options: WriteOptions = {}): Promise<T> {
    const created = await this.client.requestJson<T>({
      method: 'POST',
      path: resourcePath(this.type, { namespace }),
      query: { dryRun: options.dryRun ? 'All' : undefined, fieldManager: 'jupyter-apis' },
      body,
      verb: 'create',
      resource: this.type.resource,
    });
    return this.written(namespace, created, options.dryRun);
  }

  /** PUT of a whole object; its metadata.resourceVersion makes a stale write a Conflict. */
  async replace(namespace: string | undefined, name: string, body: T, options: WriteOptions = {}): Promise<T> {
    const replaced = await this.client.requestJson<T>({
      method: 'PUT',
      path: resourcePath(this.type, { namespace, name }),
      query: { dryRun: options.dryRun ? 'All' : undefined, fieldManager: 'jupyter-apis' },
      body,
      verb: 'update',
      resource: this.type.resource,
    });
    return this.written(namespace, replaced, options.dryRun);
  }

  async mergePatch(namespace: string | undefined, name: string, patch: unknown, subresource?: string): Promise<T> {
    const patched = await this.client.requestJson<T>({
      method: 'PATCH',
      path: resourcePath(this.type, { namespace, name, subresource }),
      query: { fieldManager: 'jupyter-apis' },
      body: patch,
      contentType: 'application/merge-patch+json',
      verb: 'patch',
      resource: subresource ? `${this.type.resource}/${subresource}` : this.type.resource,
    });
    return this.written(namespace, patched);
  }

  async delete(namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<void> {
    const text = await this.client.requestText({
      method: 'DELETE',
      path: resourcePath(this.type, { namespace, name }),
      query: { dryRun: options.dryRun ? 'All' : undefined },
      body: {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        propagationPolicy: options.propagationPolicy,
        preconditions: options.preconditions,
      },
      verb: 'delete',
      resource: this.type.resource,
    });
    if (options.dryRun) return;
    // While finalizers hold the object the answer is the object, marked for deletion; once it is
    // gone the answer is a Status or (custom resources) its last state.
    let body: Partial<T> | undefined;
    try {
      body = JSON.parse(text) as Partial<T>;
    } catch {
      body = undefined;
    }
    const finalizers = body?.metadata?.finalizers as unknown[] | undefined;
    const held = body?.kind !== 'Status' && body?.metadata?.deletionTimestamp && (finalizers?.length ?? 0) > 0;
    if (held) this.written(namespace, body as T);
    else this.client.notifyWrite({ resource: this.type.resource, namespace, name, deleted: true });
  }
}
