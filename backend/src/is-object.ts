/** A JSON object (not an array, not null), as parsed request bodies and YAML configs hold them. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
