import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, type BackoffOptions } from './backoff.ts';
import { KubeError } from './kube-error.ts';
import type { KubeRestClient } from './rest-client.ts';
import type { KubeList, KubeObject } from './types.ts';

export interface PagedListOptions {
  pageSize: number;
  /** Each page gets this long; a whole list of a large cluster takes many pages. */
  pageTimeoutMs: number;
  /** Tries per page (timeouts, 429, 5xx, connection errors) before the list fails. */
  pageAttempts: number;
  backoff: BackoffOptions;
  /**
   * Ask for the first page at resourceVersion=0: any version the API server's watch cache holds,
   * without a quorum read of etcd (client-go's reflector does the same for its first list).
   */
  anyVersion: boolean;
  signal?: AbortSignal;
  /** Told of each page that is asked again. */
  onPageRetry?: (page: number, error: KubeError) => void;
}

export interface ListRequest {
  path: string;
  query?: Record<string, string | undefined>;
  resource: string;
}

export interface PagedList<T> {
  items: T[];
  resourceVersion: string | undefined;
  pages: number;
  /** Pages asked again after a failure. */
  retries: number;
}

/** Errors after which the same page (same continue token) may simply be asked again. */
function retryable(error: KubeError): boolean {
  return (
    error.kind === 'timeout' ||
    error.kind === 'unreachable' ||
    error.kind === 'tooManyRequests' ||
    error.kind === 'serverError'
  );
}

/**
 * Lists every object of a type, page by page, each page with its own timeout. A page that times out
 * or fails for a passing reason is asked again with the same continue token, so the pages already
 * read are kept; only an expired continue token (410) or a non-passing error fails the whole list.
 * `transform` runs on each item as its page arrives, so a page's full objects can be dropped at once.
 */
export async function listInPages<T extends KubeObject, S = T>(
  rest: KubeRestClient,
  request: ListRequest,
  options: PagedListOptions,
  transform: (item: T) => S,
): Promise<PagedList<S>> {
  const items: S[] = [];
  let continueToken: string | undefined;
  let resourceVersion: string | undefined;
  let pages = 0;
  let retries = 0;
  do {
    let page: KubeList<T> | undefined;
    for (let attempt = 1; page === undefined; attempt++) {
      try {
        page = await rest.requestJson<KubeList<T>>({
          method: 'GET',
          path: request.path,
          query: {
            ...request.query,
            limit: options.pageSize,
            continue: continueToken,
            resourceVersion: !continueToken && options.anyVersion ? '0' : undefined,
          },
          verb: 'list',
          resource: request.resource,
          timeoutMs: options.pageTimeoutMs,
        });
      } catch (err) {
        if (options.signal?.aborted) throw err;
        if (!(err instanceof KubeError) || !retryable(err) || attempt >= options.pageAttempts) throw err;
        retries++;
        options.onPageRetry?.(pages + 1, err);
        await sleep(backoffDelay(attempt, options.backoff), undefined, { signal: options.signal });
      }
    }
    pages++;
    // List items come without kind and apiVersion (watch events have them): make both look alike.
    const kind = page.kind?.replace(/List$/, '');
    for (const item of page.items) {
      item.apiVersion ??= page.apiVersion;
      item.kind ??= kind;
      items.push(transform(item));
    }
    continueToken = page.metadata.continue || undefined;
    resourceVersion = page.metadata.resourceVersion;
  } while (continueToken);
  return { items, resourceVersion, pages, retries };
}
