import { z } from 'zod';

/** One problem with a request body: `field` is a JSON path into the body (`datavols[1].mount`), "" for the whole body. */
export const FieldErrorSchema = z.object({
  field: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** Every failed call: HTTP status = `status`; validation failures list every problem in `errors`. */
export const ErrorEnvelopeSchema = z.object({
  success: z.literal(false),
  status: z.number().int(),
  log: z.string(),
  user: z.string().nullable(),
  errors: z.array(FieldErrorSchema).optional(),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** The v1 success envelope around a payload: `{success: true, status: 200, user, ...payload}`. */
export function okEnvelope<T extends z.ZodRawShape>(payload: T) {
  return z.object({
    success: z.literal(true),
    status: z.literal(200),
    user: z.string().nullable(),
    ...payload,
  });
}

export const PlainOkSchema = okEnvelope({});
export const MessageOkSchema = okEnvelope({ message: z.string() });
