import { z } from 'zod';
import { okEnvelope } from './envelope.ts';

export const NamespacesResponseSchema = okEnvelope({ namespaces: z.array(z.string()) });

/** Route 7: the namespace's metadata as the StatCan UI reads it (labels gate some form options). */
export const NamespaceDetailSchema = z.object({
  metadata: z.object({
    name: z.string(),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
    creationTimestamp: z.string().nullable(),
  }),
  spec: z.record(z.string(), z.unknown()),
  status: z.record(z.string(), z.unknown()),
});
export type NamespaceDetail = z.infer<typeof NamespaceDetailSchema>;

export const NamespaceResponseSchema = okEnvelope({ namespace: NamespaceDetailSchema });
