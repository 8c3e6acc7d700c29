import fc from 'fast-check';

/** The parts of an OpenAPI 3.0 schema object the fuzzer reads. */
export interface OpenApiSchema {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
}

const MAX_DEPTH = 4;

function stringOf(schema: OpenApiSchema): fc.Arbitrary<string> {
  if (schema.pattern) {
    const maxLength = schema.maxLength ?? 64;
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length <= maxLength && s.length >= (schema.minLength ?? 0));
  }
  const maxLength = Math.min(schema.maxLength ?? 24, 64);
  const minLength = schema.minLength ?? 0;
  // Names, numbers and quantities reach further into a handler than random text does.
  return fc
    .oneof(
      fc.string({ minLength, maxLength }),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/),
      fc.integer({ min: 0, max: 4096 }).map(String),
      fc.constantFrom('1Gi', '0.5', '500m', 'ReadWriteOnce', '/home/jovyan', 'true', ''),
    )
    .filter((v) => v.length >= minLength && v.length <= Math.max(maxLength, minLength));
}

/**
 * Values that match a schema of the published document (what a well-behaved client sends). Depth
 * is bounded so that recursive or wide schemas stay small.
 */
export function valueOf(schema: OpenApiSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > MAX_DEPTH) return fc.constant(null);
  const base = ((): fc.Arbitrary<unknown> => {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives?.length) return fc.oneof(...alternatives.map((s) => valueOf(s, depth + 1)));
    if (schema.allOf?.length) return valueOf(schema.allOf[0], depth + 1);
    switch (schema.type) {
      case 'string':
        return stringOf(schema);
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(valueOf(schema.items, depth + 1), {
          minLength: Math.max(schema.minItems ?? 0, depth === 1 ? 1 : 0),
          maxLength: Math.min(schema.maxItems ?? 3, 3),
        });
      case 'object': {
        const properties = Object.fromEntries(
          Object.entries(schema.properties ?? {}).map(([k, s]) => [k, valueOf(s, depth + 1)]),
        );
        return fc.record(properties, { requiredKeys: schema.required ?? [] });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return schema.nullable ? fc.option(base, { nil: null, freq: 8 }) : base;
}

/** Replaces the value at one place in `value` (chosen by `picks`, one per level) with `junk`. */
function replaceSomewhere(value: unknown, junk: unknown, picks: number[], extraKey: string): unknown {
  const [pick = 0, ...rest] = picks;
  if (Array.isArray(value)) {
    if (value.length === 0) return [junk];
    const i = pick % value.length;
    return value.map((v, j) => (j === i ? replaceSomewhere(v, junk, rest, extraKey) : v));
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0 || pick % 6 === 5) return { ...value, [extraKey]: junk };
    const key = keys[pick % keys.length]!;
    const child = (value as Record<string, unknown>)[key];
    const deeper = child !== null && typeof child === 'object' && (rest[0] ?? 0) % 4 !== 0;
    return { ...value, [key]: deeper ? replaceSomewhere(child, junk, rest, extraKey) : junk };
  }
  return junk;
}

/**
 * A value that is sometimes right and sometimes wrong: the schema's own values, the same with one
 * value anywhere in it swapped for any JSON value (a boolean where a string belongs, say), or any
 * JSON at all.
 */
export function fuzzValueOf(schema: OpenApiSchema | undefined): fc.Arbitrary<unknown> {
  const valid = valueOf(schema);
  // Mostly a value of another type than the one it replaces.
  const junk = fc.oneof(fc.boolean(), fc.integer(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
  const mutated = fc
    .tuple(valid, fc.string({ maxLength: 12 }), junk, fc.array(fc.nat(), { minLength: 6, maxLength: 6 }))
    .map(([value, extraKey, replacement, picks]) => replaceSomewhere(value, replacement, picks, extraKey));
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 4, arbitrary: mutated },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}
