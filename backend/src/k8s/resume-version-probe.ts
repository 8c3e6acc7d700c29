/**
 * A fresh resume version for a watch that gets no bookmarks.
 *
 * The API server keeps no watch cache for events, so their watches go straight to etcd and never
 * carry bookmarks. In a quiet namespace the last event's resourceVersion soon falls behind etcd's
 * compaction (every 5 minutes), and resuming from it after the watch's timeout answers 410 Gone:
 * a full relist. Instead, while the watch is still open, the probe asks for the current version
 * (a one-item list). Every change committed before that answer is in the open watch's stream, which
 * delivers in order; once the watch has stayed open `settleMs` longer and ended normally, it is
 * safe to resume from the probed version.
 */
export class ResumeVersionProbe {
  private readonly fetchVersion: () => Promise<string | undefined>;
  private readonly settleMs: number;
  private timer: NodeJS.Timeout | undefined;
  private version: string | undefined;
  private answeredAt = 0;
  private cancelled = false;

  constructor(fetchVersion: () => Promise<string | undefined>, settleMs: number) {
    this.fetchVersion = fetchVersion;
    this.settleMs = settleMs;
  }

  /** Probes once after `delayMs`, unless cancelled first. */
  schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.probe(), delayMs);
  }

  private async probe(): Promise<void> {
    try {
      const version = await this.fetchVersion();
      if (this.cancelled) return;
      this.version = version;
      this.answeredAt = Date.now();
    } catch {
      // No fresh version this time: the watch resumes from its last event, as without a probe.
    }
  }

  /** A bookmark arrived (the server keeps the version fresh itself) or the watch failed. */
  cancel(): void {
    this.cancelled = true;
    clearTimeout(this.timer);
    this.version = undefined;
  }

  /** The probed version, if the watch that ended normally at `endedAt` stayed open long enough after it. */
  versionAt(endedAt: number): string | undefined {
    clearTimeout(this.timer);
    if (this.cancelled || this.version === undefined) return undefined;
    return endedAt - this.answeredAt >= this.settleMs ? this.version : undefined;
  }
}
