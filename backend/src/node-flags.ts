/**
 * Node flags the server runs with (Dockerfile ENTRYPOINT, npm start, the benchmark). A small young
 * generation keeps the resident memory of this cache-heavy server down: with 10,000 notebooks cached
 * it measured 287 MiB after sync instead of 341 MiB (bench/README.md), at a small CPU cost.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
