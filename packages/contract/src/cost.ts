import { z } from 'zod';

export const COST_WINDOW_KEYWORDS = ['today', 'yesterday', 'week', 'month', 'lastweek', 'lastmonth'] as const;

/** Route 5. Other query parameters (the StatCan UI sends `aggregation`, `namespace`) are ignored. */
export const CostAllocationQuerySchema = z.looseObject({
  window: z
    .string()
    .optional()
    .describe(
      'today|yesterday|week|month|lastweek|lastmonth, <n>(m|h|d|w), or two RFC 3339 or unix timestamps joined by a comma; default today',
    ),
});

/** Kubecost's `/model/allocation/summary` body, passed through verbatim (no envelope). */
export const CostAllocationResponseSchema = z.looseObject({
  code: z.number().optional(),
  data: z.unknown().optional(),
});
