import { describe, expect, it } from 'vitest';
import { FlagError, parseFlags } from './flags.ts';

const specs = [{ name: 'spawner-config' }, { name: 'listen-addr' }, { name: 'help', boolean: true }];

describe('parseFlags (Go flag dialect)', () => {
  it('accepts -name and --name, with =value or the next argument', () => {
    expect(parseFlags(['-spawner-config', 'a.yaml'], specs).get('spawner-config')).toBe('a.yaml');
    expect(parseFlags(['--spawner-config=b.yaml'], specs).get('spawner-config')).toBe('b.yaml');
    expect(parseFlags(['-listen-addr=127.0.0.1:1', '--help'], specs)).toEqual(
      new Map([
        ['listen-addr', '127.0.0.1:1'],
        ['help', 'true'],
      ]),
    );
  });

  it('keeps an = inside the value', () => {
    expect(parseFlags(['-spawner-config=/x/a=b.yaml'], specs).get('spawner-config')).toBe('/x/a=b.yaml');
  });

  it('names an unknown flag, a missing value and a stray argument', () => {
    expect(() => parseFlags(['-nope'], specs)).toThrow(new FlagError("unknown flag '-nope' (see --help)"));
    expect(() => parseFlags(['--nope=1'], specs)).toThrow("unknown flag '--nope'");
    expect(() => parseFlags(['-spawner-config'], specs)).toThrow('flag -spawner-config needs a value');
    expect(() => parseFlags(['stray'], specs)).toThrow("unexpected argument 'stray'");
  });
});
