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
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 24, 64) });
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
          minLength: schema.minItems ?? 0,
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

/**
 * A value that is sometimes right and sometimes wrong: the schema's own values, the same with one
 * property swapped for any JSON value (a number where a string belongs, say), or any JSON at all.
 */
export function fuzzValueOf(schema: OpenApiSchema | undefined): fc.Arbitrary<unknown> {
  const valid = valueOf(schema);
  const mutated = fc
    .tuple(valid, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), fc.nat())
    .map(([value, extraKey, junk, pick]) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return junk;
      const keys = Object.keys(value);
      const key = keys.length > 0 && pick % 3 !== 0 ? keys[pick % keys.length]! : extraKey;
      return { ...value, [key]: junk };
    });
  return fc.oneof(
    { weight: 5, arbitrary: valid },
    { weight: 3, arbitrary: mutated },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}
