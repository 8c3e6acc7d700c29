import { compareStrings } from '../compare.ts';

interface ItemState {
  json: string;
  /** Sequence number of the event that last changed it (0: present when the feed started). */
  seq: number;
}

/**
 * The current items of one list (serialised once) and a bounded memory of removals, so a client
 * that reconnects with the sequence number it last saw gets only what changed since: the items
 * changed after it and the names removed after it. Removals older than the bound are forgotten;
 * a client from before them (`horizon`) gets a full snapshot instead.
 */
export class KindHistory {
  private readonly items = new Map<string, ItemState>();
  private readonly tombstones = new Map<string, number>();
  private readonly maxTombstones: number;
  /** Resuming from a sequence number below this one would miss a forgotten removal. */
  horizon = 0;

  constructor(maxTombstones: number) {
    this.maxTombstones = maxTombstones;
  }

  get size(): number {
    return this.items.size;
  }

  names(): string[] {
    return [...this.items.keys()];
  }

  json(name: string): string | undefined {
    return this.items.get(name)?.json;
  }

  set(name: string, json: string, seq: number): void {
    this.items.set(name, { json, seq });
    this.tombstones.delete(name);
  }

  remove(name: string, seq: number): void {
    this.items.delete(name);
    this.tombstones.delete(name);
    this.tombstones.set(name, seq);
    for (const [oldest, removedAt] of this.tombstones) {
      if (this.tombstones.size <= this.maxTombstones) break;
      this.tombstones.delete(oldest);
      this.horizon = Math.max(this.horizon, removedAt);
    }
  }

  /** Every item, name-sorted as the list routes sort, serialised. */
  snapshot(): string[] {
    return [...this.items.keys()].sort(compareStrings).map((name) => this.items.get(name)!.json);
  }

  /** What changed after sequence number `seq`: items (serialised) and removed names. */
  since(seq: number): { changed: string[]; removed: string[] } {
    const changed: string[] = [];
    for (const [, item] of [...this.items].sort(([a], [b]) => compareStrings(a, b))) {
      if (item.seq > seq) changed.push(item.json);
    }
    const removed = [...this.tombstones].filter(([, at]) => at > seq).map(([name]) => name);
    return { changed, removed };
  }
}
