import { z } from 'zod';
import { okEnvelope } from './envelope.ts';

/** Which optional features this deployment has, so the UI can hide the others. */
export const FeaturesSchema = z.object({
  kubecost: z.boolean(),
  prometheus: z.boolean(),
  pvcViewers: z.boolean(),
  defaultNotebook: z.boolean(),
  edit: z.boolean(),
  keepalive: z.boolean(),
});
export type Features = z.infer<typeof FeaturesSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  name: z.string(),
  features: FeaturesSchema,
  /** The caller may do any verb on any resource cluster-wide; false without a user. */
  isClusterAdmin: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const InfoResponseSchema = okEnvelope({ info: AppInfoSchema });
