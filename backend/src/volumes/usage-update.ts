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

const FIELDS = ['name', 'usage', 'usedBytes'] as const;

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
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push({ field: `data[${index}]`, message: 'each entry must be an object {name, usage, usedBytes}.' });
      return;
    }
    const item = raw as Record<string, unknown>;
    // Strings only, as documented: a `false` or a number is not coerced into one.
    const wrong = FIELDS.filter((f) => typeof item[f] !== 'string');
    for (const field of wrong) {
      errors.push({ field: `data[${index}].${field}`, message: `${field} must be a string.` });
    }
    if (wrong.length > 0) return;
    const name = item.name as string;
    const usage = (item.usage as string).trim();
    const usedBytes = (item.usedBytes as string).trim();
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
