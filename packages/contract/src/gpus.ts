import { z } from 'zod';
import { okEnvelope } from './envelope.ts';

/** `limitsKey`s of the configured GPU vendors that some node advertises, in config order. */
export const GpuVendorsResponseSchema = okEnvelope({ vendors: z.array(z.string()) });
