import { EventBuffer } from 'better-sse';

/**
 * The Server-Sent Events wire format, written by better-sse's EventBuffer. Data is JSON the caller
 * serialised once: each event is framed once and the same bytes go to every stream that wants them.
 */
function buffer(): EventBuffer {
  return new EventBuffer({ serializer: (data) => data as string });
}

/** One event: `event`, optional `id`, one `data` line of JSON. Without an id the client keeps its last one. */
export function sseEvent(name: string, json: string, id?: string): Buffer {
  const event = buffer().event(name);
  if (id !== undefined) event.id(id);
  return Buffer.from(event.data(json).dispatch().read());
}

/** A comment line: ignored by clients, it keeps proxies and idle timers from closing the stream. */
export function sseComment(text: string): Buffer {
  return Buffer.from(buffer().comment(text).dispatch().read());
}

/** How long a client should wait before it reconnects (ms). */
export function sseRetry(ms: number): Buffer {
  return Buffer.from(buffer().retry(ms).dispatch().read());
}
