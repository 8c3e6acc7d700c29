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

  create(namespace: string | undefined, body: T, options: WriteOptions = {}): Promise<T> {
    return this.client.requestJson<T>({
      method: 'POST',
      path: resourcePath(this.type, { namespace }),
      query: { dryRun: options.dryRun ? 'All' : undefined, fieldManager: 'jupyter-apis' },
      body,
      verb: 'create',
      resource: this.type.resource,
    });
  }

  /** PUT of a whole object; its metadata.resourceVersion makes a stale write a Conflict. */
  replace(namespace: string | undefined, name: string, body: T, options: WriteOptions = {}): Promise<T> {
    return this.client.requestJson<T>({
      method: 'PUT',
      path: resourcePath(this.type, { namespace, name }),
      query: { dryRun: options.dryRun ? 'All' : undefined, fieldManager: 'jupyter-apis' },
      body,
      verb: 'update',
      resource: this.type.resource,
    });
  }

  mergePatch(namespace: string | undefined, name: string, patch: unknown, subresource?: string): Promise<T> {
    return this.client.requestJson<T>({
      method: 'PATCH',
      path: resourcePath(this.type, { namespace, name, subresource }),
      query: { fieldManager: 'jupyter-apis' },
      body: patch,
      contentType: 'application/merge-patch+json',
      verb: 'patch',
      resource: subresource ? `${this.type.resource}/${subresource}` : this.type.resource,
    });
  }

  async delete(namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<void> {
    await this.client.requestText({
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
  }
}
