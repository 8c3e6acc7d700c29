import type { ServerResponse } from 'node:http';
import type { LiveKind } from '@jupyter-apis/contract';
import type { ResourceAttributes, Subject } from '../k8s/subject-access-review.ts';
import type { WatchedObject } from './live-items.ts';

const END_GRACE_MS = 2000;

export type DropReason = 'slow' | 'client' | 'forbidden' | 'shutdown';

export interface LiveConnectionOptions {
  subject: Subject;
  namespace: string;
  kinds: readonly LiveKind[];
  object?: WatchedObject;
  /** The SubjectAccessReviews the stream needs, re-checked for as long as it stays open. */
  access: readonly ResourceAttributes[];
  /** Bytes a client may leave unread beyond its snapshot before it is dropped. */
  maxBufferBytes: number;
  onClose: (connection: LiveConnection, reason: DropReason) => void;
}

/**
 * One open event stream, writing straight to the socket (no compression or other buffering on the
 * way). Writes never wait for the client: what it has not read yet stays in the socket's buffer, and
 * a client that lets more than its allowance pile up is dropped rather than buffered without bound.
 */
export class LiveConnection {
  readonly subject: Subject;
  readonly namespace: string;
  readonly kinds: ReadonlySet<LiveKind>;
  readonly kindsKey: string;
  readonly object: WatchedObject | undefined;
  readonly access: readonly ResourceAttributes[];
  private readonly raw: ServerResponse;
  private readonly options: LiveConnectionOptions;
  private allowance: number;
  private ended = false;
  private endReason: DropReason = 'client';
  recheck: NodeJS.Timeout | undefined;

  constructor(raw: ServerResponse, options: LiveConnectionOptions) {
    this.raw = raw;
    this.options = options;
    this.subject = options.subject;
    this.namespace = options.namespace;
    this.kinds = new Set(options.kinds);
    this.kindsKey = [...options.kinds].sort().join(',');
    this.object = options.object;
    this.access = options.access;
    this.allowance = options.maxBufferBytes;
    raw.on('close', () => this.finish());
    raw.on('error', () => this.finish());
  }

  get closed(): boolean {
    return this.ended;
  }

  /** Sends the response head: an event stream that no proxy may buffer or cache. */
  open(headers: Record<string, string | number | string[] | undefined>): void {
    const head: Record<string, string | number | string[]> = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) head[name] = value;
    this.raw.writeHead(200, {
      ...head,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    this.raw.flushHeaders();
  }

  /** The snapshot is as large as the namespace: the allowance grows by its size once. */
  allowSnapshot(bytes: number): void {
    this.allowance += bytes;
  }

  /** Writes without waiting; false when the stream is closed or was just dropped as too slow. */
  send(chunk: Buffer): boolean {
    if (this.ended) return false;
    if (this.raw.writableLength > this.allowance) {
      this.drop('slow');
      return false;
    }
    this.raw.write(chunk);
    return true;
  }

  /** Ends the stream after a last chunk (a `closing` event). */
  end(reason: DropReason, last?: Buffer): void {
    if (this.ended) return;
    this.endReason = reason;
    this.raw.end(last);
    // A client that does not read would hold the socket (and a shutting-down server) open.
    setTimeout(() => this.raw.destroy(), END_GRACE_MS).unref();
    this.finish();
  }

  /** Closes the socket at once: nothing more can reach this client. */
  drop(reason: DropReason): void {
    if (this.ended) return;
    this.endReason = reason;
    this.raw.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.recheck);
    this.recheck = undefined;
    this.options.onClose(this, this.endReason);
  }
}
