/**
 * Node flags the server runs with (Dockerfile ENTRYPOINT, npm start, the benchmark). A small young
 * generation keeps the resident memory of this cache-heavy server down: with 10,000 notebooks cached
 * it measured 287 MiB after sync instead of 341 MiB (bench/README.md), at a small CPU cost.
 * `--expose-gc` lets the server collect once after the caches sync (`collectGarbageOnce`).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--expose-gc'];

/**
 * One full garbage collection once the caches are synced (the server needs `--expose-gc`): the
 * initial lists leave their pages' text and parsed objects behind, about as much again as the caches
 * themselves, and V8 gives that memory back only after a full collection, which an idle server may
 * not run for a long time.
 */
export function collectGarbageOnce(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
