/**
 * Command-line flags in Go's `flag` package dialect: `-name` and `--name`, with `=value` or the value
 * as the next argument; boolean flags need no value. Existing StatCan manifests pass `-spawner-config`.
 */
export interface FlagSpec {
  name: string;
  boolean?: boolean;
}

export class FlagError extends Error {}

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): Map<string, string> {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    const match = /^--?([^=-][^=]*)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new FlagError(`unexpected argument '${arg}' (flags start with - or --; see --help)`);
    const name = match[1]!;
    const spec = byName.get(name);
    if (!spec) throw new FlagError(`unknown flag '${arg.split('=')[0]}' (see --help)`);
    let value = match[2];
    if (value === undefined) {
      if (spec.boolean) {
        value = 'true';
      } else {
        const next = argv[i + 1];
        if (next === undefined) throw new FlagError(`flag -${name} needs a value`);
        value = next;
        i++;
      }
    }
    values.set(name, value);
  }
  return values;
}
