/**
 * Structural comparison of a recorded frontend fixture with one of our responses: every key path the
 * fixture has must exist in ours with the same JSON type. Our additions are fine.
 *
 * - Arrays are described by the union of their elements' shapes (a superset of the first element's),
 *   so a key that only a later fixture item shows is checked too.
 * - A fixture `null` carries no type: only the key's presence is required.
 * - An empty fixture array or object says nothing about its contents.
 */

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export interface Shape {
  types: Set<JsonType>;
  /** For objects: the shape of each key. */
  keys: Map<string, Shape>;
  /** For arrays: the merged shape of the elements, undefined when the array is empty. */
  items?: Shape;
}

export interface ShapeProblem {
  path: string;
  expected: string;
  actual: string;
}

/** A documented divergence: the path (and everything beneath it) is not compared. */
export interface AllowedDivergence {
  path: string;
  /** Why, citing the spec section that decides it. */
  reason: string;
}

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'boolean' || t === 'number' || t === 'string' || t === 'object') return t;
  throw new Error(`not a JSON value: ${t}`);
}

function emptyShape(): Shape {
  return { types: new Set(), keys: new Map() };
}

function mergeInto(shape: Shape, value: unknown): Shape {
  const type = jsonType(value);
  shape.types.add(type);
  if (type === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const existing = shape.keys.get(key) ?? emptyShape();
      shape.keys.set(key, mergeInto(existing, child));
    }
  } else if (type === 'array') {
    for (const item of value as unknown[]) shape.items = mergeInto(shape.items ?? emptyShape(), item);
  }
  return shape;
}

export function shapeOf(value: unknown): Shape {
  return mergeInto(emptyShape(), value);
}

function describe(types: Set<JsonType>): string {
  return [...types].sort().join('|') || 'nothing';
}

function isAllowed(path: string, allowed: readonly AllowedDivergence[]): boolean {
  return allowed.some((a) => path === a.path || path.startsWith(`${a.path}.`) || path.startsWith(`${a.path}[]`));
}

interface Rules {
  allowed: readonly AllowedDivergence[];
  dataMaps: ReadonlySet<string>;
}

function compare(fixture: Shape, ours: Shape | undefined, path: string, rules: Rules, problems: ShapeProblem[]): void {
  if (isAllowed(path, rules.allowed)) return;
  const expectedTypes = new Set([...fixture.types].filter((t) => t !== 'null'));
  if (!ours) {
    problems.push({ path, expected: describe(fixture.types), actual: 'missing' });
    return;
  }
  if (expectedTypes.size === 0) return;
  if (![...expectedTypes].some((t) => ours.types.has(t))) {
    problems.push({ path, expected: describe(expectedTypes), actual: describe(ours.types) });
    return;
  }
  const isDataMap = rules.dataMaps.has(path);
  for (const [key, child] of fixture.keys) {
    const ourChild = ours.keys.get(key);
    if (isDataMap && !ourChild) continue;
    compare(child, ourChild, path ? `${path}.${key}` : key, rules, problems);
  }
  if (fixture.items) compare(fixture.items, ours.items, `${path}[]`, rules, problems);
}

/**
 * Every fixture key path that our value lacks or carries with another JSON type, e.g.
 * `{path: 'notebooks[].status.key', expected: 'string', actual: 'missing'}`. Paths use `.` between
 * keys and `[]` for array elements; `allowed` paths are skipped with everything beneath them.
 * `dataMaps` are paths whose keys are data, not schema (labels, annotations): the map itself must be
 * there, but only the keys both sides have are compared.
 */
export function missingPaths(
  fixture: unknown,
  ours: unknown,
  allowed: readonly AllowedDivergence[] = [],
  dataMaps: readonly string[] = [],
): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  compare(shapeOf(fixture), shapeOf(ours), '', { allowed, dataMaps: new Set(dataMaps) }, problems);
  return problems;
}
