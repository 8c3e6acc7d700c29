import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

/**
 * The sandbox's own client for setting up the control plane, acting as the admin (system:masters) or
 * any token user. Only ever talks to the loopback API server.
 */
export class SandboxClient {
  private readonly server: string;
  private readonly token: string;
  private readonly dispatcher: Agent;

  constructor(server: string, caFile: string, token: string) {
    if (!/^https:\/\/127\.0\.0\.1:\d+$/.test(server)) throw new Error(`refusing non-loopback API server ${server}`);
    this.server = server;
    this.token = token;
    this.dispatcher = new Agent({ connect: { ca: readFileSync(caFile) } });
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; json: any; text: string }> {
    const res = await request(this.server + path, {
      method: method as 'GET',
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      dispatcher: this.dispatcher,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.body.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (e.g. a plain-text log): callers read `text`
    }
    return { status: res.statusCode, json, text };
  }

  /** Calls and throws on a non-2xx answer (with the Status message). */
  async must(method: string, path: string, body?: unknown, contentType?: string): Promise<any> {
    const res = await this.call(method, path, body, contentType);
    if (res.status < 200 || res.status >= 300) {
      throw new Error(`${method} ${path} -> ${res.status}: ${res.json?.message ?? res.text.slice(0, 300)}`);
    }
    return res.json;
  }

  /** Server-side apply of one object (as `kubectl apply --server-side --force-conflicts`). */
  async apply(obj: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): Promise<any> {
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    const plural = pluralOf(obj.kind);
    const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const ns = obj.metadata.namespace ? `/namespaces/${obj.metadata.namespace}` : '';
    const path = `${base}${ns}/${plural}/${obj.metadata.name}?fieldManager=jupyter-apis-sandbox&force=true`;
    return this.must('PATCH', path, obj, 'application/apply-patch+yaml');
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

const PLURALS: Record<string, string> = {
  CustomResourceDefinition: 'customresourcedefinitions',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
  Role: 'roles',
  RoleBinding: 'rolebindings',
  Namespace: 'namespaces',
  ServiceAccount: 'serviceaccounts',
  StorageClass: 'storageclasses',
  ConfigMap: 'configmaps',
  PodDefault: 'poddefaults',
  Notebook: 'notebooks',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  Pod: 'pods',
  Event: 'events',
  Node: 'nodes',
};

export function pluralOf(kind: string): string {
  const plural = PLURALS[kind];
  if (!plural) throw new Error(`sandbox client does not know the plural of ${kind}`);
  return plural;
}
