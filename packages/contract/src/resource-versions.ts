/**
 * Read-your-writes across replicas (docs/decisions/0016-consistent-reads-across-replicas.md). A write
 * answer names the resourceVersion of every object it wrote, per Kubernetes resource; a client
 * keeps the highest of each per namespace and sends them back on its next requests to that
 * namespace, and a replica whose watch caches are behind them waits (bounded) or asks the API
 * server. The value is a comma-separated list of `resource=version` pairs, e.g.
 * `persistentvolumeclaims=1204,notebooks=1207`.
 */
export const RESOURCE_VERSION_HEADER = 'x-resource-version';
export const MIN_RESOURCE_VERSION_HEADER = 'x-min-resource-version';

/** Versions by Kubernetes resource (plural name, e.g. `notebooks`). */
export type ResourceVersions = Readonly<Record<string, string>>;

/** At most this many pairs: the app writes three kinds; more is not a client of ours. */
const MAX_PAIRS = 16;
const RESOURCE = /^[a-z][a-z0-9.-]{0,62}$/;
/** etcd revisions: decimal integers without leading zeros. */
const VERSION = /^(0|[1-9]\d{0,19})$/;

export type ParsedResourceVersions = { ok: true; versions: ResourceVersions } | { ok: false; problems: string[] };

/** Reads a header value; every malformed pair is named. An absent or empty value is no versions. */
export function parseResourceVersions(value: string | undefined): ParsedResourceVersions {
  const versions: Record<string, string> = {};
  const problems: string[] = [];
  const pairs = (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (pairs.length > MAX_PAIRS) problems.push(`at most ${MAX_PAIRS} resource=version pairs, got ${pairs.length}`);
  for (const pair of pairs.slice(0, MAX_PAIRS)) {
    const eq = pair.indexOf('=');
    const resource = eq > 0 ? pair.slice(0, eq).trim() : '';
    const version = eq > 0 ? pair.slice(eq + 1).trim() : '';
    if (!RESOURCE.test(resource) || !VERSION.test(version)) {
      problems.push(`'${pair.slice(0, 80)}' is not resource=version (a resource name and a decimal resourceVersion)`);
    } else if (!(resource in versions) || isNewerVersion(version, versions[resource]!)) {
      versions[resource] = version;
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, versions };
}

/** The header value for `versions` (empty string for none), resources in name order. */
export function formatResourceVersions(versions: ResourceVersions): string {
  return Object.keys(versions)
    .sort()
    .map((resource) => `${resource}=${versions[resource]}`)
    .join(',');
}

/** True when decimal version `a` is newer than `b` (both as `VERSION` allows). */
export function isNewerVersion(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

/** The highest version of each resource in either. */
export function mergeResourceVersions(a: ResourceVersions, b: ResourceVersions): ResourceVersions {
  const merged: Record<string, string> = { ...a };
  for (const [resource, version] of Object.entries(b)) {
    const known = merged[resource];
    if (known === undefined || isNewerVersion(version, known)) merged[resource] = version;
  }
  return merged;
}
