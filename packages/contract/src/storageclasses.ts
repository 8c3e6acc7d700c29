import { z } from 'zod';
import { okEnvelope } from './envelope.ts';

export const StorageClassesResponseSchema = okEnvelope({ storageClasses: z.array(z.string()) });
/** `""` when no class is marked default. */
export const DefaultStorageClassResponseSchema = okEnvelope({ defaultStorageClass: z.string() });
