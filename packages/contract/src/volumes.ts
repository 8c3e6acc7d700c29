import { z } from 'zod';
import { FieldErrorSchema, okEnvelope } from './envelope.ts';

/** A Kubernetes object as the API server sends it (no managedFields); only the common parts are named. */
const KubeObjectSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: z.looseObject({
    name: z.string().optional(),
    namespace: z.string().optional(),
    creationTimestamp: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
});

/** A core/v1 Event about a PVC (api.md §3.6). */
export const PvcEventSchema = KubeObjectSchema.extend({
  type: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  involvedObject: z.looseObject({ kind: z.string().optional(), name: z.string().optional() }).optional(),
  firstTimestamp: z.string().nullable().optional(),
  lastTimestamp: z.string().nullable().optional(),
  eventTime: z.string().nullable().optional(),
  count: z.number().int().optional(),
});

export const PvcPhaseSchema = z.enum([
  'ready',
  'waiting',
  'warning',
  'error',
  'uninitialized',
  'unavailable',
  'terminating',
]);

/** status.md §2. */
export const PvcStatusSchema = z.object({
  phase: PvcPhaseSchema,
  message: z.string(),
  state: z.string(),
  key: z.string(),
  eventMessage: z.string(),
});
export type PvcStatus = z.infer<typeof PvcStatusSchema>;

/** status.md §3: `uninitialized` when there is no viewer or the feature is off. */
export const PvcViewerStateSchema = z.object({
  status: z.enum(['uninitialized', 'terminating', 'ready', 'waiting']),
  url: z.string().nullable(),
});
export type PvcViewerState = z.infer<typeof PvcViewerStateSchema>;

/** One row of the volumes table (api.md §3.3, route 16). */
export const PvcItemSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  size: z.string(),
  mode: z.string(),
  modes: z.array(z.string()),
  capacity: z.string(),
  class: z.string(),
  age: z.string(),
  status: PvcStatusSchema,
  notebooks: z.array(z.string()),
  labels: z.record(z.string(), z.string()),
  viewer: PvcViewerStateSchema,
  usage: z.string(),
  usedBytes: z.string(),
});
export type PvcItem = z.infer<typeof PvcItemSchema>;

export const PvcListResponseSchema = okEnvelope({ pvcs: z.array(PvcItemSchema) });
export const PvcResponseSchema = okEnvelope({ pvc: KubeObjectSchema, notebooks: z.array(z.string()) });
export const PvcPodsResponseSchema = okEnvelope({ pods: z.array(KubeObjectSchema) });
export const PvcEventsResponseSchema = okEnvelope({ events: z.array(PvcEventSchema) });

export const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;

/**
 * Route 22 (the upstream volumes app's form). `class` is a StorageClass name, `{none}` (no class:
 * `storageClassName: ""`) or `{empty}` (field omitted: the cluster default applies).
 */
export const NewPvcRequestSchema = z.looseObject({
  name: z.string().max(253),
  namespace: z.string().nullish(),
  type: z.literal('empty'),
  size: z.union([z.string(), z.number()]).describe('Kubernetes quantity; a bare number means Gi'),
  class: z.string(),
  mode: z.enum(ACCESS_MODES),
});
export type NewPvcRequest = z.infer<typeof NewPvcRequestSchema>;

/** Route 30: open a viewer on the PVC of that name. */
export const NewViewerRequestSchema = z.looseObject({ name: z.string() });
export type NewViewerRequest = z.infer<typeof NewViewerRequestSchema>;

/** Percent used (decimal string) and bytes used (integer string) of one PVC; "" when unknown. */
export const PvcUsageSchema = z.object({ name: z.string(), usage: z.string(), usedBytes: z.string() });
export type PvcUsage = z.infer<typeof PvcUsageSchema>;

/** Route 33: live from Prometheus. */
export const PvcUsageResponseSchema = okEnvelope({ pvcs: z.array(PvcUsageSchema) });

/** Route 32: usage reported by an outside job, stored as PVC annotations. */
export const PvcUsageUpdateRequestSchema = z.looseObject({ data: z.array(PvcUsageSchema) });
/** Route 32's answer: PVCs it could not find are listed, the others are stored. */
export const PvcUsageUpdateResponseSchema = okEnvelope({ errors: z.array(FieldErrorSchema).optional() });
