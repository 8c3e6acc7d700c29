import { z } from 'zod';
import { okEnvelope } from './envelope.ts';

/** `{phase, message, state, key}`: status.md §1. */
export const NotebookStatusSchema = z.object({
  phase: z.enum(['ready', 'waiting', 'warning', 'error', 'uninitialized', 'unavailable', 'terminating', 'stopped']),
  message: z.string(),
  state: z.string(),
  key: z.string(),
});
export type NotebookStatus = z.infer<typeof NotebookStatusSchema>;

export const GpuSummarySchema = z.object({ count: z.number().int(), message: z.string() });

const ObjectMetaSchema = z.looseObject({
  name: z.string().optional(),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  creationTimestamp: z.string().optional(),
});

/** One row of GET /api/namespaces/{ns}/notebooks: the union of the upstream and StatCan items. */
export const NotebookListItemSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  serverType: z.string(),
  age: z.string(),
  last_activity: z.string(),
  lastActivity: z.string(),
  image: z.string(),
  shortImage: z.string(),
  cpu: z.string(),
  memory: z.string(),
  cpuLimit: z.string(),
  memoryLimit: z.string(),
  gpus: GpuSummarySchema,
  volumes: z.array(z.string()),
  status: NotebookStatusSchema,
  labels: z.record(z.string(), z.string()),
  metadata: ObjectMetaSchema,
});
export type NotebookListItem = z.infer<typeof NotebookListItemSchema>;

export const FormattedResourcesSchema = z.object({
  cpu: z.string(),
  cpuLimit: z.string(),
  memory: z.string(),
  memoryLimit: z.string(),
});

/** GET /api/namespaces/{ns}/notebooks/{nb}: the Notebook CR plus two computed keys. */
export const NotebookDetailSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: ObjectMetaSchema,
  spec: z.looseObject({}).optional(),
  status: z.looseObject({}).optional(),
  processed_status: NotebookStatusSchema,
  formatted_resources: FormattedResourcesSchema,
});
export type NotebookDetail = z.infer<typeof NotebookDetailSchema>;

const QuantityInput = z.union([z.string(), z.number()]).nullish();

/** An "API volume": a new PVC or an existing source mounted at `mount`. */
export const ApiVolumeSchema = z.looseObject({
  mount: z.string().nullish(),
  newPvc: z
    .looseObject({
      metadata: z.looseObject({ name: z.string().nullish(), generateName: z.string().nullish() }).nullish(),
      spec: z.looseObject({}).nullish(),
    })
    .nullish(),
  existingSource: z.looseObject({}).nullish(),
});
export type ApiVolume = z.infer<typeof ApiVolumeSchema>;

/** POST /api/namespaces/{ns}/notebooks. Lenient: the server validates and both frontends send extras. */
export const NotebookCreateBodySchema = z.looseObject({
  name: z.string(),
  namespace: z.string().nullish(),
  serverType: z.string().nullish(),
  image: z.string().nullish(),
  customImageCheck: z.boolean().nullish(),
  customImage: z.string().nullish(),
  imagePullPolicy: z.string().nullish(),
  cpu: QuantityInput,
  cpuLimit: QuantityInput,
  memory: QuantityInput,
  memoryLimit: QuantityInput,
  gpus: z.looseObject({ num: z.union([z.string(), z.number()]).nullish(), vendor: z.string().nullish() }).nullish(),
  workspace: ApiVolumeSchema.nullish(),
  noWorkspace: z.boolean().nullish(),
  datavols: z.array(ApiVolumeSchema).nullish(),
  shm: z.boolean().nullish(),
  configurations: z.array(z.string()).nullish(),
  affinityConfig: z.string().nullish(),
  tolerationGroup: z.string().nullish(),
  language: z.string().nullish(),
});
export type NotebookCreateBody = z.infer<typeof NotebookCreateBodySchema>;

/** POST /api/namespaces/{ns}/notebooks/{nb}: edit resources and PVC-backed volumes. */
export const NotebookEditBodySchema = z.looseObject({
  cpu: QuantityInput,
  cpuLimit: QuantityInput,
  memory: QuantityInput,
  memoryLimit: QuantityInput,
  workspace: ApiVolumeSchema.nullish(),
  datavols: z.array(ApiVolumeSchema).nullish(),
});
export type NotebookEditBody = z.infer<typeof NotebookEditBodySchema>;

/** PATCH /api/namespaces/{ns}/notebooks/{nb}: start (false) or stop (true). */
export const NotebookPatchBodySchema = z.object({ stopped: z.boolean() });
export type NotebookPatchBody = z.infer<typeof NotebookPatchBodySchema>;

export const LogsQuerySchema = z.object({
  tailLines: z.coerce.number().int().min(1).max(100000).optional(),
  container: z.string().optional(),
});

const KubeObjectSchema = z.looseObject({ metadata: ObjectMetaSchema });

export const NotebookListResponseSchema = okEnvelope({ notebooks: z.array(NotebookListItemSchema) });
export const NotebookResponseSchema = okEnvelope({ notebook: NotebookDetailSchema });
export const DefaultNotebookResponseSchema = okEnvelope({ notebook: NotebookListItemSchema });
export const NotebookPodResponseSchema = okEnvelope({ pod: KubeObjectSchema });
export const NotebookLogsResponseSchema = okEnvelope({ logs: z.array(z.string()) });
export const NotebookEventsResponseSchema = okEnvelope({ events: z.array(KubeObjectSchema) });
export const CreateDefaultResponseSchema = okEnvelope({ message: z.string(), name: z.string() });
