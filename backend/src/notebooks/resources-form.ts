import type { FieldError } from '../errors.ts';
import { MEBI, GIBI, Quantity } from '../quantity.ts';
import type { ResourceConfig } from './spawner-form.ts';

/** A request and its limit as written into the container; limit undefined means none. */
export interface ResolvedResource {
  request: string;
  limit?: string;
}

function bodyText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NaN';
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  return 'invalid';
}

/** Parses a request or limit; memory must carry a unit. */
function parseQuantity(text: string, field: string, memory: boolean, errors: FieldError[]): Quantity | undefined {
  const q = Quantity.parse(text);
  if (!q) {
    errors.push({
      field,
      message: `'${text}' is not a valid quantity${memory ? ', e.g. "2Gi"' : ', e.g. "0.5" or "500m"'}.`,
    });
    return undefined;
  }
  if (!q.isPositive()) {
    errors.push({ field, message: `${field} must be greater than zero.` });
    return undefined;
  }
  if (memory && !Quantity.hasUnit(text)) {
    errors.push({ field, message: 'memory needs a unit, e.g. "2Gi"' });
    return undefined;
  }
  return q;
}

/** The limit derived from the config: limitValue, else request × limitFactor, else none. */
export function configLimit(request: Quantity, config: ResourceConfig, memory: boolean): string | undefined {
  if (config.limitValue) return config.limitValue;
  if (config.limitFactor === 'none' || config.limitFactor === '') return undefined;
  const product = request.times(config.limitFactor);
  if (!product) return undefined;
  if (!memory) return product.toDecimal(1n, 3);
  const mebibytes = product.ceilTo(MEBI);
  return (mebibytes * MEBI) % GIBI === 0n ? `${(mebibytes * MEBI) / GIBI}Gi` : `${mebibytes}Mi`;
}

function sameQuantity(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const qa = Quantity.parse(a);
  const qb = Quantity.parse(b);
  return !!qa && !!qb && qa.equals(qb);
}

/**
 * cpu/cpuLimit or memory/memoryLimit (notebook-from-form.md §5.3). `current` is the value to keep when
 * the body omits the request (edit); otherwise the config value is the default.
 */
export function resolveResource(
  body: Record<string, unknown>,
  key: 'cpu' | 'memory',
  config: ResourceConfig,
  errors: FieldError[],
  current?: ResolvedResource,
): ResolvedResource | undefined {
  const memory = key === 'memory';
  const limitKey = `${key}Limit`;
  const requestText = bodyText(body[key]);
  const limitText = bodyText(body[limitKey]);
  const before = errors.length;

  if (config.readOnly) {
    const configRequest = Quantity.parse(config.value);
    if (!configRequest) return undefined;
    const limit = configLimit(configRequest, config, memory);
    if (requestText !== undefined && !sameQuantity(requestText, config.value)) {
      errors.push({ field: key, message: `'${key}' is read-only; remove it or send the configured value.` });
    }
    if (limitText !== undefined && !sameQuantity(limitText, limit)) {
      errors.push({ field: limitKey, message: `'${limitKey}' is read-only; remove it or send the configured value.` });
    }
    return errors.length === before ? { request: config.value, limit } : undefined;
  }

  let request: string;
  let requestQ: Quantity | undefined;
  if (requestText !== undefined) {
    request = requestText;
    requestQ = parseQuantity(request, key, memory, errors);
  } else if (current) {
    request = current.request;
    requestQ = Quantity.parse(request);
  } else {
    request = config.value;
    requestQ = Quantity.parse(request);
  }
  let limit: string | undefined;
  let limitQ: Quantity | undefined;
  if (limitText !== undefined) {
    limit = limitText;
    limitQ = parseQuantity(limit, limitKey, memory, errors);
  } else if (current && requestText === undefined) {
    limit = current.limit;
    limitQ = limit ? Quantity.parse(limit) : undefined;
  } else if (requestQ) {
    limit = configLimit(requestQ, config, memory);
    limitQ = limit ? Quantity.parse(limit) : undefined;
  }
  if (requestQ && limitQ && limitQ.compare(requestQ) < 0) {
    errors.push({ field: limitKey, message: `${limitKey} must be greater than or equal to ${key}` });
  }
  if (errors.length !== before) return undefined;
  return { request, limit };
}
