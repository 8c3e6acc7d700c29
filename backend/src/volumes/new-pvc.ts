import { ACCESS_MODES } from '@jupyter-apis/contract';
import type { FieldError } from '../errors.ts';
import { isDns1123Subdomain } from '../http/path-params.ts';
import type { PersistentVolumeClaim } from '../k8s/types.ts';
import { Quantity } from '../quantity.ts';

/** `class` tokens of the upstream volumes app. */
export const NO_CLASS = '{none}';
export const DEFAULT_CLASS = '{empty}';

export interface NewPvc {
  name: string;
  size: string;
  mode: string;
  /** undefined: omit storageClassName (cluster default); "": no class. */
  storageClassName: string | undefined;
}

export type NewPvcResult = { ok: true; pvc: NewPvc } | { ok: false; errors: FieldError[] };

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** A bare number means Gi, as in the upstream form; else any Kubernetes quantity. */
function normaliseSize(size: unknown): string | undefined {
  const text = typeof size === 'number' ? String(size) : typeof size === 'string' ? size.trim() : undefined;
  if (text === undefined || text === '') return undefined;
  const withUnit = /^\d+(\.\d+)?$/.test(text) ? `${text}Gi` : text;
  const q = Quantity.parse(withUnit);
  return q && q.isPositive() ? withUnit : undefined;
}

/** Route 22's body, checked completely: every problem is reported, not just the first. */
export function parseNewPvc(body: unknown, namespace: string): NewPvcResult {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '', message: 'Request body must be a JSON object.' }] };
  }
  const b = body as Record<string, unknown>;
  const errors: FieldError[] = [];

  const name = typeof b.name === 'string' ? b.name : '';
  if (!present(b.name)) errors.push({ field: 'name', message: 'name is required.' });
  else if (typeof b.name !== 'string' || !isDns1123Subdomain(name)) {
    errors.push({
      field: 'name',
      message: `name '${String(b.name)}' must be a lowercase DNS-1123 subdomain of at most 253 characters.`,
    });
  }
  if (present(b.namespace) && b.namespace !== namespace) {
    errors.push({
      field: 'namespace',
      message: `namespace '${String(b.namespace)}' differs from the path namespace '${namespace}'.`,
    });
  }
  if (!present(b.type)) errors.push({ field: 'type', message: 'type is required.' });
  else if (b.type !== 'empty')
    errors.push({ field: 'type', message: `type '${String(b.type)}' is not supported; use 'empty'.` });

  const size = normaliseSize(b.size);
  if (!present(b.size)) errors.push({ field: 'size', message: 'size is required.' });
  else if (!size)
    errors.push({ field: 'size', message: `size '${String(b.size)}' must be a Kubernetes quantity greater than 0.` });

  const mode = typeof b.mode === 'string' ? b.mode : '';
  if (!present(b.mode)) errors.push({ field: 'mode', message: 'mode is required.' });
  else if (!(ACCESS_MODES as readonly string[]).includes(mode)) {
    errors.push({ field: 'mode', message: `mode '${String(b.mode)}' must be one of ${ACCESS_MODES.join(', ')}.` });
  }

  let storageClassName: string | undefined;
  if (!present(b.class)) errors.push({ field: 'class', message: 'class is required.' });
  else if (typeof b.class !== 'string') errors.push({ field: 'class', message: 'class must be a string.' });
  else if (b.class === NO_CLASS) storageClassName = '';
  else if (b.class === DEFAULT_CLASS) storageClassName = undefined;
  else if (!isDns1123Subdomain(b.class)) {
    errors.push({ field: 'class', message: `class '${b.class}' is not a valid StorageClass name.` });
  } else storageClassName = b.class;

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, pvc: { name, size: size!, mode, storageClassName } };
}

/** The PersistentVolumeClaim to create; no ownerReferences, so it outlives any notebook. */
export function buildPvc(namespace: string, pvc: NewPvc): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: pvc.name, namespace },
    spec: {
      accessModes: [pvc.mode],
      resources: { requests: { storage: pvc.size } },
      ...(pvc.storageClassName !== undefined ? { storageClassName: pvc.storageClassName } : {}),
    },
  };
}
