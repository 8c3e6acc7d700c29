import type { PvcUsage } from '@jupyter-apis/contract';
import type { Settings } from '../config/settings.ts';
import { AppError } from '../errors.ts';
import { CAPACITY_METRIC, USED_BYTES_METRIC, usageFromSamples, type UsageSample } from './volume-usage.ts';

export interface PrometheusSettings {
  baseUrl: string;
  timeoutMs: number;
}

export function prometheusSettings(settings: Settings): PrometheusSettings | undefined {
  if (!settings.prometheusUrl) return undefined;
  return { baseUrl: settings.prometheusUrl, timeoutMs: settings.prometheusTimeoutMs };
}

function unavailable(reason: string): AppError {
  return new AppError('badGateway', `Metrics service unavailable: ${reason}`);
}

/** Both kubelet series of one namespace in one instant query; `namespace` is a checked DNS label. */
export function usageQueryUrl(settings: PrometheusSettings, namespace: string): URL {
  const url = new URL(settings.baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v1/query`;
  const query = `{__name__=~"${USED_BYTES_METRIC}|${CAPACITY_METRIC}",namespace="${namespace}"}`;
  url.search = new URLSearchParams({ query }).toString();
  url.hash = '';
  return url;
}

interface QueryResponse {
  status?: string;
  data?: { resultType?: string; result?: { metric?: Record<string, string>; value?: [number, string] }[] };
}

/** Volume usage of a namespace's PVCs, live; throws 502 (unreachable, non-2xx, bad body) or 504. */
export async function fetchVolumeUsage(
  settings: PrometheusSettings,
  namespace: string,
): Promise<Map<string, PvcUsage>> {
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let res: Response;
  let text: string;
  try {
    res = await fetch(usageQueryUrl(settings, namespace), {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal,
    });
    text = await res.text();
  } catch (err) {
    if (signal.aborted) throw new AppError('timeout', 'Upstream request timed out.');
    const cause = (err as { cause?: { code?: unknown } }).cause;
    throw unavailable(typeof cause?.code === 'string' ? cause.code : 'unreachable');
  }
  if (res.status < 200 || res.status >= 300) throw unavailable(`HTTP ${res.status}`);
  let body: QueryResponse;
  try {
    body = JSON.parse(text) as QueryResponse;
  } catch {
    throw unavailable('the response is not JSON');
  }
  if (body.status !== 'success' || body.data?.resultType !== 'vector' || !Array.isArray(body.data.result)) {
    throw unavailable('unexpected query result');
  }
  const samples: UsageSample[] = body.data.result
    .filter((r) => r && typeof r.metric === 'object' && Array.isArray(r.value) && typeof r.value[1] === 'string')
    .map((r) => ({ metric: r.metric!, value: r.value![1] }));
  return usageFromSamples(samples);
}
