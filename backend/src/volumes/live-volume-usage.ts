import type { PvcUsage } from '@jupyter-apis/contract';
import { UpstreamCircuit } from '../upstream/upstream-circuit.ts';
import { fetchVolumeUsage, type PrometheusSettings } from './prometheus-usage.ts';

export interface LiveVolumeUsageOptions {
  /** How long a PVC list waits for usage before it answers without (then with the last good values). */
  listBudgetMs?: number;
  circuit?: UpstreamCircuit;
  onFailure?: (reason: string) => void;
}

type Usage = Map<string, PvcUsage>;

/**
 * Volume usage from Prometheus, for three kinds of reader. The PVC list treats it as optional: it
 * waits at most `listBudgetMs`, then answers with the last values it got for the namespace (or
 * none), while the query finishes in the background and refreshes them. The usage route wants it
 * live and reports a failure (502/504). Live streams build PVC items from the last values and
 * refresh them now and then like a list. All go through one circuit breaker, and concurrent
 * queries for a namespace share one call.
 */
export class LiveVolumeUsage {
  private readonly settings: PrometheusSettings;
  private readonly budgetMs: number;
  private readonly circuit: UpstreamCircuit;
  private readonly onFailure: (reason: string) => void;
  private readonly lastGood = new Map<string, Usage>();
  private readonly inFlight = new Map<string, Promise<Usage>>();

  constructor(settings: PrometheusSettings, options: LiveVolumeUsageOptions = {}) {
    this.settings = settings;
    this.budgetMs = options.listBudgetMs ?? 300;
    this.circuit = options.circuit ?? new UpstreamCircuit({ name: 'Metrics service' });
    this.onFailure = options.onFailure ?? (() => {});
  }

  /** Live usage of a namespace; throws 502 (unavailable, circuit open) or 504. */
  live(namespace: string): Promise<Usage> {
    let query = this.inFlight.get(namespace);
    if (!query) {
      query = this.circuit
        .call(() => fetchVolumeUsage(this.settings, namespace))
        .then((usage) => {
          this.lastGood.set(namespace, usage);
          return usage;
        })
        .finally(() => this.inFlight.delete(namespace));
      this.inFlight.set(namespace, query);
    }
    return query;
  }

  /** The last usage a query of the namespace gave, without asking (live streams rebuild from it). */
  lastKnown(namespace: string): Usage | undefined {
    return this.lastGood.get(namespace);
  }

  /** Usage for the PVC list: live within the budget, else the last good values, else undefined. */
  async forList(namespace: string): Promise<Usage | undefined> {
    const live = this.live(namespace).catch((err: unknown) => {
      this.onFailure(err instanceof Error ? err.message : String(err));
      return undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, this.budgetMs, undefined);
      timer.unref();
    });
    try {
      return (await Promise.race([live, budget])) ?? this.lastGood.get(namespace);
    } finally {
      clearTimeout(timer);
    }
  }
}
