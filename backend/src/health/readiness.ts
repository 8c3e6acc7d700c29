/** One condition the app needs before it can serve: a name and a way to ask whether it holds. */
export interface ReadinessCondition {
  name: string;
  /** Returns undefined when ready, else the reason it is not. */
  notReadyReason(): string | undefined;
}

export class Readiness {
  private readonly conditions: ReadinessCondition[] = [];

  add(condition: ReadinessCondition): void {
    this.conditions.push(condition);
  }

  /** The first reason the app is not ready, or undefined. */
  reason(): string | undefined {
    for (const c of this.conditions) {
      const reason = c.notReadyReason();
      if (reason) return reason;
    }
    return undefined;
  }
}
