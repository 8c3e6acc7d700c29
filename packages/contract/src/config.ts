import { z } from 'zod';
import { okEnvelope } from './envelope.ts';

/**
 * `spawnerFormDefaults` as GET /api/config returns it: exactly as loaded, so every key is optional
 * and unknown keys pass through. Each frontend reads its own dialect (StatCan writes unitless memory
 * meaning Gi, upstream "1.0Gi"). The server validates the file at load time.
 */
const Scalar = z.union([z.string(), z.number()]);
const ReadOnly = { readOnly: z.boolean().optional() };

export const ImageGroupConfigSchema = z.looseObject({
  value: z.string().optional(),
  options: z.array(z.string()).optional(),
  ...ReadOnly,
  enabledCondition: z.looseObject({ labels: z.record(z.string(), z.unknown()).optional() }).optional(),
  disabledMessage: z.record(z.string(), z.string()).optional(),
});

export const ResourceConfigSchema = z.looseObject({
  value: Scalar.optional(),
  limitFactor: Scalar.optional(),
  limitValue: Scalar.optional(),
  gpuDefault: Scalar.optional(),
  ...ReadOnly,
});

export const GpuVendorSchema = z.looseObject({ limitsKey: z.string(), uiName: z.string().optional() });

export const SpawnerConfigSchema = z.looseObject({
  image: ImageGroupConfigSchema.optional(),
  imageGroupOne: ImageGroupConfigSchema.optional(),
  imageGroupTwo: ImageGroupConfigSchema.optional(),
  imageGroupThree: ImageGroupConfigSchema.optional(),
  imageSas: ImageGroupConfigSchema.optional(),
  hideRegistry: z.boolean().optional(),
  hideTag: z.boolean().optional(),
  allowCustomImage: z.boolean().optional(),
  imagePullPolicy: z.looseObject({ value: z.string().optional(), ...ReadOnly }).optional(),
  cpu: ResourceConfigSchema.optional(),
  memory: ResourceConfigSchema.optional(),
  gpus: z
    .looseObject({
      value: z
        .looseObject({
          num: Scalar.optional(),
          vendor: z.string().optional(),
          vendors: z.array(GpuVendorSchema).optional(),
        })
        .optional(),
      ...ReadOnly,
    })
    .optional(),
  workspaceVolume: z.looseObject({ value: z.looseObject({}).nullish(), ...ReadOnly }).optional(),
  dataVolumes: z.looseObject({ value: z.array(z.looseObject({})).nullish(), ...ReadOnly }).optional(),
  shm: z.looseObject({ value: z.boolean().optional(), ...ReadOnly }).optional(),
  configurations: z.looseObject({ value: z.array(z.string()).nullish(), ...ReadOnly }).optional(),
  affinityConfig: z
    .looseObject({
      value: z.string().optional(),
      options: z.array(z.looseObject({ configKey: z.string(), displayName: z.string().optional() })).optional(),
      ...ReadOnly,
    })
    .optional(),
  tolerationGroup: z
    .looseObject({
      value: z.string().optional(),
      options: z.array(z.looseObject({ groupKey: z.string(), displayName: z.string().optional() })).optional(),
      ...ReadOnly,
    })
    .optional(),
  serverTypeNames: z.record(z.string(), z.record(z.string(), z.string())).optional(),
});
export type SpawnerConfig = z.infer<typeof SpawnerConfigSchema>;

export const ConfigResponseSchema = okEnvelope({ config: SpawnerConfigSchema });
