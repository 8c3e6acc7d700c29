import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';

/**
 * Renders our kustomizations as `kubectl kustomize` does, for the subset of kustomize that deploy/
 * uses: resources (files and folders), components, namespace, configMapGenerator (a content-hash
 * name suffix, and the references to it rewritten), images and inline JSON 6902 patches (add,
 * replace and remove) on a kind + name target. Anything else in a kustomization is
 * an error, so a manifest change that needs more fails the test instead of rendering wrongly. This
 * keeps the deploy test independent of a kubectl binary. The output equals kubectl's except for the
 * hash digits of the ConfigMap suffix.
 */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: any;
};

const SUPPORTED_KEYS = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'components',
  'configMapGenerator',
  'images',
  'patches',
]);
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PersistentVolume',
  'PriorityClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
]);

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  components?: string[];
  configMapGenerator?: { name: string; files?: string[]; [k: string]: unknown }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  patches?: { target?: { kind?: string; name?: string }; patch?: string; path?: string }[];
}

/** One inline JSON 6902 patch (add, replace, remove) applied to the objects its target names. */
function applyPatch(dir: string, objects: KubeObject[], entry: NonNullable<Kustomization['patches']>[number]): void {
  if (!entry.patch || entry.path || !entry.target?.kind || !entry.target.name) {
    throw new Error(`${dir}: only inline patches with a kind and name target are supported`);
  }
  const targets = objects.filter((o) => o.kind === entry.target!.kind && o.metadata.name === entry.target!.name);
  if (targets.length !== 1) throw new Error(`${dir}: patch target ${entry.target.kind}/${entry.target.name} not found`);
  const ops = parse(entry.patch) as { op: string; path: string; value: unknown }[];
  for (const { op, path, value } of ops) {
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw new Error(`${dir}: unsupported patch op ${op}`);
    const keys = path
      .split('/')
      .slice(1)
      .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop()!;
    let node: any = targets[0];
    for (const key of keys) {
      node = node?.[Array.isArray(node) ? Number(key) : key];
      if (node === undefined) throw new Error(`${dir}: patch path ${path} does not exist`);
    }
    if (op === 'remove') {
      if (node?.[last] === undefined) throw new Error(`${dir}: patch path ${path} does not exist`);
      if (Array.isArray(node)) node.splice(Number(last), 1);
      else delete node[last];
    } else if (Array.isArray(node) && last === '-') node.push(value);
    else if (Array.isArray(node) && op === 'add') node.splice(Number(last), 0, value);
    else node[Array.isArray(node) ? Number(last) : last] = value;
  }
}

function readKustomization(dir: string, expectedKind: 'Kustomization' | 'Component'): Kustomization {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) throw new Error(`${dir}: no kustomization.yaml`);
  const k = parse(readFileSync(file, 'utf8')) as Kustomization;
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED_KEYS.has(key));
  if (unsupported.length > 0) throw new Error(`${file}: unsupported kustomize fields ${unsupported.join(', ')}`);
  if ((k.kind ?? 'Kustomization') !== expectedKind) throw new Error(`${file}: expected kind ${expectedKind}`);
  return k;
}

function readObjects(file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJSON() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
}

/** Go's json.Marshal of a map: sorted keys, and <, >, & escaped. */
function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sorted(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A kustomize-style name suffix: 10 characters of a SHA-256 of the content, with 0, 1, 3, a, e swapped out. */
export function configMapHash(name: string, data: Record<string, string>): string {
  const hex = createHash('sha256')
    .update(goJson({ kind: 'ConfigMap', name, data }))
    .digest('hex');
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join('');
}

function podSpecOf(obj: KubeObject): any {
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(obj.kind))
    return obj.spec?.template?.spec;
  if (obj.kind === 'Pod') return obj.spec;
  return undefined;
}

/**
 * Renders `dir`. A component works on the objects of the kustomization that includes it
 * (`accumulated`): its resources join them and its patches may target them.
 */
function render(dir: string, kind: 'Kustomization' | 'Component', accumulated: KubeObject[] = []): KubeObject[] {
  const k = readKustomization(dir, kind);
  const objects = accumulated;
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    if (statSync(path).isDirectory()) objects.push(...render(path, 'Kustomization'));
    else objects.push(...readObjects(path));
  }
  for (const entry of k.components ?? []) render(resolve(dir, entry), 'Component', objects);
  for (const entry of k.patches ?? []) applyPatch(dir, objects, entry);

  const renamed = new Map<string, string>();
  for (const generator of k.configMapGenerator ?? []) {
    const extra = Object.keys(generator).filter((key) => key !== 'name' && key !== 'files');
    if (extra.length > 0) throw new Error(`${dir}: unsupported configMapGenerator fields ${extra.join(', ')}`);
    const data: Record<string, string> = {};
    for (const spec of generator.files ?? []) {
      const [key, path] = spec.includes('=') ? spec.split('=', 2) : [basename(spec), spec];
      const full = resolve(dir, path!);
      if (!full.startsWith(`${resolve(dir)}/`)) throw new Error(`${dir}: ${spec} is outside the kustomization`);
      data[key!] = readFileSync(full, 'utf8');
    }
    const name = `${generator.name}-${configMapHash(generator.name, data)}`;
    renamed.set(generator.name, name);
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
  }

  if (k.namespace) {
    const serviceAccounts = new Set(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name));
    for (const obj of objects) {
      if (!CLUSTER_SCOPED.has(obj.kind)) obj.metadata.namespace = k.namespace;
      if (obj.kind === 'ClusterRoleBinding' || obj.kind === 'RoleBinding') {
        for (const s of obj.subjects ?? []) {
          if (s.kind === 'ServiceAccount' && serviceAccounts.has(s.name)) s.namespace = k.namespace;
        }
      }
    }
  }

  for (const obj of objects) {
    const pod = podSpecOf(obj);
    if (!pod) continue;
    for (const volume of pod.volumes ?? []) {
      if (volume.configMap && renamed.has(volume.configMap.name))
        volume.configMap.name = renamed.get(volume.configMap.name);
    }
    for (const container of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
      for (const from of container.envFrom ?? []) {
        if (from.configMapRef && renamed.has(from.configMapRef.name))
          from.configMapRef.name = renamed.get(from.configMapRef.name);
      }
      for (const env of container.env ?? []) {
        const ref = env.valueFrom?.configMapKeyRef;
        if (ref && renamed.has(ref.name)) ref.name = renamed.get(ref.name);
      }
      for (const image of k.images ?? []) {
        const match = /^(.*?)(?::([^:/@]+))?(@.*)?$/.exec(container.image as string)!;
        if (match[1] !== image.name) continue;
        if (image.digest) throw new Error(`${dir}: image digests are not supported here`);
        const tag = image.newTag ?? match[2];
        container.image = `${image.newName ?? match[1]}${tag ? `:${tag}` : ''}`;
      }
    }
  }
  return objects;
}

export function kustomizeBuild(dir: string): KubeObject[] {
  return render(resolve(dir), 'Kustomization');
}
