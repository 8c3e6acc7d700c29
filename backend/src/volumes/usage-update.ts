import type { FieldError } from '../errors.ts';
import { isDns1123Subdomain } from '../http/path-params.ts';
import { USAGE_ANNOTATION, USED_BYTES_ANNOTATION } from './pvc-item.ts';
import { isValidUsage, isValidUsedBytes } from './volume-usage.ts';

export interface UsageEntry {
  index: number;
  name: string;
  usage: string;
  usedBytes: string;
}

export type UsageUpdate = { ok: true; entries: UsageEntry[] } | { ok: false; errors: FieldError[] };

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/**
 * Route 32's body `{data: [{name, usage, usedBytes}]}`. Entries with an empty value are skipped;
 * every bad entry is reported.
 */
export function parseUsageUpdate(body: unknown): UsageUpdate {
  const data = body && typeof body === 'object' ? (body as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) return { ok: false, errors: [{ field: 'data', message: 'data must be an array.' }] };
  const errors: FieldError[] = [];
  const entries: UsageEntry[] = [];
  data.forEach((raw: unknown, index) => {
    const item = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const name = text(item.name);
    const usage = text(item.usage).trim();
    const usedBytes = text(item.usedBytes).trim();
    if (!isDns1123Subdomain(name)) {
      errors.push({ field: `data[${index}].name`, message: `name '${name}' is not a PVC name.` });
      return;
    }
    if (usage === '' || usedBytes === '') return;
    if (!isValidUsage(usage)) {
      errors.push({ field: `data[${index}].usage`, message: `usage '${usage}' must be a decimal from 0 to 100.` });
    }
    if (!isValidUsedBytes(usedBytes)) {
      errors.push({
        field: `data[${index}].usedBytes`,
        message: `usedBytes '${usedBytes}' must be a non-negative integer.`,
      });
    }
    entries.push({ index, name, usage, usedBytes });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entries };
}

export function usageAnnotationsPatch(entry: UsageEntry): unknown {
  return { metadata: { annotations: { [USAGE_ANNOTATION]: entry.usage, [USED_BYTES_ANNOTATION]: entry.usedBytes } } };
}
