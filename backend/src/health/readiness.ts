/** One condition the app needs before it can serve: a name and a way to ask whether it holds. */
export interface ReadinessCondition {
  name: string;
  /** Returns undefined when ready, else the reason it is not. */
  notReadyReason(): string | undefined;
}

/**
 * Whether this replica can serve, as `/healthz/readiness` reports it: every condition holds. The
 * conditions are about this replica only (its caches have synced once; later, "shutting down"),
 * never about the API server alone: an API server outage affects every replica alike, and taking
 * them all out of the Service would turn a write outage into a full one (docs/decisions/0007).
 */
export class Readiness {
  private readonly conditions: ReadinessCondition[] = [];

  add(condition: ReadinessCondition): void {
    this.conditions.push(condition);
  }

  /** Every reason the app is not ready, in the order the conditions were added. */
  reasons(): string[] {
    return this.conditions.map((c) => c.notReadyReason()).filter((r): r is string => r !== undefined);
  }

  /** The first reason the app is not ready, or undefined. */
  reason(): string | undefined {
    return this.reasons()[0];
  }
}
