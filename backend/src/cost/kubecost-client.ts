import type { Settings } from '../config/settings.ts';
import { AppError } from '../errors.ts';

export interface KubecostSettings {
  baseUrl: string;
  timeoutMs: number;
  shareNamespaces: readonly string[];
}

/** undefined when no Kubecost URL is configured (cost reporting off). */
export function kubecostSettings(settings: Settings): KubecostSettings | undefined {
  if (!settings.kubecostUrl) return undefined;
  return {
    baseUrl: settings.kubecostUrl,
    timeoutMs: settings.kubecostTimeoutMs,
    shareNamespaces: settings.kubecostShareNamespaces,
  };
}

export interface AllocationSummary {
  contentType: string;
  body: string;
}

/** A failure of Kubecost itself (not of the caller): 502 with a short reason. */
function unavailable(reason: string): AppError {
  return new AppError('badGateway', `Cost service unavailable: ${reason}`);
}

/**
 * The one Kubecost call we make. The URL is built from the configured base and a fixed path; the
 * caller's input only ever becomes the value of `window` and `filterNamespaces` query parameters.
 */
export function allocationSummaryUrl(settings: KubecostSettings, namespace: string, window: string): URL {
  const base = new URL(settings.baseUrl);
  // Keep the base path whatever its trailing slash (relative resolution would drop its last segment).
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/model/allocation/summary`;
  const params = new URLSearchParams({
    window,
    aggregate: 'namespace',
    filterNamespaces: namespace,
    idle: 'false',
    accumulate: 'true',
  });
  if (settings.shareNamespaces.length > 0) params.set('shareNamespaces', settings.shareNamespaces.join(','));
  base.search = params.toString();
  base.hash = '';
  return base;
}

export async function fetchAllocationSummary(
  settings: KubecostSettings,
  namespace: string,
  window: string,
): Promise<AllocationSummary> {
  const url = allocationSummaryUrl(settings, namespace, window);
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let res: Response;
  let body: string;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, redirect: 'error', signal });
    body = await res.text();
  } catch (err) {
    if (signal.aborted) throw new AppError('timeout', 'Upstream request timed out.');
    const cause = (err as { cause?: { code?: unknown } }).cause;
    throw unavailable(typeof cause?.code === 'string' ? cause.code : 'unreachable');
  }
  if (res.status < 200 || res.status >= 300) throw unavailable(`HTTP ${res.status}`);
  try {
    JSON.parse(body);
  } catch {
    throw unavailable('the response is not JSON');
  }
  return { contentType: res.headers.get('content-type') ?? 'application/json', body };
}
