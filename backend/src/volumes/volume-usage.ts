import type { PvcUsage } from '@jupyter-apis/contract';
import { Quantity } from '../quantity.ts';

/** One Prometheus vector sample: the series labels and its value. */
export interface UsageSample {
  metric: Record<string, string>;
  value: string;
}

export const USED_BYTES_METRIC = 'kubelet_volume_stats_used_bytes';
export const CAPACITY_METRIC = 'kubelet_volume_stats_capacity_bytes';

/** `used / capacity × 100` as the shortest decimal (at most 2 places); "" when it cannot be known. */
export function usagePercent(used: string, capacity: string): string {
  const u = Quantity.parse(used);
  const c = Quantity.parse(capacity);
  if (!u || !c || !c.isPositive() || u.num < 0n) return '';
  return new Quantity(u.num * c.den * 100n, u.den * c.num).toDecimal(1n, 2);
}

function wholeBytes(value: string): string {
  const q = Quantity.parse(value);
  if (!q || q.num < 0n) return '';
  return (q.num / q.den).toString();
}

/** Usage per PVC from the two kubelet series; a PVC with only one of them gets "" for the other. */
export function usageFromSamples(samples: readonly UsageSample[]): Map<string, PvcUsage> {
  const used = new Map<string, string>();
  const capacity = new Map<string, string>();
  for (const s of samples) {
    const pvc = s.metric.persistentvolumeclaim;
    if (!pvc) continue;
    if (s.metric.__name__ === USED_BYTES_METRIC) used.set(pvc, s.value);
    else if (s.metric.__name__ === CAPACITY_METRIC) capacity.set(pvc, s.value);
  }
  const result = new Map<string, PvcUsage>();
  for (const name of new Set([...used.keys(), ...capacity.keys()])) {
    const u = used.get(name);
    const c = capacity.get(name);
    result.set(name, {
      name,
      usage: u !== undefined && c !== undefined ? usagePercent(u, c) : '',
      usedBytes: u !== undefined ? wholeBytes(u) : '',
    });
  }
  return result;
}

const PERCENT = /^(100(\.0+)?|\d{1,2}(\.\d+)?)$/;
const BYTES = /^\d+$/;

export function isValidUsage(usage: string): boolean {
  return PERCENT.test(usage);
}

export function isValidUsedBytes(usedBytes: string): boolean {
  return BYTES.test(usedBytes);
}
