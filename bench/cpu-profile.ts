import { readFileSync } from 'node:fs';

/** A V8 CPU profile as `node --cpu-prof` writes it. */
interface CpuProfile {
  startTime: number;
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Milliseconds of samples that were not idle. */
  busyMs: number;
  /** Share of busy time by where the code lives (self time). */
  categories: { category: string; percent: number }[];
  /** The functions with the most self time. */
  top: { fn: string; percent: number }[];
}

/** Where a frame's code lives, in the words of the per-request cost breakdown. */
const CATEGORIES: [string, (fn: string, url: string) => boolean][] = [
  ['garbage collection', (fn) => fn === '(garbage collector)'],
  ['log: redaction', (_fn, url) => /redact/.test(url)],
  ['log: pino and its destination', (_fn, url) => /node_modules\/(pino|sonic-boom|thread-stream)/.test(url)],
  ['metrics (prom-client)', (_fn, url) => url.includes('node_modules/prom-client')],
  [
    'Fastify routing, hooks, reply',
    (_fn, url) => /node_modules\/(fastify|@fastify|find-my-way|avvio|fast-json-stringify|toad-cache)/.test(url),
  ],
  ['response memo and ETags', (_fn, url) => url.includes('backend/src/http/response-memo')],
  ['SubjectAccessReview cache', (_fn, url) => url.includes('backend/src/k8s/subject-access-review')],
  ['request log line (ours)', (_fn, url) => url.includes('backend/src/http/request-log')],
  ['our other code', (_fn, url) => url.includes('/backend/src/') || url.includes('/packages/contract/')],
  [
    'Node HTTP, net, streams (JS)',
    (_fn, url) => /^node:(_http|internal\/http|net|internal\/stream|stream|events|internal\/timers|timers)/.test(url),
  ],
  ['socket writes and other native code', (fn, url) => url === '' && fn !== '(idle)' && fn !== '(program)'],
  ['V8 and libuv outside JS ((program))', (fn) => fn === '(program)'],
];

function categoryOf(fn: string, url: string): string {
  for (const [name, test] of CATEGORIES) if (test(fn, url)) return name;
  return 'other JS (Node internals, other packages)';
}

/**
 * Self time by category and by function. `window` (microseconds of the monotonic clock, which V8's
 * profile timestamps use on Linux, as `process.hrtime` does) keeps only the samples taken in it.
 */
export function summariseCpuProfile(
  file: string,
  window?: { from: bigint; to: bigint },
  topCount = 15,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const [from, to] = window ? [Number(window.from), Number(window.to)] : [-Infinity, Infinity];
  let at = profile.startTime;
  // timeDeltas[i] is the time before sample i; attribute it to that sample's node.
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = Math.max(0, profile.timeDeltas[i] ?? 0);
    at += delta;
    if (at < from || at > to) continue;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  }
  if (selfUs.size === 0) throw new Error('no CPU profile samples in the load window');
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    busy += us;
    const category = categoryOf(functionName, url);
    categories.set(category, (categories.get(category) ?? 0) + us);
    const shortUrl = url.replace(/^.*\/node_modules\//, '').replace(/^.*\/backend\/src\//, 'backend/src/');
    const fn = `${functionName || '(anonymous)'} ${shortUrl ? `${shortUrl}:${lineNumber + 1}` : '(native)'}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const percent = (us: number) => Math.round((us / busy) * 1000) / 10;
  return {
    busyMs: Math.round(busy / 1000),
    categories: [...categories]
      .sort((a, b) => b[1] - a[1])
      .map(([category, us]) => ({ category, percent: percent(us) })),
    top: [...functions]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topCount)
      .map(([fn, us]) => ({ fn, percent: percent(us) })),
  };
}
