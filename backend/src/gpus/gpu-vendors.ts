import type { Node } from '../k8s/types.ts';

/** `gpus.value.vendors[].limitsKey` of the spawner config, in config order; odd entries skipped. */
export function configuredVendors(config: Record<string, unknown>): string[] {
  const gpus = config.gpus as { value?: { vendors?: unknown } } | undefined;
  const vendors = gpus?.value?.vendors;
  if (!Array.isArray(vendors)) return [];
  return vendors
    .map((v) => (v && typeof v === 'object' ? (v as { limitsKey?: unknown }).limitsKey : undefined))
    .filter((k): k is string => typeof k === 'string' && k !== '');
}

/** The configured vendors some node advertises in `status.capacity`. */
export function advertisedVendors(configured: readonly string[], nodes: readonly Node[]): string[] {
  const advertised = new Set(nodes.flatMap((n) => Object.keys(n.status?.capacity ?? {})));
  return configured.filter((key) => advertised.has(key));
}
