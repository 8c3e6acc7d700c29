/** Poll delays in ms (ui.md §7): 1, 1, 2, 4, 8 s, then 8 s for ever. */
export const POLL_DELAYS_MS = [1000, 1000, 2000, 4000, 8000] as const;
export const POLL_DELAY_CAP_MS = 8000;

export function pollDelay(unchangedPolls: number): number {
  return POLL_DELAYS_MS[unchangedPolls] ?? POLL_DELAY_CAP_MS;
}

/** Structural equality of JSON values, used to tell whether a poll brought anything new. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
