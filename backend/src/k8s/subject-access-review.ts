import type { ApiServerStatus } from './api-server-status.ts';
import { isKubeError } from './kube-error.ts';
import { type KubeRestClient } from './rest-client.ts';
import { SUBJECTACCESSREVIEWS, resourcePath } from './resources.ts';

export interface ResourceAttributes {
  namespace?: string;
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource?: string;
  name?: string;
}

export interface Subject {
  user: string;
  groups: string[];
}

export interface SubjectAccessReviewerOptions {
  ttlMs: number;
  /**
   * While the API server does not answer, a decision this recent is reused after its TTL: RBAC
   * cannot change without the API server, so it is still the answer, and reads keep working.
   */
  staleIfUnavailableMs?: number;
  apiStatus?: ApiServerStatus;
  maxEntries?: number;
  onCacheHit?: () => void;
}

export interface Decision {
  allowed: boolean;
  /** When this answer stops being reused (epoch ms). */
  expiresAt: number;
}

interface CachedDecision {
  allowed: boolean;
  expires: number;
  /** Until when it may stand in while the API server is unavailable. */
  staleUntil: number;
}

const DEFAULT_STALE_IF_UNAVAILABLE_MS = 10 * 60_000;

/**
 * Asks the API server whether a user may do something (a SubjectAccessReview created by our service
 * account), and remembers the answer, allowed or denied, for a short TTL. Concurrent identical
 * questions share one review.
 */
export class SubjectAccessReviewer {
  private readonly client: KubeRestClient;
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly apiStatus: ApiServerStatus | undefined;
  private readonly maxEntries: number;
  private readonly onCacheHit: () => void;
  private readonly decisions = new Map<string, CachedDecision>();
  private readonly inFlight = new Map<string, Promise<boolean>>();
  reviewsSent = 0;

  constructor(client: KubeRestClient, options: SubjectAccessReviewerOptions) {
    this.client = client;
    this.ttlMs = options.ttlMs;
    this.staleMs = this.ttlMs > 0 ? (options.staleIfUnavailableMs ?? DEFAULT_STALE_IF_UNAVAILABLE_MS) : 0;
    this.apiStatus = options.apiStatus;
    this.maxEntries = options.maxEntries ?? 50_000;
    this.onCacheHit = options.onCacheHit ?? (() => {});
  }

  async allowed(subject: Subject, attributes: ResourceAttributes): Promise<boolean> {
    return (await this.decide(subject, attributes)).allowed;
  }

  /**
   * The remembered decision while it is fresh, without waiting (undefined: `allowed` must ask). A
   * poll answered from memory then costs no promise at all.
   */
  cachedDecision(subject: Subject, attributes: ResourceAttributes): boolean | undefined {
    const cached = this.decisions.get(decisionKey(subject, attributes));
    if (!cached || cached.expires <= Date.now()) return undefined;
    this.onCacheHit();
    return cached.allowed;
  }

  /**
   * The decision and when it stops being reused (epoch ms; now when the cache is off). A caller that
   * holds access open, such as a live stream, asks again at that time and so sees a revoked binding
   * within the cache TTL.
   */
  async decide(subject: Subject, attributes: ResourceAttributes): Promise<Decision> {
    const groups = sortedGroups(subject);
    const key = decisionKey(subject, attributes);
    const now = Date.now();
    const cached = this.decisions.get(key);
    if (cached && cached.expires > now) {
      this.onCacheHit();
      return { allowed: cached.allowed, expiresAt: cached.expires };
    }
    // While the API server is away, a stale decision stands in and is asked again soon.
    const staleDecision = (d: CachedDecision): Decision => ({
      allowed: d.allowed,
      expiresAt: now + Math.max(this.ttlMs, 1000),
    });
    const stale = cached && cached.staleUntil > now ? cached : undefined;
    if (stale && this.apiStatus && !this.apiStatus.reachable) {
      this.onCacheHit();
      return staleDecision(stale);
    }
    let review = this.inFlight.get(key);
    if (review) this.onCacheHit();
    else {
      review = this.review(subject.user, groups, attributes).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, review);
      void review.then(
        (allowed) => {
          if (this.ttlMs <= 0) return;
          const decided = Date.now();
          const staleUntil = decided + Math.max(this.ttlMs, this.staleMs);
          this.remember(key, { allowed, expires: decided + this.ttlMs, staleUntil });
        },
        () => undefined,
      );
    }
    try {
      const allowed = await review;
      return { allowed, expiresAt: Date.now() + this.ttlMs };
    } catch (err) {
      if (stale && isUnavailable(err)) return staleDecision(stale);
      throw err;
    }
  }

  private remember(key: string, decision: CachedDecision): void {
    if (this.decisions.size >= this.maxEntries) {
      const now = Date.now();
      for (const [k, d] of this.decisions) if (d.expires <= now && d.staleUntil <= now) this.decisions.delete(k);
      // Still full of live entries: drop the oldest (Map keeps insertion order).
      while (this.decisions.size >= this.maxEntries) {
        const oldest = this.decisions.keys().next().value;
        if (oldest === undefined) break;
        this.decisions.delete(oldest);
      }
    }
    this.decisions.delete(key);
    this.decisions.set(key, decision);
  }

  private async review(user: string, groups: string[], attributes: ResourceAttributes): Promise<boolean> {
    this.reviewsSent++;
    const resourceAttributes: Record<string, string> = {
      verb: attributes.verb,
      group: attributes.group,
      version: attributes.version,
      resource: attributes.resource,
    };
    if (attributes.namespace) resourceAttributes.namespace = attributes.namespace;
    if (attributes.subresource) resourceAttributes.subresource = attributes.subresource;
    if (attributes.name) resourceAttributes.name = attributes.name;
    const result = await this.client.requestJson<{ status?: { allowed?: boolean } }>({
      method: 'POST',
      path: resourcePath(SUBJECTACCESSREVIEWS),
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: { user, groups, resourceAttributes },
      },
      verb: 'create',
      resource: 'subjectaccessreviews',
    });
    return result.status?.allowed === true;
  }
}

function sortedGroups(subject: Subject): string[] {
  return subject.groups.length < 2 ? subject.groups : [...subject.groups].sort();
}

function decisionKey(subject: Subject, attributes: ResourceAttributes): string {
  // NUL cannot occur in a header value or an object name: a plain join keeps the parts apart.
  return `${subject.user}\0${sortedGroups(subject).join('\u0001')}\0${attributes.namespace ?? ''}\0${attributes.verb}\0${attributes.group}\0${attributes.version}\0${attributes.resource}\0${attributes.subresource ?? ''}\0${attributes.name ?? ''}`;
}

/** The API server could not answer, or refused our own identity (RBAC still loading after a restart). */
function isUnavailable(err: unknown): boolean {
  return (
    isKubeError(err) &&
    ['unreachable', 'timeout', 'serverError', 'tooManyRequests', 'forbidden', 'unauthorized'].includes(err.kind)
  );
}
