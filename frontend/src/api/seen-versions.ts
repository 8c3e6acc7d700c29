import {
  MIN_RESOURCE_VERSION_HEADER,
  RESOURCE_VERSION_HEADER,
  formatResourceVersions,
  mergeResourceVersions,
  parseResourceVersions,
  type ResourceVersions,
} from '@jupyter-apis/contract';

/** The namespace an API path (relative to <base href>, `api/namespaces/{ns}/...`) is about. */
function namespaceOf(path: string): string | undefined {
  const match = /(?:^|\/)api\/namespaces\/([^/?#]+)/.exec(path);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/**
 * The highest resourceVersions this tab's writes were answered with, per namespace, sent back on
 * every later request to that namespace so that whichever replica answers includes those writes
 * (docs/decisions/0016-consistent-reads-across-replicas.md). Kept for the page's life only: a reload
 * starts afresh, and by then every replica's watch has long caught up.
 */
export class SeenVersions {
  private readonly byNamespace = new Map<string, ResourceVersions>();

  /** Keeps the versions an answer to `path` names in its X-Resource-Version header. */
  remember(path: string, headers: Pick<Headers, 'get'>): void {
    const ns = namespaceOf(path);
    const parsed = parseResourceVersions(headers.get(RESOURCE_VERSION_HEADER) ?? undefined);
    if (ns === undefined || !parsed.ok || Object.keys(parsed.versions).length === 0) return;
    this.byNamespace.set(ns, mergeResourceVersions(this.byNamespace.get(ns) ?? {}, parsed.versions));
  }

  /** The X-Min-Resource-Version header for a request to `path`, if this tab wrote in its namespace. */
  headersFor(path: string): Record<string, string> {
    const ns = namespaceOf(path);
    const versions = ns === undefined ? undefined : this.byNamespace.get(ns);
    return versions ? { [MIN_RESOURCE_VERSION_HEADER]: formatResourceVersions(versions) } : {};
  }
}

/** The tab's versions, shared by the HTTP client and the live stream. */
export const seenVersions = new SeenVersions();
