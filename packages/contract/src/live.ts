import { z } from 'zod';
import { NotebookListItemSchema } from './notebooks.ts';
import { PodDefaultItemSchema } from './poddefaults.ts';
import { PvcEventSchema, PvcItemSchema } from './volumes.ts';

/**
 * The live stream of a namespace (GET /api/namespaces/{ns}/stream, Server-Sent Events). Items are
 * exactly the list routes' items; every event's `data` is one JSON object described here.
 */
export const LIVE_KINDS = ['notebooks', 'pvcs', 'poddefaults'] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];

export const LiveStreamQuerySchema = z.object({
  kinds: z
    .string()
    .optional()
    .describe('Comma-separated lists to follow: notebooks, pvcs, poddefaults (default: all three)'),
  notebook: z.string().optional().describe('Also send the events of this notebook (its details page is open)'),
  pvc: z.string().optional().describe('Also send the events of this PVC (its details page is open)'),
  lastEventId: z
    .string()
    .optional()
    .describe('Resume after this event id, for clients that cannot send the Last-Event-ID header'),
});
export type LiveStreamQuery = z.infer<typeof LiveStreamQuerySchema>;

/** A Kubernetes Event about the notebook or PVC named in the query, as its events route sends it. */
export const LiveObjectEventSchema = PvcEventSchema;

/** `snapshot`: everything the stream follows, sent first unless the client could resume. */
export const LiveSnapshotSchema = z.object({
  notebooks: z.array(NotebookListItemSchema).optional(),
  pvcs: z.array(PvcItemSchema).optional(),
  poddefaults: z.array(PodDefaultItemSchema).optional(),
  /** Newest first; present when the query names a notebook or a PVC. */
  events: z.array(LiveObjectEventSchema).optional(),
});
export type LiveSnapshot = z.infer<typeof LiveSnapshotSchema>;

function changes<T extends z.ZodType>(item: T) {
  return z.object({
    /** Items added or changed since the previous event, in their list-route shape. */
    changed: z.array(item),
    /** Names of items that are gone. */
    removed: z.array(z.string()),
  });
}

export const LiveNotebookChangesSchema = changes(NotebookListItemSchema);
export const LivePvcChangesSchema = changes(PvcItemSchema);
export const LivePodDefaultChangesSchema = changes(PodDefaultItemSchema);
/** `events`: changes to the events of the notebook or PVC named in the query. */
export const LiveObjectEventChangesSchema = changes(LiveObjectEventSchema);
export type LiveChanges<T> = { changed: T[]; removed: string[] };

/**
 * `closing`: the last event before the server ends the stream. `forbidden`: access was revoked
 * (do not reconnect; fall back to the list routes, which answer 403 too); `shutdown`: this replica
 * is stopping (reconnect after `retry`, another replica answers).
 */
export const LiveClosingSchema = z.object({
  reason: z.enum(['forbidden', 'shutdown']),
  message: z.string(),
});
export type LiveClosing = z.infer<typeof LiveClosingSchema>;

/** Every event name of the stream and the schema of its data. */
export const LIVE_EVENTS = {
  snapshot: LiveSnapshotSchema,
  notebooks: LiveNotebookChangesSchema,
  pvcs: LivePvcChangesSchema,
  poddefaults: LivePodDefaultChangesSchema,
  events: LiveObjectEventChangesSchema,
  closing: LiveClosingSchema,
} as const;
export type LiveEventName = keyof typeof LIVE_EVENTS;
export type LiveEventData<E extends LiveEventName> = z.infer<(typeof LIVE_EVENTS)[E]>;
