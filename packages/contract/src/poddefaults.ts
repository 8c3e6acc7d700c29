import { z } from 'zod';
import { okEnvelope } from './envelope.ts';

/** Route 21: the PodDefault object plus the label the form selects by and a description. */
export const PodDefaultItemSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: z.looseObject({ name: z.string().optional(), namespace: z.string().optional() }),
  spec: z.looseObject({}).optional(),
  label: z.string(),
  desc: z.string(),
});
export type PodDefaultItemJson = z.infer<typeof PodDefaultItemSchema>;

export const PodDefaultsResponseSchema = okEnvelope({ poddefaults: z.array(PodDefaultItemSchema) });
