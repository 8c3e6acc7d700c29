import { LIVE_KINDS, type LiveKind } from '@jupyter-apis/contract';
import { invalidRequest, type FieldError } from '../errors.ts';
import { isDns1123Subdomain } from '../http/path-params.ts';
import type { WatchedObject } from './live-items.ts';

export interface StreamRequest {
  kinds: LiveKind[];
  object?: WatchedObject;
  lastEventId?: string;
}

function text(value: unknown): string | undefined {
  if (Array.isArray(value)) return text(value[value.length - 1]);
  return typeof value === 'string' ? value : undefined;
}

/** The stream's query and Last-Event-ID header; a 400 lists every problem. */
export function parseStreamRequest(query: Record<string, unknown>, lastEventIdHeader: unknown): StreamRequest {
  const errors: FieldError[] = [];
  const kindsText = text(query.kinds);
  let kinds: LiveKind[] = [...LIVE_KINDS];
  if (kindsText !== undefined) {
    const asked = kindsText
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== '');
    const unknown = asked.filter((k) => !(LIVE_KINDS as readonly string[]).includes(k));
    if (unknown.length > 0 || asked.length === 0) {
      errors.push({ field: 'kinds', message: `kinds must be a comma list of ${LIVE_KINDS.join(', ')}.` });
    }
    kinds = LIVE_KINDS.filter((k) => asked.includes(k));
  }
  const notebook = text(query.notebook);
  const pvc = text(query.pvc);
  for (const [field, value] of [
    ['notebook', notebook],
    ['pvc', pvc],
  ] as const) {
    if (value !== undefined && !isDns1123Subdomain(value)) {
      errors.push({ field, message: `${field} must be a Kubernetes object name.` });
    }
  }
  if (notebook !== undefined && pvc !== undefined) {
    errors.push({ field: 'pvc', message: 'Name a notebook or a PVC, not both.' });
  }
  if (errors.length > 0) throw invalidRequest(errors);
  const object: WatchedObject | undefined =
    notebook !== undefined
      ? { kind: 'Notebook', name: notebook }
      : pvc !== undefined
        ? { kind: 'PersistentVolumeClaim', name: pvc }
        : undefined;
  const lastEventId = text(lastEventIdHeader) ?? text(query.lastEventId);
  return { kinds, object, lastEventId: lastEventId?.trim() || undefined };
}
