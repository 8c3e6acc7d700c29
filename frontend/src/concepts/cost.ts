import type { CostAllocation } from '../api/types.ts';

export const COST_WINDOWS = ['today', 'yesterday', 'week', 'month', 'lastweek', '30d'] as const;

export interface CostSummary {
  cpu: number;
  gpu: number;
  ram: number;
  storage: number;
  total: number;
}

/** The namespace's allocation from a Kubecost body; zeros when it has none. */
export function costSummary(body: CostAllocation, namespace: string): CostSummary {
  const a = body.data?.sets?.[0]?.allocations?.[namespace];
  const cpu = a?.cpuCost ?? 0;
  const gpu = a?.gpuCost ?? 0;
  const ram = a?.ramCost ?? 0;
  const storage = a?.pvCost ?? 0;
  return { cpu, gpu, ram, storage, total: cpu + gpu + ram + storage };
}
